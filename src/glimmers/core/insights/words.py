"""Findings in one or two plain sentences a tired person can read.

Rules (docs/INSIGHTS.md, "Words"): the size in points with its plausible range;
what went together, never what caused what; no diagnosis; and "not yet" is
said as plainly as a finding. Alcohol or cannabis going with less numbness
is always followed straight away by a caveat (``SUBSTANCE_CAVEATS``). Sizes use one decimal: the ratings are whole
numbers, and a second decimal would claim a precision the data do not have.
"""

from __future__ import annotations

import re

from glimmers.core.i18n import _, ngettext
from glimmers.core.insights.findings import Finding


def gettext_noop(message: str) -> str:
    """Mark a message for translation; it is translated when used."""
    return message


# Per key: (more numb / longer, less numb / shorter). Placeholders: size, low, high.
SENTENCES = {
    "factor:sleep_hours:short": (
        gettext_noop("On days after a short night (under 6 hours), numbness averaged %(size)s points higher "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("On days after a short night (under 6 hours), numbness averaged %(size)s points lower "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "factor:sleep_hours": (
        gettext_noop("For each extra hour of sleep the night before, numbness was %(size)s points higher "
                     "on average (plausible range %(low)s to %(high)s)."),
        gettext_noop("For each extra hour of sleep the night before, numbness was %(size)s points lower "
                     "on average (plausible range %(low)s to %(high)s)."),
    ),
    "factor:alcohol_units:any": (
        gettext_noop("On days after an evening with alcohol, numbness averaged %(size)s points higher "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("On days after an evening with alcohol, numbness averaged %(size)s points lower "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "factor:alcohol_units": (
        gettext_noop("For each extra unit of alcohol the evening before, numbness the next day was %(size)s "
                     "points higher on average (plausible range %(low)s to %(high)s)."),
        gettext_noop("For each extra unit of alcohol the evening before, numbness the next day was %(size)s "
                     "points lower on average (plausible range %(low)s to %(high)s)."),
    ),
    "factor:cannabis_uses:any": (
        gettext_noop("On days with cannabis, numbness averaged %(size)s points higher "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("On days with cannabis, numbness averaged %(size)s points lower "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "factor:cannabis_uses": (
        gettext_noop("For each extra cannabis use in a day, numbness was %(size)s points higher on average "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("For each extra cannabis use in a day, numbness was %(size)s points lower on average "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "factor:late_screen_minutes": (
        gettext_noop("For each extra half hour of late screen time, numbness that day was %(size)s points "
                     "higher on average (plausible range %(low)s to %(high)s)."),
        gettext_noop("For each extra half hour of late screen time, numbness that day was %(size)s points "
                     "lower on average (plausible range %(low)s to %(high)s)."),
    ),
    "factor:daylight_minutes": (
        gettext_noop("For each extra half hour in daylight, numbness that day was %(size)s points higher "
                     "on average (plausible range %(low)s to %(high)s)."),
        gettext_noop("For each extra half hour in daylight, numbness that day was %(size)s points lower "
                     "on average (plausible range %(low)s to %(high)s)."),
    ),
    "factor:movement_minutes": (
        gettext_noop("For each extra half hour of moving, numbness that day was %(size)s points higher "
                     "on average (plausible range %(low)s to %(high)s)."),
        gettext_noop("For each extra half hour of moving, numbness that day was %(size)s points lower "
                     "on average (plausible range %(low)s to %(high)s)."),
    ),
    "lever:activity_done": (
        gettext_noop("On days you did a planned activity, numbness averaged %(size)s points higher "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("On days you did a planned activity, numbness averaged %(size)s points lower "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "lever:exercise_done": (
        gettext_noop("On days you did an exercise from your toolkit, numbness averaged %(size)s points higher "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("On days you did an exercise from your toolkit, numbness averaged %(size)s points lower "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "lever:glimmer_logged": (
        gettext_noop("On days you noted a glimmer, numbness averaged %(size)s points higher "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("On days you noted a glimmer, numbness averaged %(size)s points lower "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "lag:sleep_hours": (
        gettext_noop("After days with higher numbness, the night's sleep was %(size)s hours longer per point "
                     "of numbness (plausible range %(low)s to %(high)s)."),
        gettext_noop("After days with higher numbness, the night's sleep was %(size)s hours shorter per point "
                     "of numbness (plausible range %(low)s to %(high)s)."),
    ),
}
BY_PREFIX = {
    "tag": (
        gettext_noop("Check-ins tagged '%(label)s' averaged %(size)s points more numb than your other check-ins "
                     "on the same days (plausible range %(low)s to %(high)s)."),
        gettext_noop("Check-ins tagged '%(label)s' averaged %(size)s points less numb than your other check-ins "
                     "on the same days (plausible range %(low)s to %(high)s)."),
    ),
    "hour": (
        gettext_noop("Your %(label)s averaged %(size)s points more numb than the rest of the same day "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("Your %(label)s averaged %(size)s points less numb than the rest of the same day "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "weekday": (
        gettext_noop("On %(label)s numbness averaged %(size)s points higher than on other days "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("On %(label)s numbness averaged %(size)s points lower than on other days "
                     "(plausible range %(low)s to %(high)s)."),
    ),
    "other": (
        gettext_noop("With %(label)s, numbness averaged %(size)s points higher "
                     "(plausible range %(low)s to %(high)s)."),
        gettext_noop("With %(label)s, numbness averaged %(size)s points lower "
                     "(plausible range %(low)s to %(high)s)."),
    ),
}
CAVEATS = {
    "pattern": gettext_noop("This is a pattern in your entries, not proof that one leads to the other."),
    "early_hint": gettext_noop("This is an early hint from a small number of days: it may change, and it shows "
                               "what went together, not what led to what."),
}

# Alcohol and cannabis never appear as "goes with less numbness" on their own:
# the finding is followed straight away by this caveat, wherever it is shown
# (dashboard, `glimmers insights`, the report, experiment results).
SUBSTANCE_CAVEATS = {
    "alcohol": gettext_noop("A word on alcohol: it can ease things in the moment and still cost more later, "
                            "and over time it can deepen low mood and numbness. If cutting down is hard, "
                            "a doctor can help."),
    "cannabis": gettext_noop("A word on cannabis: it can ease things in the moment and still cost more later, "
                             "and over time it can deepen low mood and numbness. If cutting down is hard, "
                             "a doctor can help."),
}
SUBSTANCE_KEYS = {
    "factor:alcohol_units:any": "alcohol", "factor:alcohol_units": "alcohol",
    "factor:cannabis_uses:any": "cannabis", "factor:cannabis_uses": "cannabis",
}
# Tags a person may use for drinking or cannabis. Words that say "without"
# (alcohol-free, sober, no wine) make a tag about not using, which needs no caveat.
SUBSTANCE_TAG_WORDS = {
    "alcohol": frozenset({
        "alcohol", "alcoholic", "booze", "boozing", "drinks", "drinking", "drunk", "tipsy", "wine", "beer", "beers",
        "pint", "pints", "cider", "lager", "vodka", "gin", "whisky", "whiskey", "rum", "cocktail", "cocktails",
    }),
    "cannabis": frozenset({"cannabis", "weed", "marijuana", "spliff", "spliffs", "stoned", "thc", "edibles"}),
}
NOT_USING_WORDS = frozenset({"free", "no", "not", "without", "sober", "dry", "less", "fewer", "skip", "skipped", "teetotal"})
SHOWN = ("pattern", "early_hint")


def substance(key: str) -> str | None:
    """"alcohol" or "cannabis" when a finding's key is about using it, else None."""
    if key in SUBSTANCE_KEYS:
        return SUBSTANCE_KEYS[key]
    if not key.startswith("tag:"):
        return None
    words = set(re.findall(r"[^\W\d_]+", key.partition(":")[2].casefold()))
    if words & NOT_USING_WORDS:
        return None
    return next((name for name, vocabulary in SUBSTANCE_TAG_WORDS.items() if words & vocabulary), None)


def substance_caveat(key: str, effect: float, status: str) -> str:
    """The caveat a shown finding needs when alcohol or cannabis goes with less numbness, else ""."""
    name = substance(key)
    if name is None or status not in SHOWN or effect >= 0:
        return ""
    return _(SUBSTANCE_CAVEATS[name])


def _number(value: float) -> str:
    return f"{abs(value):.1f}"


def subject(finding: Finding) -> str:
    """What the finding is about, as a short phrase: a tag in quotes, or a translated label."""
    if finding.key.startswith("tag:"):
        return f"'{finding.label}'"
    return _(finding.label)


def _measured(finding: Finding) -> str:
    up, down = SENTENCES.get(finding.key) or BY_PREFIX.get(finding.key.partition(":")[0]) or BY_PREFIX["other"]
    low, high = sorted((abs(finding.low), abs(finding.high)))
    label = finding.label if finding.key.startswith("tag:") else _(finding.label)
    return _(up if finding.effect > 0 else down) % {
        "label": label, "size": _number(finding.effect), "low": _number(low), "high": _number(high),
    }


def describe(finding: Finding) -> str:
    """One or two sentences for any finding, whatever its status."""
    if finding.status in CAVEATS:
        parts = [_measured(finding), substance_caveat(finding.key, finding.effect, finding.status),
                 _(CAVEATS[finding.status])]
        return " ".join(part for part in parts if part)
    days = finding.more_days_needed
    values = {"label": subject(finding), "days": days, "floor": _number(finding.floor)}
    if finding.status == "no_clear_difference":
        if days is not None:
            return ngettext(
                "No clear difference yet for %(label)s — about %(days)s more day would tell more.",
                "No clear difference yet for %(label)s — about %(days)s more days would tell more.",
                days,
            ) % values
        if finding.unit == "points" and -finding.floor < finding.low and finding.high < finding.floor:
            return _("No clear difference for %(label)s: in your entries so far, any difference looks small "
                     "(under %(floor)s points).") % values
        return _("No clear difference for %(label)s in your entries so far.") % values
    if days is None:
        return _("Not enough entries yet to say anything about %(label)s.") % values
    return ngettext(
        "Not enough entries yet for %(label)s — at your usual pace, about %(days)s more day would allow a "
        "first look.",
        "Not enough entries yet for %(label)s — at your usual pace, about %(days)s more days would allow a "
        "first look.",
        days,
    ) % values
