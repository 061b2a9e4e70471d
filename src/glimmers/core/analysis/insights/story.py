"""The insights in a few plain sentences, read before any chart or finding.

A tired person should learn the gist in a minute: how often they rated the
measure the insights are about (numbness, or mood...), where it has been on
average, what stood out most clearly on each side, and the small wins. The
summary only restates what the page shows below it, in the same numbers; it
passes no judgement on the averages that the data cannot carry ("higher" or
"lower" only says which way a finding went), and says "not yet" as plainly
as a finding.
"""

from __future__ import annotations

from datetime import timedelta
from statistics import fmean

from glimmers.core.analysis.insights.outcome import OUTCOMES
from glimmers.core.analysis.insights.payload import FindingLine, Insights
from glimmers.core.i18n import _, ngettext

# How many subjects the summary names on each side; the rest are on the cards.
NAMED = 2
# The "last month" figure is given only with at least this many days in it.
RECENT_DAYS = 30
MIN_RECENT_DAYS = 7


def _names(lines: tuple[FindingLine, ...]) -> str:
    names = [line.subject for line in lines[:NAMED]]
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}


def _clearest(lines: tuple[FindingLine, ...]) -> tuple[FindingLine, ...]:
    """Patterns before early hints; within each, the order the analysis gave (biggest first)."""
    return tuple(sorted(lines, key=lambda line: line.status != "pattern"))


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def summary(insights: Insights, *, early_hint_min_days: int) -> tuple[str, ...]:
    """Up to four sentences; none for a journal without check-ins (the page invites instead)."""
    findings = insights.findings
    points = insights.trend.points
    if not points:
        return ()
    outcome = OUTCOMES[insights.measure]
    scale = outcome.scale

    said = []
    values = {**outcome.words(), "days": len(points), "mean": scale.show_mean(fmean(value for _day, value in points)),
              "low": scale.show(scale.low).replace("-", "−"), "high": scale.show(scale.high)}
    said.append(ngettext(
        "Over the last 3 months you rated %(measure)s on %(days)d day, and it averaged %(mean)s on its %(low)s to "
        "%(high)s scale.",
        "Over the last 3 months you rated %(measure)s on %(days)d days, and it averaged %(mean)s on its %(low)s to "
        "%(high)s scale.",
        len(points),
    ) % values)
    recent = [value for day, value in points if day > insights.today - timedelta(days=RECENT_DAYS)]
    if MIN_RECENT_DAYS <= len(recent) < len(points):
        said.append(_("Over the last month it averaged %(mean)s.") % {"mean": scale.show_mean(fmean(recent))})
    worse = _clearest(findings.worse)
    lighter = _clearest(findings.helps + findings.lighter)
    if worse or lighter:
        sides = []
        if worse:
            sides.append(_capfirst(_("%(worse)s %(measure)s went most clearly with %(names)s.")
                                   % {**outcome.words(), "names": _names(worse)}))
        if lighter:
            sides.append(_capfirst(_("%(better)s %(measure)s went most clearly with %(names)s.")
                                   % {**outcome.words(), "names": _names(lighter)}))
        said.append(" ".join(sides))
    elif findings.young:
        said.append(ngettext(
            "What goes with better or worse %(measure)s is looked for from %(needed)d days of entries; there is "
            "%(days)d so far.",
            "What goes with better or worse %(measure)s is looked for from %(needed)d days of entries; there are "
            "%(days)d so far.",
            findings.days,
        ) % {**outcome.words(), "needed": early_hint_min_days, "days": findings.days})
    else:
        said.append(_("Nothing stands out clearly yet as going with better or worse %(measure)s; that is common, "
                      "and it can change as entries gather.") % outcome.words())
    if insights.wins.glimmers:
        said.append(ngettext(
            "In the last 30 days you noted %(n)d glimmer.",
            "In the last 30 days you noted %(n)d glimmers.",
            insights.wins.glimmers,
        ) % {"n": insights.wins.glimmers})
    return tuple(said)
