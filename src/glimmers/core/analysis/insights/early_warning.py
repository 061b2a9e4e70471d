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
and kept in ``LIMITS``. In our simulations (docs/INSIGHTS.md,
early warning) L near 3.6 gave 11-13% of people a false alarm in their first
year; we target 12% (it comes out at L = 3.6): about 0.14 alarms in a first
year, 0.07 a year over ten years (re-baselining helps),
while a sustained rise of 1.5 SD is usually caught within two to four weeks
(bench/early_warning_simulation.py).

An alarm episode starts when the EWMA crosses the limit and ends after
``EPISODE_END_DAYS`` calendar days under it. A fresh baseline is then
gathered from the following days (the last stable stretch) and replaces the
old one when complete; until then the old one keeps watching, and a new
alarm abandons the half-built baseline. Missing days leave the EWMA as it
was. The words never say "relapse": a chart of one number cannot predict
one, it can only notice a sustained change worth looking at.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping

from glimmers.core.toolkit.experiments import day_words
from glimmers.core.i18n import _, ngettext

LAMBDA = 0.2
BASELINE_DAYS = 90
BASELINE_MIN_DATA_DAYS = 60
EPISODE_END_DAYS = 14
RECENT_DAYS = 14  # with no check-in this recent, there is nothing current to compare
FALSE_ALARM_TARGET_PER_YEAR = 0.12
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
    0.0: (3.445395453644152, 3.4353642051639244, 3.405293226968442, 3.3780344843689756),
    0.05: (3.541526069973337, 3.4810116532621467, 3.5011976948142496, 3.4531266169189814),
    0.1: (3.6014570965560386, 3.6016451783420673, 3.542025627901667, 3.5212753180337555),
    0.15: (3.681093458008786, 3.573610250329068, 3.5788186497919536, 3.53721709081236),
    0.2: (3.6980689594915637, 3.641321174847904, 3.6148653210633026, 3.5542879382677266),
    0.25: (3.7458834906827376, 3.689402710517067, 3.5895648083327605, 3.584361979661136),
    0.3: (3.6901618651574797, 3.684939737255973, 3.629614840208464, 3.604368452193107),
    0.35: (3.7482862168020645, 3.71336790433182, 3.6469900813163387, 3.574848853804828),
    0.4: (3.737465540752947, 3.67860706744167, 3.6489335143623722, 3.609751470341575),
    0.45: (3.738224479725939, 3.734928206271155, 3.669052916891994, 3.591220257236045),
    0.5: (3.8090818770811947, 3.7070900947786427, 3.654511868037032, 3.65375886678658),
    0.55: (3.863048996187005, 3.745815314001102, 3.665847275120388, 3.628077610991837),
    0.6: (3.8503680516380703, 3.783189049769343, 3.6471283275539537, 3.614355462176303),
    0.65: (3.956151221933096, 3.802828261142013, 3.7514944241102386, 3.657534655112452),
    0.7: (3.9986998706473775, 3.8879135817032155, 3.8064538428728016, 3.6702084051408272),
    0.75: (4.042118028933023, 3.9529802550606803, 3.8276907016634145, 3.7141237029629997),
    0.8: (4.221224974482544, 4.018471156791915, 3.8977562966058326, 3.77993808199993),
    0.85: (4.420387771558689, 4.270735390579465, 4.045090965556473, 3.9376805343455463),
    0.9: (4.889155130504146, 4.66093163927833, 4.3868024194698805, 4.15325968027443),
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
    params: tuple[float, float, float, float, float] | None  # mean, sd, phi, L, limit
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
    episode_start = under_since = None
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
                sd, multiplier = max(sd, MIN_BASELINE_SD), control_limit(phi, count)
                params = (mean, sd, phi, multiplier, mean + multiplier * ewma_sigma(sd, phi))
                baseline, z, anchor = (anchor, i), mean, None
                monitored_from = i + 1 if monitored_from is None else monitored_from
                continue
        if params is None or not present:
            continue
        z = LAMBDA * x + (1 - LAMBDA) * z
        if z > params[4]:
            if episode_start is None:
                episode_start = i
                episodes.append([i, None])
                anchor = None  # a new alarm means the stretch being gathered was not stable after all
            under_since = None
        elif episode_start is not None:
            under_since = i if under_since is None else under_since
            if i - under_since + 1 >= EPISODE_END_DAYS:
                episodes[-1][1] = i
                episode_start = under_since = None
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
            status = "above_usual_range" if z > params[4] else "within_usual_range"
    return _Chart(status, tuple((s, e) for s, e in episodes), monitored_from, params, baseline, z,
                  max(0, needed), last_data)


@dataclass(frozen=True)
class EarlyWarning:
    """Where the latest days sit against the person's usual range. Limits are in numbness points."""

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

    def words(self) -> str:
        if self.status == "above_usual_range":
            text = _("Your numbness over the last ~10 days is above your usual range. "
                     "It may be worth going back to your plan or reaching out.")
            if self.since is not None:
                text += " " + _("It has been above your usual range since %(day)s.") % {"day": day_words(self.since)}
            return text
        if self.status == "within_usual_range":
            return _("Your numbness over the last ~10 days is within your usual range. That says nothing about "
                     "how you are right now; if things feel hard, the plan and the people around you are there.")
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
        mean, _sd, phi, multiplier, limit = chart.params
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


def _series(rng, phi: float, runs: int, days: int, missing: float):
    import numpy as np

    series = 5.0 + 1.5 * _simulate_ar1(rng, phi, runs, days)
    if missing:
        series[rng.random(series.shape) < missing] = np.nan
    return series


def simulate_false_alarms(phi: float, years: float, runs: int, seed: int, *, missing: float = 0.0) -> FalseAlarms:
    """Alarms per monitored year on stable AR(1) numbness, running the real chart (re-baselining included).

    ``years`` should be at least 1 for the first-year figure to mean what it says."""
    import numpy as np

    rng = np.random.default_rng(seed)
    series = _series(rng, phi, runs, BASELINE_DAYS + round(years * _YEAR), missing)
    alarms = first_year = people = monitored = 0
    for row in series:
        chart = _run_chart(row)
        if chart.monitored_from is not None:
            monitored += len(row) - chart.monitored_from
            alarms += len(chart.episodes)
            early = sum(start - chart.monitored_from < _YEAR for start, _end in chart.episodes)
            first_year, people = first_year + early, people + (early > 0)
    return FalseAlarms(phi, runs, monitored / _YEAR, alarms, first_year, people)


@dataclass(frozen=True)
class DetectionDelay:
    shift_sd: float
    phi: float
    runs: int  # runs without a false alarm before the shift
    delays: tuple[int, ...]  # days of raised numbness until the alarm, detected runs only
    horizon: int

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
                    missing: float = 0.0) -> DetectionDelay:
    """Days until the chart notices a sustained upward shift of ``shift_sd`` usual-day SDs.

    The shift starts after ``warmup`` quiet monitored days, so the EWMA is
    in its steady state; runs that false-alarmed before the shift are left
    out. A delay of 1 means the alarm came on the first raised day.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    onset = BASELINE_DAYS + warmup
    series = _series(rng, phi, runs, onset + horizon, missing)
    series[:, onset:] += shift_sd * 1.5
    delays, used = [], 0
    for row in series:
        chart = _run_chart(row)
        if any(start < onset for start, _end in chart.episodes):
            continue
        used += 1
        if chart.episodes:
            delays.append(chart.episodes[0][0] - onset + 1)
    return DetectionDelay(shift_sd, phi, used, tuple(delays), horizon)
