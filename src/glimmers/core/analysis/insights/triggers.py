"""When numbness is worse, and what helps: every test, gated together.

``analyse`` runs the within-day contrasts (tags, time of day) and the
day-level models (factors, levers, weekdays, sleep both ways), shrinks the
tag effects toward zero, and passes everything through ``findings.gate`` as
one family, so the false-discovery correction counts every test made, shown
or not. The result is an ``Analysis``: all findings with their labels, plus
the counts the words and the pages need.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Sequence

from glimmers.core.analysis.insights.findings import STATUS_ORDER, Finding, data_tier, gate, ranked
from glimmers.core.analysis.insights.series import DayInput, Moment

HEADLINE_LIMIT = 6
T_95 = 1.96  # shrunk effects are normal posteriors; their range uses the normal quantile


@dataclass(frozen=True)
class Analysis:
    """Everything found, already gated, and how much data it rests on."""

    findings: tuple[Finding, ...]
    days: int  # days with at least one check-in
    checkins: int
    within_sd: float | None  # SD of the person's ratings; None with too little data
    today: date

    def finding(self, key: str) -> Finding | None:
        return next((f for f in self.findings if f.key == key), None)

    def when_worse(self) -> list[Finding]:
        """Shown findings with more numbness (in points), strongest first."""
        return ranked(f for f in self.findings if f.shown and f.unit == "points" and f.effect > 0)

    def when_lighter(self) -> list[Finding]:
        """Times and weekdays that are shown to be lighter."""
        return ranked(f for f in self.findings if f.shown and f.family == "time" and f.effect < 0)

    def helps(self) -> list[Finding]:
        """Tags, factors and levers that go with less numbness, strongest first."""
        return ranked(f for f in self.findings
                      if f.shown and f.unit == "points" and f.effect < 0 and f.family != "time")

    def no_difference_yet(self) -> list[Finding]:
        """Things people hope help (levers, tags) that tend not to show a difference yet."""
        return ranked(f for f in self.findings
                      if f.status == "no_clear_difference" and f.family in ("helps", "context"))

    def not_enough_data(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "not_enough_data"]

    def headline(self, limit: int = HEADLINE_LIMIT) -> list[str]:
        """At most ``limit`` findings in plain words.

        Shown findings first (patterns, then early hints, biggest first);
        the room left goes to "not yet" findings that come with an estimate
        of the days needed, closest to an answer first, so an early journal
        reads as "not yet, and here is roughly when" rather than as silence.
        """
        from glimmers.core.analysis.insights.words import describe

        shown = ranked(f for f in self.findings if f.shown)
        waiting = sorted((f for f in self.findings if not f.shown and f.more_days_needed is not None),
                         key=lambda f: (f.more_days_needed, STATUS_ORDER.index(f.status), f.key))
        return [describe(f) for f in (shown + waiting)[:limit]]


def analyse(moments: Iterable[Moment], days: Iterable[DayInput], *, today: date) -> Analysis:
    """All findings for one person from their check-ins and day records up to ``today``."""
    from glimmers.core.analysis.insights.daily import day_level_findings, day_level_tags
    from glimmers.core.analysis.insights.table import tabulate, within_person_sd
    from glimmers.core.analysis.insights.within import within_day_findings

    table = tabulate(moments, days, today=today)
    recorded_days = int((table.count > 0).sum())
    sd = within_person_sd(table)
    if sd is None:
        return Analysis((), recorded_days, len(table.numbness), None, today)
    raw = day_level_tags(table, sd, within_day_findings(table, sd)) + day_level_findings(table, sd)
    return Analysis(tuple(gate(shrink_tags(raw))), recorded_days, len(table.numbness), sd, today)


def shrink_tags(findings: Sequence[Finding]) -> list[Finding]:
    """Pull every tested tag's effect toward zero by partial pooling (``stats.shrink``).

    Only tags with an estimate and the early minimum of data take part: they
    are the ones in the FDR family, and their spread is what tells how big
    tag effects really are for this person. The shrunk effect and its 95%
    range are what the size floor is applied to and what must exclude zero
    (``Finding.shrunk``), so shrinking can only make a claim smaller, never
    create one. What is worded and shown stays the raw estimate with its own
    range: in simulations the shrunk range held a real tag's size in under
    half of the people in whom the tag was found, the raw one in most.
    """
    from glimmers.core.analysis.insights.stats import shrink

    pooled = [i for i, f in enumerate(findings)
              if f.family == "context" and f.se is not None and f.p is not None and data_tier(f) != "none"]
    if not pooled:
        return list(findings)
    effects, ses = shrink([findings[i].effect for i in pooled], [findings[i].se for i in pooled])
    result = list(findings)
    for i, effect, se in zip(pooled, effects, ses):
        f = findings[i]
        result[i] = replace(f, shrunk=(effect, effect - T_95 * se, effect + T_95 * se))
    return result
