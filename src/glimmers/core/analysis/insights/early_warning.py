"""Early warning: is numbness drifting above this person's usual range?

An EWMA chart on daily mean numbness (docs/INSIGHTS.md, early warning). The EWMA,
z = LAMBDA * x + (1 - LAMBDA) * z_prev, weighs the last ten or so days
(0.8^10 leaves about 11% of the weight older than that), so one bad day
does not trip it but a sustained rise does. Only the upper side is watched:
lower numbness needs no warning.

The usual range comes from a baseline: the first ``BASELINE_DAYS`` calendar
days with at least ``BASELINE_MIN_DATA_DAYS`` days of data (the window grows
until it has them). Its mean, SD and lag-1 autocorrelation phi give the
chart. Days carry over into each other, so the EWMA's spread is inflated by
sqrt((1 + phi(1 - LAMBDA)) / (1 - phi(1 - LAMBDA))); without that, a person
whose days run in streaks would get far more alarms than the target. phi is
bias-corrected (a 90-day estimate runs low by about (1 + 3 phi) / n) and
kept within 0..PHI_MAX.

The multiplier L is not a textbook constant: it is calibrated by simulating
the fitted AR(1), *including* estimating the baseline from 90 simulated
days, so the uncertainty of a short baseline is priced in. L is the value
that gives a ``FALSE_ALARM_TARGET_PER_YEAR`` chance of at least one alarm
in the first year of stable numbness. The calibrations are simulated once
and kept in ``LIMITS``. The target is 6% (L near 4): a 12% target (L near
3.6) measured 15% of people with a false alarm in year one on journals
rougher than the model (whole-number ratings, a weekday pattern), above the
10% promised; the cost is a slower alarm for small rises. The measured
figures are in docs/INSIGHTS.md, written by bench/early_warning_simulation.py.

An alarm episode starts when the EWMA crosses the limit, and it stays on
while the level stays raised: it ends only when numbness is back near the
usual level. (Ending it on the first dips under the
alarm line, as an earlier release did, told most people five weeks into a
sustained rise that they were "within the usual range", and then learnt a
new baseline from the rise itself.) Back means: the mean of the last
``EPISODE_END_DAYS`` days is within ``RELEASE_SD`` baseline SDs of the
baseline mean (and the EWMA under the alarm line). A fresh baseline is gathered only from
the days after an episode ends, and replaces the old one when complete,
unless its mean is above the old release level (then it is dropped and the
next stretch is tried); until then the old one keeps watching, and a new
alarm abandons the half-built baseline. Missing days leave the EWMA as it
was. The words never say "relapse": a chart of one number cannot predict
one, it can only notice a sustained change worth looking at.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping

from glimmers.core.analysis.insights.outcome import NUMBNESS, Outcome
from glimmers.core.toolkit.experiments import day_words
from glimmers.core.i18n import _, ngettext

LAMBDA = 0.2
BASELINE_DAYS = 90
BASELINE_MIN_DATA_DAYS = 60
EPISODE_END_DAYS = 14
# An alarm stays on until the mean of the last EPISODE_END_DAYS days (with at least
# RELEASE_MIN_DAYS of them recorded) is back within RELEASE_SD of the baseline's SDs
# of its mean: a rise that goes on keeps the alarm on even where the EWMA dips under
# the alarm line for a while, and a return to the usual level ends it within weeks.
RELEASE_SD = 0.5
RELEASE_MIN_DAYS = 5
RECENT_DAYS = 14  # with no check-in this recent, there is nothing current to compare
FALSE_ALARM_TARGET_PER_YEAR = 0.06
PHI_MAX = 0.9
# Ratings are whole numbers; a baseline that hardly moved would otherwise flag a single point's rise.
MIN_BASELINE_SD = 0.5
CALIBRATION_RUNS = 4000
CALIBRATION_SEED = 5_2026
_PHI_STEP = 0.05
_YEAR = 365


def ewma_sigma(sd: float, phi: float) -> float:
    """Steady-state SD of the EWMA of an AR(1) series with marginal SD ``sd``."""
    carry = phi * (1 - LAMBDA)
    return sd * math.sqrt(LAMBDA / (2 - LAMBDA)) * math.sqrt((1 + carry) / (1 - carry))


def _baseline_rows(block):
    """Mean, SD and bias-corrected phi of each row of a (runs, days) array with NaN for missing days.

    The same arithmetic serves one person (one row) and the calibration
    (thousands of rows), so the simulation prices in exactly what the chart
    does with a real baseline.
    """
    import numpy as np

    present = np.isfinite(block)
    n = present.sum(axis=1)
    mean = np.nanmean(block, axis=1)
    centred = np.where(present, block - mean[:, None], 0.0)
    sd = np.sqrt((centred**2).sum(axis=1) / np.maximum(n - 1, 1))
    pairs = present[:, 1:] & present[:, :-1]
    variance = (centred**2).sum(axis=1) / np.maximum(n, 1)
    covariance = (centred[:, 1:] * centred[:, :-1] * pairs).sum(axis=1) / np.maximum(pairs.sum(axis=1), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(variance > 0, covariance / variance, 0.0)
    phi = np.clip(phi + (1 + 3 * phi) / np.maximum(n, 1), 0.0, PHI_MAX)
    return mean, sd, phi


def _simulate_ar1(rng, phi: float, runs: int, days: int):
    """Stationary AR(1) with marginal SD 1, one row per run."""
    from glimmers.core.analysis.insights.stats import recursive_filter

    noise = rng.standard_normal((runs, days))
    noise[:, 1:] *= math.sqrt(1 - phi**2)
    return recursive_filter(noise, 1.0, phi) if phi else noise


def _calibrated(phi: float, baseline_n: int) -> float:
    """L for one grid value of phi and baseline size: the (1 - target) quantile of a year's largest EWMA score.

    What ``LIMITS`` holds; the app reads the table, the tests run this.
    """
    import numpy as np

    from glimmers.core.analysis.insights.stats import recursive_filter

    rng = np.random.default_rng([CALIBRATION_SEED, round(phi * 100), baseline_n])
    series = _simulate_ar1(rng, phi, CALIBRATION_RUNS, baseline_n + _YEAR)
    mean, sd, phi_hat = _baseline_rows(series[:, :baseline_n])
    carry = phi_hat * (1 - LAMBDA)
    sigma = sd * math.sqrt(LAMBDA / (2 - LAMBDA)) * np.sqrt((1 + carry) / (1 - carry))
    z = recursive_filter(series[:, baseline_n:], LAMBDA, 1 - LAMBDA, start=mean)
    worst = ((z - mean[:, None]) / sigma[:, None]).max(axis=1)
    return float(np.quantile(worst, 1 - FALSE_ALARM_TARGET_PER_YEAR))


BASELINE_SIZES = tuple(range(BASELINE_MIN_DATA_DAYS, BASELINE_DAYS + 1, 10))  # days with data: 60, 70, 80, 90
# L for each phi on the 0.05 grid (0 to PHI_MAX) and each of BASELINE_SIZES,
# exactly as ``_calibrated`` simulates them. Simulating 4,000 years for each
# limit a chart needs took a fifth of a second or more of every first run, so
# the results are kept here; tests/core/insights/test_early_warning.py
# simulates every one again and fails, printing the new rows, when a change
# to the calibration (or to numpy's random numbers) moves one.
LIMITS: dict[float, tuple[float, ...]] = {
    0.0: (3.794954099661418, 3.6910164373317795, 3.676023749577789, 3.6653081066188604),
    0.05: (3.851394205685058, 3.818088499911835, 3.7910462356201386, 3.7484505010951454),
    0.1: (3.9217192703435577, 3.9102348857859397, 3.8441132147483486, 3.798682508096364),
    0.15: (4.040883299146322, 3.9358032778890264, 3.8813642668392263, 3.8555894583173784),
    0.2: (4.0802190752717635, 4.005277822690052, 3.937279315522626, 3.8492465233106947),
    0.25: (4.1246440831735605, 4.066639232761097, 3.937988574290677, 3.944145749713756),
    0.3: (4.0480691981557815, 4.018128769427181, 3.9690564325048103, 3.9489876291784904),
    0.35: (4.155809618608443, 4.106289357192108, 3.994509781730668, 3.953277699169749),
    0.4: (4.197436585097079, 4.063981722489591, 3.9708663185836626, 3.9545307017608997),
    0.45: (4.22012115751294, 4.145099367413347, 4.0521874410808865, 3.9766431553245827),
    0.5: (4.291893345003507, 4.148570726567291, 4.080347653201105, 4.050939111860682),
    0.55: (4.328128168985217, 4.196451637436, 4.089476121365857, 4.025773201393974),
    0.6: (4.342396397023512, 4.263037013567399, 4.076375013610488, 4.05554081341184),
    0.65: (4.528011283048135, 4.339666716638232, 4.223001830358737, 4.081527692365098),
    0.7: (4.561218398845336, 4.373114855656021, 4.28347808242712, 4.092310413166573),
    0.75: (4.6587604050757285, 4.5477575334758376, 4.337827200040925, 4.145085116661562),
    0.8: (4.850176557367325, 4.646746862047753, 4.479421693469031, 4.3007445065492265),
    0.85: (5.201173241451732, 5.001127007197476, 4.765963278933008, 4.56603253187652),
    0.9: (5.777346022584027, 5.5143542132096055, 5.130007918869772, 4.852729637963795),
}


def control_limit(phi: float, baseline_n: int = BASELINE_DAYS) -> float:
    """The multiplier L for this phi, interpolated between the calibrations in ``LIMITS``.

    The baseline size is rounded down to a multiple of 10 days (a smaller
    baseline means a slightly larger, safer L) so the table stays small.
    """
    phi = min(max(phi, 0.0), PHI_MAX)
    column = BASELINE_SIZES.index(max(BASELINE_MIN_DATA_DAYS, min(BASELINE_DAYS, baseline_n)) // 10 * 10)
    low = math.floor(phi / _PHI_STEP + 1e-9)
    below = round(low * _PHI_STEP, 2)
    above = round(min(PHI_MAX, below + _PHI_STEP), 2)
    if above == below:
        return LIMITS[below][column]
    weight = (phi - below) / (above - below)
    return (1 - weight) * LIMITS[below][column] + weight * LIMITS[above][column]


@dataclass(frozen=True)
class _Chart:
    """The chart run over a calendar array: what the public result and the simulations both read."""

    status: str
    episodes: tuple[tuple[int, int | None], ...]
    monitored_from: int | None
    params: tuple[float, float, float, float, float, float] | None  # mean, sd, phi, L, alarm line, release level
    baseline: tuple[int, int] | None
    ewma: float | None
    needed_days: int
    last_data: int | None


def _run_chart(values) -> _Chart:
    """Walk the days once. ``values`` holds one float per calendar day, NaN when nothing was recorded."""
    import numpy as np

    z = None
    params = baseline = monitored_from = None
    anchor, count = 0, 0  # the baseline being gathered: its first day and its days with data
    episode_start = None
    episodes: list[list[int | None]] = []
    last_data = None
    array = np.asarray(values, dtype=float)
    for i, x in enumerate(array.tolist()):
        present = not math.isnan(x)
        if present:
            last_data = i
        if anchor is not None:
            count += present
            if i - anchor + 1 >= BASELINE_DAYS and count >= BASELINE_MIN_DATA_DAYS:
                mean, sd, phi = (float(v[0]) for v in _baseline_rows(array[None, anchor:i + 1]))
                if params is not None and mean > params[5]:
                    # the stretch after an episode sat above the old usual range: it is not learnt as
                    # usual; the old baseline keeps watching (today too) and a later stretch is tried
                    anchor, count = i + 1, 0
                else:
                    sd, multiplier = max(sd, MIN_BASELINE_SD), control_limit(phi, count)
                    params = (mean, sd, phi, multiplier, mean + multiplier * ewma_sigma(sd, phi),
                              mean + RELEASE_SD * sd)
                    baseline, z, anchor = (anchor, i), mean, None
                    monitored_from = i + 1 if monitored_from is None else monitored_from
                    continue
        if params is None or not present:
            continue
        z = LAMBDA * x + (1 - LAMBDA) * z
        if episode_start is None:
            if z > params[4]:
                episode_start = i
                episodes.append([i, None])
                anchor = None  # a new alarm means the stretch being gathered was not stable after all
        elif i - episode_start + 1 >= EPISODE_END_DAYS and z <= params[4]:
            window = array[i - EPISODE_END_DAYS + 1:i + 1]
            recent = window[~np.isnan(window)]
            if len(recent) >= RELEASE_MIN_DAYS and float(recent.mean()) <= params[5]:
                episodes[-1][1] = i
                episode_start = None
                anchor, count = i + 1, 0
    n = len(array)
    if params is None:
        needed = max(BASELINE_MIN_DATA_DAYS - count, BASELINE_DAYS - (n - anchor)) if anchor is not None else 0
        status = "not_enough_data"
    else:
        needed = 0
        if last_data is None or n - 1 - last_data >= RECENT_DAYS:
            status = "not_enough_data"
        else:
            status = "above_usual_range" if episode_start is not None else "within_usual_range"
    return _Chart(status, tuple((s, e) for s, e in episodes), monitored_from, params, baseline, z,
                  max(0, needed), last_data)


@dataclass(frozen=True)
class EarlyWarning:
    """Where the latest days sit against the person's usual range. Limits are in points of the watched
    measure, turned so that higher is worse (``outcome.Outcome.oriented``)."""

    status: str  # "not_enough_data" | "within_usual_range" | "above_usual_range"
    since: date | None = None  # start of the current above-range episode
    baseline_mean: float | None = None
    limit: float | None = None  # the EWMA alarm level
    multiplier: float | None = None  # L
    ewma: float | None = None
    phi: float | None = None
    baseline_start: date | None = None
    baseline_end: date | None = None
    episodes: tuple[tuple[date, date | None], ...] = ()
    needed_days: int = 0  # days of check-ins still needed for a first baseline
    stale: bool = False  # a baseline exists but nothing recent to compare

    def words(self, outcome: Outcome = NUMBNESS) -> str:
        """Plain words about ``outcome`` (the chart watches it turned so that higher is worse:
        "above the usual range" for numbness is "below" it for mood)."""
        values = outcome.words()
        if self.status == "above_usual_range":
            text = _("Your %(measure)s over the last ~10 days is %(worse_side)s your usual range. "
                     "It may be worth going back to your plan or reaching out.") % values
            if self.since is not None:
                text += " " + _("It has been %(worse_side)s your usual range since %(day)s.") % {
                    **values, "day": day_words(self.since)}
            return text
        if self.status == "within_usual_range":
            return _("Your %(measure)s over the last ~10 days is within your usual range. That says nothing about "
                     "how you are right now; if things feel hard, the plan and the people around you are there.") % values
        if self.stale:
            return _("There are no check-ins from the last two weeks, so there is nothing recent to compare "
                     "with your usual range.")
        return ngettext(
            "About %(n)d more day of check-ins is needed to learn your usual range.",
            "About %(n)d more days of check-ins are needed to learn your usual range.",
            self.needed_days) % {"n": self.needed_days}


def early_warning(daily: Mapping[date, float], *, today: date | None = None) -> EarlyWarning:
    """Run the chart over every day up to ``today`` (default: the last day with data)."""
    import numpy as np

    days = sorted(d for d, v in daily.items() if v is not None and math.isfinite(v) and (today is None or d <= today))
    if not days:
        return EarlyWarning("not_enough_data", needed_days=BASELINE_MIN_DATA_DAYS)
    first, last = days[0], today or days[-1]
    values = np.full((last - first).days + 1, np.nan)
    for d in days:
        values[(d - first).days] = float(daily[d])
    chart = _run_chart(values)
    when = lambda i: None if i is None else first + timedelta(days=i)  # noqa: E731
    open_episode = chart.episodes and chart.episodes[-1][1] is None
    since = when(chart.episodes[-1][0]) if chart.status == "above_usual_range" and open_episode else None
    extra = {}
    if chart.params is not None:
        mean, _sd, phi, multiplier, limit, _release = chart.params
        extra = dict(baseline_mean=mean, limit=limit, multiplier=multiplier, ewma=chart.ewma, phi=phi,
                     baseline_start=when(chart.baseline[0]), baseline_end=when(chart.baseline[1]))
    return EarlyWarning(chart.status, since, episodes=tuple((when(s), when(e)) for s, e in chart.episodes),
                        needed_days=chart.needed_days, stale=chart.params is not None and
                        chart.status == "not_enough_data", **extra)


@dataclass(frozen=True)
class FalseAlarms:
    """Alarms on stable numbness.

    L is calibrated so that ``first_year_share`` (people with at least one
    false alarm in their first monitored year) is the target; a few of them
    get two, so the first-year count runs a little higher. Later years run
    lower: a person whose baseline happened to be set too low alarms early,
    re-baselines and is then better set.
    """

    phi: float
    runs: int
    years: float  # monitored person-years in total
    alarms: int
    first_year_alarms: int  # alarms in each person's first monitored year, summed
    first_year_people: int  # people with at least one of them

    @property
    def per_year(self) -> float:
        return self.alarms / self.years

    @property
    def first_year_rate(self) -> float:
        return self.first_year_alarms / self.runs

    @property
    def first_year_share(self) -> float:
        return self.first_year_people / self.runs


def _series(rng, phi: float, runs: int, days: int, missing: float, *, ratings: bool = False):
    """Daily mean numbness of ``runs`` stable people, with a share of days missing.

    By default a smooth AR(1) around 5 with SD 1.5, the model the limits are
    calibrated on. ``ratings=True`` is rougher, closer to a real journal: a
    weekday pattern of each person's own (SD 0.4 points), one to three
    check-ins a day, each a whole number from 0 to 10 around the day's level
    (SD 1 point within a day), and the day's value their mean.
    """
    import numpy as np

    level = 5.0 + 1.2 * _simulate_ar1(rng, phi, runs, days)
    if ratings:
        level = level + rng.normal(0.0, 0.4, (runs, 7))[:, np.arange(days) % 7]
        count = rng.integers(1, 4, (runs, days))
        each = np.rint(np.clip(level[..., None] + rng.standard_normal((runs, days, 3)), 0, 10))
        taken = np.arange(3)[None, None, :] < count[..., None]
        series = (each * taken).sum(axis=2) / count
    else:
        series = 5.0 + 1.5 * (level - 5.0) / 1.2
    if missing:
        series[rng.random(series.shape) < missing] = np.nan
    return series


def simulate_false_alarms(phi: float, years: float, runs: int, seed: int, *, missing: float = 0.0,
                          ratings: bool = False) -> FalseAlarms:
    """Alarms per monitored year on stable AR(1) numbness, running the real chart (re-baselining included).

    ``years`` should be at least 1 for the first-year figure to mean what it says."""
    import numpy as np

    rng = np.random.default_rng(seed)
    series = _series(rng, phi, runs, BASELINE_DAYS + round(years * _YEAR), missing, ratings=ratings)
    alarms = first_year = people = monitored = 0
    for row in series:
        chart = _run_chart(row)
        if chart.monitored_from is not None:
            monitored += len(row) - chart.monitored_from
            alarms += len(chart.episodes)
            early = sum(start - chart.monitored_from < _YEAR for start, _end in chart.episodes)
            first_year, people = first_year + early, people + (early > 0)
    return FalseAlarms(phi, runs, monitored / _YEAR, alarms, first_year, people)


def _above(chart: _Chart, day: int) -> bool:
    """Whether the chart read "above the usual range" on ``day`` (it is causal: day i saw days up to i)."""
    return any(start <= day and (end is None or day < end) for start, end in chart.episodes)


# Weeks three to five of a rise (days 15 to 35 after it began): by then a rise
# of 1.5 SD has usually been noticed, and the alarm should still be on.
HELD_FROM, HELD_UNTIL = 15, 35


@dataclass(frozen=True)
class DetectionDelay:
    shift_sd: float
    phi: float
    runs: int  # runs without a false alarm before the shift
    delays: tuple[int, ...]  # days of raised numbness until the alarm, detected runs only
    horizon: int
    held_days: int = 0  # days HELD_FROM..HELD_UNTIL of the rise that read "above", over all runs
    above_at_end: int = 0  # runs reading "above" on day HELD_UNTIL of the rise
    noticed_by_end: int = 0  # runs whose alarm came by day HELD_UNTIL of the rise

    @property
    def held_share(self) -> float:
        """The share of days in weeks three to five of the rise that read "above the usual range"."""
        return self.held_days / (self.runs * (HELD_UNTIL - HELD_FROM + 1)) if self.runs else 0.0

    @property
    def above_at_end_share(self) -> float:
        return self.above_at_end / self.runs if self.runs else 0.0

    @property
    def kept_on_share(self) -> float:
        """Of the alarms that came by day HELD_UNTIL of the rise, the share still on that day."""
        return self.above_at_end / self.noticed_by_end if self.noticed_by_end else 0.0

    @property
    def detected_share(self) -> float:
        return len(self.delays) / self.runs if self.runs else 0.0

    @property
    def median_days(self) -> float | None:
        """Median over all runs, undetected ones counting as later than the horizon; None if most were missed."""
        if not self.runs or len(self.delays) * 2 <= self.runs:
            return None
        ordered = sorted(self.delays) + [math.inf] * (self.runs - len(self.delays))
        middle = self.runs // 2
        return float(ordered[middle]) if self.runs % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def detection_delay(shift_sd: float, phi: float, runs: int, seed: int, *, warmup: int = 28, horizon: int = 120,
                    missing: float = 0.0, ratings: bool = False) -> DetectionDelay:
    """Days until the chart notices a sustained upward shift of ``shift_sd`` usual-day SDs.

    The shift starts after ``warmup`` quiet monitored days, so the EWMA is
    in its steady state; runs that false-alarmed before the shift are left
    out. A delay of 1 means the alarm came on the first raised day.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    onset = BASELINE_DAYS + warmup
    series = _series(rng, phi, runs, onset + horizon, missing, ratings=ratings)
    series[:, onset:] += shift_sd * float(np.nanstd(series[:, :onset], axis=1).mean())
    delays, used, held, above_at_end, noticed_by_end = [], 0, 0, 0, 0
    for row in series:
        chart = _run_chart(row)
        if any(start < onset for start, _end in chart.episodes):
            continue
        used += 1
        if chart.episodes:
            delays.append(chart.episodes[0][0] - onset + 1)
        # day k of the rise is index onset + k - 1
        held += sum(_above(chart, onset + k - 1) for k in range(HELD_FROM, HELD_UNTIL + 1))
        above_at_end += _above(chart, onset + HELD_UNTIL - 1)
        noticed_by_end += bool(chart.episodes) and chart.episodes[0][0] <= onset + HELD_UNTIL - 1
    return DetectionDelay(shift_sd, phi, used, tuple(delays), horizon, held, above_at_end, noticed_by_end)
