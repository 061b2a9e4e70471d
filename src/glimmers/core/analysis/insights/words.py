"""Findings in one or two plain sentences a tired person can read.

Rules (docs/INSIGHTS.md, "Words"): the size in points with its plausible range;
what went together, never what caused what; no diagnosis; and "not yet" is
said as plainly as a finding. Alcohol or cannabis going with less numbness
is always followed straight away by a caveat (``substance_caveats``). Sizes use one decimal: the ratings are whole
numbers, and a second decimal would claim a precision the data do not have.

The sentences themselves are content, in ``content/insight_sentences.toml``.
"""

from __future__ import annotations

import math
import re

from glimmers.core.journal import measures
from glimmers.core.content import ContentError, per_language, read_content
from glimmers.core.i18n import _, ngettext
from glimmers.core.analysis.insights.findings import Finding
from glimmers.core.analysis.insights.outcome import NUMBNESS, Outcome


_FILE = "insight_sentences.toml"
_SCHEMA = "glimmers.insight_sentences/1"
_MEASURED = ("%(size)s", "%(low)s", "%(high)s", "%(measure)s")


def _pair(where: str, entry: dict, needed: tuple[str, ...]) -> tuple[str, str]:
    """A (more, less) pair of sentences, each with every placeholder it must fill."""
    for side in ("more", "less"):
        sentence = entry.get(side)
        if not isinstance(sentence, str) or any(mark not in sentence for mark in needed):
            raise ContentError(f"{_FILE}: {where}.{side} needs a sentence with {', '.join(needed)}")
    return entry["more"], entry["less"]


@per_language
def _content() -> dict:
    data = read_content(_FILE, _SCHEMA)
    # Tags are the person's own words, in whatever language they wrote them:
    # the substance vocabulary of every language applies, whatever is spoken.
    english = read_content(_FILE, _SCHEMA, language="en")
    return {
        "sentences": {key: _pair(key, entry, _MEASURED) for key, entry in data["finding"].items()},
        "by_prefix": {key: _pair(key, entry, ("%(label)s", *_MEASURED)) for key, entry in data["kind"].items()},
        "caveats": dict(data["caveat"]),
        "substance_caveats": {name: entry["caveat"] for name, entry in data["substance"].items()},
        "substance_words": {
            name: frozenset(entry["words"]) | frozenset(english["substance"][name]["words"]) for name, entry in data["substance"].items()
        },
        "not_using": frozenset(data["not_using"]["words"]) | frozenset(english["not_using"]["words"]),
    }


def sentences() -> dict[str, tuple[str, str]]:
    """Per finding key: (more numb / longer, less numb / shorter). Placeholders: size, low, high."""
    return _content()["sentences"]


def substance_caveats() -> dict[str, str]:
    """Alcohol and cannabis never appear as "goes with less numbness" on their own: the finding
    is followed straight away by this caveat, wherever it is shown (dashboard,
    ``glimmers insights``, the report, experiment results)."""
    return _content()["substance_caveats"]


def caveats() -> dict[str, str]:
    """The caveat each status's findings share, keyed by status, in the language spoken."""
    return _content()["caveats"]


SUBSTANCE_KEYS = {
    factor.finding_key(test): factor.substance
    for factor in measures.FACTORS.values()
    if factor.substance
    for test in factor.predicts
}
# Tags a person may use for drinking or cannabis. Words that say "without"
# (alcohol-free, sober, no wine) make a tag about not using, which needs no caveat.
SHOWN = ("pattern", "early_hint")


def substance(key: str) -> str | None:
    """"alcohol" or "cannabis" when a finding's key is about using it, else None."""
    if key in SUBSTANCE_KEYS:
        return SUBSTANCE_KEYS[key]
    if not key.startswith("tag:"):
        return None
    words = set(re.findall(r"[^\W\d_]+", key.partition(":")[2].casefold()))
    if words & _content()["not_using"]:
        return None
    return next((name for name, vocabulary in _content()["substance_words"].items() if words & vocabulary), None)


def substance_caveat(key: str, effect: float, status: str) -> str:
    """The caveat a shown finding needs when alcohol or cannabis goes with less numbness, else ""."""
    name = substance(key)
    if name is None or status not in SHOWN or effect >= 0:
        return ""
    return _content()["substance_caveats"][name]


def _number(value: float) -> str:
    return f"{abs(value):.1f}"


def subject(finding: Finding) -> str:
    """What the finding is about, as a short phrase: a tag in quotes, or a translated label."""
    if finding.key.startswith("tag:"):
        return f"'{finding.label}'"
    return _(finding.label)


def _measured(finding: Finding, outcome: Outcome) -> str:
    prefix = "tag_day" if finding.day_level else finding.key.partition(":")[0]
    content = _content()
    up, down = content["sentences"].get(finding.key) or content["by_prefix"].get(prefix) or content["by_prefix"]["other"]
    low, high = sorted((abs(finding.low), abs(finding.high)))
    label = finding.label if finding.key.startswith("tag:") else _(finding.label)
    return (up if finding.effect > 0 else down) % {
        "label": label, "size": _number(finding.effect), "low": _number(low), "high": _number(high), **outcome.words(),
    }


def sentence(finding: Finding, outcome: Outcome = NUMBNESS) -> str:
    """A shown finding's size and range, with the substance caveat when it needs one, but
    without the caveat every finding of its status shares: a page that says that once,
    above all its findings, shows this."""
    parts = [_measured(finding, outcome), substance_caveat(finding.key, finding.effect, finding.status)]
    return " ".join(part for part in parts if part)


def describe(finding: Finding, outcome: Outcome = NUMBNESS) -> str:
    """One or two sentences for any finding, whatever its status, about ``outcome`` (numbness unless said)."""
    if finding.status in caveats():
        return f"{sentence(finding, outcome)} {caveats()[finding.status]}"
    days = finding.more_days_needed
    if finding.status == "too_early":
        # held back, so its direction is not told: in the first weeks most such hints are chance
        return ngettext(
            "Too early to tell for %(label)s: about %(days)s more day of entries, at your usual pace, will show "
            "whether there is anything in it.",
            "Too early to tell for %(label)s: about %(days)s more days of entries, at your usual pace, will show "
            "whether there is anything in it.",
            days or 1,
        ) % {"label": subject(finding), "days": days or 1}
    # the margin rounded up, so "under 0.4 points" stays true of a range that reached 0.37
    values = {"label": subject(finding), "days": days, "floor": _number(math.ceil(finding.margin * 10 - 1e-9) / 10)}
    if finding.status == "no_clear_difference":
        if days is not None:
            return ngettext(
                "No clear difference yet for %(label)s — about %(days)s more day would tell more.",
                "No clear difference yet for %(label)s — about %(days)s more days would tell more.",
                days,
            ) % values
        if finding.unit == "points" and finding.looks_small:
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
