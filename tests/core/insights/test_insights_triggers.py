"""``analyse`` end to end: the within-day estimator, the demo's planted patterns, cheap imports."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from glimmers.core.analysis.insights import stats
from glimmers.core.analysis.insights.series import DayInput, Moment, within_day
from glimmers.core.analysis.insights.simulate import simulate_person
from glimmers.core.analysis.insights.table import tabulate, within_person_sd
from glimmers.core.analysis.insights.triggers import analyse
from glimmers.core.analysis.insights.within import within_day_findings

TODAY = date(2026, 11, 20)


@lru_cache(maxsize=None)
def person(seed: int = 11, n_days: int = 150):
    return simulate_person(seed, n_days, effect_sd=1.0)


def test_within_day_effect_is_the_fixed_effects_slope_with_day_clustered_errors():
    import statsmodels.api as sm

    p = person()
    table = tabulate(p.moments, p.days, today=p.today)
    findings = {f.key: f for f in within_day_findings(table, within_person_sd(table))}
    pairs = within_day(p.moments)
    days = np.array([moment.day.toordinal() for moment, _dev in pairs])
    deviation = np.array([dev for _moment, dev in pairs])
    for tag in ("doing:walk", "who:null01", "other:null03"):
        x = np.array([tag in moment.tags for moment, _dev in pairs], dtype=float)
        x_means = {d: x[days == d].mean() for d in set(days.tolist())}
        x_tilde = x - np.array([x_means[d] for d in days])
        fit = sm.OLS(deviation, x_tilde).fit(cov_type="cluster", cov_kwds={"groups": days})
        finding = findings[f"tag:{tag}"]
        assert finding.effect == pytest.approx(fit.params[0], abs=1e-9)
        assert finding.se == pytest.approx(fit.bse[0], rel=0.05)
        tagged = deviation[x == 1]
        assert finding.nap == pytest.approx(stats.nap(tagged, deviation[x == 0]))


def test_a_hand_made_tag_effect_is_recovered():
    rng = np.random.default_rng(3)
    moments = []
    for offset in range(80):
        day, level = TODAY - timedelta(days=80 - offset), rng.normal(5, 1)
        for hour in (8, 13, 19):
            meeting = hour == 13 and offset % 2 == 0
            value = level + 2.0 * meeting + rng.normal(0, 0.3)
            moments.append(Moment(day, hour, value, frozenset({"doing:meeting"} if meeting else set())))
    analysis = analyse(moments, [], today=TODAY)
    meeting = analysis.finding("tag:doing:meeting")
    assert meeting.status == "pattern" and meeting.low < 2.0 < meeting.high + 0.1
    assert meeting.n_with == 40 and meeting.n_without == 80 and meeting.days == 80
    assert meeting in analysis.when_worse()
    assert analysis.checkins == 240 and analysis.days == 80


def test_no_data_and_flat_data_give_no_findings():
    empty = analyse([], [], today=TODAY)
    assert empty.findings == () and empty.within_sd is None and empty.headline() == []
    flat = analyse([Moment(TODAY, 9, 5.0), Moment(TODAY, 20, 5.0)], [], today=TODAY)
    assert flat.findings == ()


def test_a_few_days_are_all_not_yet():
    p = simulate_person(4, 12)
    analysis = analyse(p.moments, p.days, today=p.today)
    assert analysis.findings and all(f.status == "not_enough_data" for f in analysis.findings)
    assert 0 < len(analysis.headline()) <= 6
    assert all(("Not enough entries yet" in line) for line in analysis.headline())


def test_entries_after_today_are_ignored():
    p = person()
    early = p.today - timedelta(days=30)
    analysis = analyse(p.moments, p.days, today=early)
    assert analysis.checkins == sum(m.day <= early for m in p.moments)


def test_simulated_person_findings_and_headline():
    p = person()
    analysis = analyse(p.moments, p.days, today=p.today)
    keys = {f.key for f in analysis.findings}
    assert len(keys) == len(analysis.findings)
    assert {"hour:evening", "weekday:sun", "factor:sleep_hours:short", "lag:sleep_hours", "lever:activity_done"} <= keys
    assert not any(f.key.startswith("tag:body:") for f in analysis.findings)
    walk = analysis.finding("tag:doing:walk")
    assert walk.shown and walk in analysis.helps()
    headline = analysis.headline()
    assert 1 <= len(headline) <= 6 and "walk" in " ".join(headline)
    assert len(analysis.headline(limit=2)) == 2


def demo_inputs(days: int, seed: int):
    from glimmers.core import demo

    bundle = demo.generate(days=days, end=TODAY, timezone="Europe/Berlin", seed=seed)
    moments = []
    for checkin in bundle.checkins:
        if checkin.numbness is not None:
            local = checkin.occurred_at.astimezone(ZoneInfo(checkin.timezone))
            moments.append(Moment(local.date(), local.hour, float(checkin.numbness),
                                  frozenset(str(tag) for tag in checkin.tags)))
    glimmer_days = {glimmer.local_date for glimmer in bundle.glimmers}
    names = ("sleep_hours", "alcohol_units", "cannabis_uses", "late_screen_minutes", "daylight_minutes",
             "movement_minutes")
    day_inputs = []
    for record in bundle.days:
        factors = {name: None if getattr(record, name) is None else float(getattr(record, name)) for name in names}
        factors["glimmer_logged"] = float(record.day in glimmer_days)
        day_inputs.append(DayInput(record.day, factors))
    return moments, day_inputs


def test_the_demo_journal_shows_its_planted_patterns():
    moments, days = demo_inputs(365, seed=3)
    analysis = analyse(moments, days, today=TODAY)
    worse = {f.key for f in analysis.when_worse()}
    helps = {f.key for f in analysis.helps()}
    assert {"factor:sleep_hours:short", "factor:alcohol_units:any", "tag:doing:meeting"} <= worse
    assert "tag:doing:walk" in helps
    sleep = analysis.finding("factor:sleep_hours:short")
    assert sleep.low < 1.2 < sleep.high  # the planted size is inside the plausible range
    assert not any(f.shown for f in analysis.findings if f.key.startswith("tag:body:"))


def test_importing_the_engine_does_not_import_numpy():
    code = (
        "import sys\n"
        "import glimmers.core.analysis.insights.triggers, glimmers.core.analysis.insights.words, glimmers.core.analysis.insights.findings\n"
        "import glimmers.core.analysis.insights.simulate, glimmers.core.analysis.insights.daily, glimmers.core.analysis.insights.within\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy', 'statsmodels', 'django')]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_a_first_analysis_imports_no_heavy_statistics():
    """Importing scipy.stats, scipy.signal and statsmodels took about a second of every first run."""
    code = (
        "import sys\n"
        "from glimmers.core.analysis.insights.early_warning import early_warning\n"
        "from glimmers.core.analysis.insights.persistence import persistence\n"
        "from glimmers.core.analysis.insights.series import daily_means\n"
        "from glimmers.core.analysis.insights.simulate import simulate_person\n"
        "from glimmers.core.analysis.insights.triggers import analyse\n"
        "person = simulate_person(3, 200)\n"
        "analysis = analyse(person.moments, person.days, today=person.today)\n"
        "daily = daily_means(person.moments)\n"
        "calm = persistence(daily, {d: i % 7 for i, d in enumerate(daily)}, moments=[(m.day, m.numbness) for m in person.moments])\n"
        "warning = early_warning(daily, today=person.today)\n"
        "assert analysis.findings and calm.effect is not None and warning.limit is not None\n"
        "print(','.join(m for m in sys.modules if m.startswith(('scipy.stats', 'scipy.signal', 'statsmodels'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
