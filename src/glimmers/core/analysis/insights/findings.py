"""Findings and the gates every one must pass before it is put into words.

An analysis produces raw findings: an effect, its interval, a p-value and
how much data stood behind it. ``gate`` then decides, over the whole family
of tests at once, what each one may be called:

- "pattern": passes every gate with the full minimum of data;
- "early_hint": passes every gate, but with only the early minimum of data;
- "no_clear_difference": enough data to look, but a gate failed;
- "not_enough_data": below the early minimum, or the model could not be fit.

The gates (docs/INSIGHTS.md): Benjamini-Hochberg q <= 0.10 over every
finding that was tested, shown or not; an effect of at least 1 point or 0.3
within-person SD; the same sign in the first and second halves of the data;
the minimum data; and the shown 95% range must not include zero, so the
words never contradict the label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Iterable, Literal

from glimmers.core.analysis.insights.stats import bh_qvalues

# "too_early" is never given by the gates: it is an early hint held back because the journal is young
Status = Literal["pattern", "early_hint", "no_clear_difference", "not_enough_data", "too_early"]
Family = Literal["context", "time", "factor", "helps"]
STATUS_ORDER: tuple[Status, ...] = ("pattern", "early_hint", "no_clear_difference", "not_enough_data", "too_early")
FAMILIES: tuple[Family, ...] = ("context", "time", "factor", "helps")

Q_LEVEL = 0.10
# An early hint (fewer days than a pattern) must clear a stricter bar: this share of Q_LEVEL.
EARLY_Q_SHARE = 0.25
FLOOR_POINTS = 1.0  # an effect this big in points always counts as worth a word ...
FLOOR_SD = 0.3  # ... and so does one this big in within-person SDs
EARLY_MIN_DAYS = 10  # binary: days with and days without, for an early hint
PATTERN_MIN_DAYS = 20  # binary: days with and days without, for a pattern ...
PATTERN_TOTAL_DAYS = 60  # ... out of at least this many days
CONTINUOUS_MIN_DAYS = 50  # continuous predictor: paired days
# For "how many more days": the interval must shrink until the effect would
# clear the gates. With the FDR correction over a family of about forty tests
# and a few real findings, clearing means roughly 2.45 standard errors; 2.9
# puts the forecast day, in bench/insights_simulation.py's check, near the
# day an effect of the size seen was actually first shown (3.3, aiming at
# four chances in five, forecast one and a half to two times too late).
DETECT_SES = 2.9
# "Any difference looks small" needs the whole 95% range of the raw estimate
# inside this many points either side of zero (and inside the floor).
EQUIVALENCE_POINTS = 0.4
MAX_MORE_DAYS = 3 * 365  # beyond this "about N more days" would be a guess, not an estimate


@dataclass(frozen=True)
class Finding:
    """One tested contrast and what the gates made of it.

    ``effect`` is in ``unit`` (points of numbness unless noted; positive means
    more numb). ``sd`` is one within-person SD in the same unit, so
    ``sd_units == effect / sd``. For binary contrasts ``n_with``/``n_without``
    are days with and without; for continuous ones ``n_with`` is the number
    of paired days and ``n_without`` is None. ``days`` is the number of days
    the test used and ``span`` the calendar days the journal covers, which
    together give the rates behind "about N more days". ``se`` is the
    standard error of the raw (unshrunk) estimate; ``low``/``high`` are the
    95% range that is shown.
    """

    key: str
    family: Family
    label: str
    effect: float
    low: float
    high: float
    sd_units: float
    n_with: int
    n_without: int | None
    days: int
    p: float | None
    q: float | None = None
    halves_agree: bool | None = None
    status: Status = "not_enough_data"
    more_days_needed: int | None = None
    kind: Literal["binary", "continuous"] = "binary"
    unit: Literal["points", "hours"] = "points"
    se: float | None = None
    sd: float = 1.0
    span: int = 0
    nap: float | None = None  # descriptive only: chance a "with" value beats a "without" one
    # Tags only: the estimate and 95% range after shrinking towards zero, which the gates use.
    # What is shown stays the raw estimate and its range: shrunk ranges held a real tag's size
    # in under half of the simulated people in whom it was found.
    shrunk: tuple[float, float, float] | None = None  # (effect, low, high)
    day_level: bool = False  # a tag tested as days with it against days without (one check-in a day)

    @property
    def floor(self) -> float:
        """The smallest effect worth a word, in this finding's unit."""
        return min(FLOOR_POINTS, FLOOR_SD * self.sd) if self.unit == "points" else FLOOR_SD * self.sd

    @property
    def shown(self) -> bool:
        return self.status in ("pattern", "early_hint")

    @property
    def margin(self) -> float:
        """How close to zero the whole range must be for "any difference looks small"."""
        return min(self.floor, EQUIVALENCE_POINTS) if self.unit == "points" else self.floor

    @property
    def looks_small(self) -> bool:
        """Equivalence, as two one-sided tests: the raw estimate's whole 95% range lies within the margin.

        The raw range, not the shrunk one: when tags spread no more than their
        noise, shrinking pulls every one to exactly zero with no width at all,
        and that says nothing about any one tag. A range with no width, or no
        standard error, never counts.
        """
        if self.se is None or not self.se > 0 or not self.high > self.low:
            return False
        return -self.margin < self.low and self.high < self.margin


def data_tier(finding: Finding) -> Literal["none", "early", "pattern"]:
    """How much data stands behind a finding, by the minimums in docs/INSIGHTS.md."""
    if finding.kind == "continuous":
        return "pattern" if finding.n_with >= CONTINUOUS_MIN_DAYS else "none"
    with_, without = finding.n_with, finding.n_without or 0
    if with_ >= PATTERN_MIN_DAYS and without >= PATTERN_MIN_DAYS and finding.days >= PATTERN_TOTAL_DAYS:
        return "pattern"
    if with_ >= EARLY_MIN_DAYS and without >= EARLY_MIN_DAYS:
        return "early"
    return "none"


def days_to_reach(finding: Finding, with_min: int, without_min: int, total_min: int) -> int | None:
    """Calendar days until the counts reach the minimums, at the rates seen so far.

    Each count has grown at (count / span) per calendar day; the slowest one
    sets the answer. None when a needed count has never grown (a tag never
    used cannot be forecast) or the journal has no span yet.
    """
    if finding.span <= 0:
        return None
    targets = [(finding.n_with, with_min), (finding.days, total_min)]
    if finding.kind == "binary":
        targets.append((finding.n_without or 0, without_min))
    needed = 0.0
    for count, minimum in targets:
        if count >= minimum:
            continue
        if count <= 0:
            return None
        needed = max(needed, (minimum - count) * finding.span / count)
    if needed > MAX_MORE_DAYS:
        return None
    return max(1, math.ceil(needed)) if needed > 0 else 0


def days_to_detect(finding: Finding) -> int | None:
    """About how many more calendar days until this comparison could give an answer.

    The target is the larger of the floor and the effect seen so far: an
    effect as big as the one seen, if real, should then clear the gates. The
    standard error shrinks with the square root of the days, so reaching
    ``target / DETECT_SES`` needs ``days * (DETECT_SES * se / target)^2`` days
    in all, converted to calendar days at the rate days have been used so far.

    None when waiting would not help: any difference already looks small
    (``Finding.looks_small``), the data already suffice,
    or the answer would be more than ``MAX_MORE_DAYS``.
    """
    if finding.se is None or not finding.se > 0 or finding.days <= 0 or finding.span <= 0:
        return None
    floor = finding.floor
    if finding.looks_small:
        return None
    # the raw estimate, not the shrunk one: shrinking pulls a young tag's effect far towards zero,
    # and a target of the floor then forecast years for tags found within weeks
    target = max(floor, abs(finding.effect))
    needed = finding.days * (DETECT_SES * finding.se / target) ** 2
    more = (needed - finding.days) * finding.span / finding.days
    if more < 1 or more > MAX_MORE_DAYS:
        return None
    return math.ceil(more)


def _passes(finding: Finding, q: float, q_level: float) -> bool:
    """The gates, on the shrunk estimate where there is one (it can only make a claim smaller)."""
    effect, low, high = finding.shrunk or (finding.effect, finding.low, finding.high)
    # the range shown (the raw one) must leave out zero as well as the one gated
    zero_outside = (low > 0 or high < 0) and (finding.low > 0 or finding.high < 0)
    return q <= q_level and abs(effect) >= finding.floor and finding.halves_agree is True and zero_outside


def gate(findings: Iterable[Finding], q_level: float = Q_LEVEL) -> list[Finding]:
    """Label every finding, with the FDR correction taken over all of them at once.

    The family is every finding that has a p-value and meets the early data
    minimum: every tag, time, factor, lag and lever tested, whatever its
    result. Findings below the minimum were never tested (the counts that
    exclude them do not depend on the ratings, so leaving them out keeps the
    correction valid). Order is preserved.

    ``more_days_needed``: below the minimum, the calendar days until the early
    minimum at the rates so far (``days_to_reach``); for an early hint, the
    days until the pattern minimum; for no clear difference, the days until
    an answer is likely (``days_to_detect``); None for a pattern.
    """
    items = list(findings)
    tiers = [data_tier(f) for f in items]
    tested = [i for i, f in enumerate(items) if tiers[i] != "none" and f.p is not None and math.isfinite(f.p)]
    qvalues = dict(zip(tested, bh_qvalues([items[i].p for i in tested])))
    result = []
    for i, finding in enumerate(items):
        if i not in qvalues:
            more = None
            if tiers[i] == "none":
                minimum = CONTINUOUS_MIN_DAYS if finding.kind == "continuous" else EARLY_MIN_DAYS
                more = days_to_reach(finding, minimum, minimum, 0)
            result.append(replace(finding, q=None, status="not_enough_data", more_days_needed=more))
            continue
        q = qvalues[i]
        if _passes(finding, q, q_level if tiers[i] == "pattern" else q_level * EARLY_Q_SHARE):
            status: Status = "pattern" if tiers[i] == "pattern" else "early_hint"
            more = None if status == "pattern" else days_to_reach(
                finding, PATTERN_MIN_DAYS, PATTERN_MIN_DAYS, PATTERN_TOTAL_DAYS
            )
        else:
            status, more = "no_clear_difference", days_to_detect(finding)
        result.append(replace(finding, q=q, status=status, more_days_needed=more))
    return result


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    """Strongest claims first: by status, then by size in SDs."""
    return sorted(findings, key=lambda f: (STATUS_ORDER.index(f.status), -abs(f.sd_units), f.key))
