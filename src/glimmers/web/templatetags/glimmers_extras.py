"""Small template filters: ``{% load glimmers_extras %}``.

``phone_links`` turns phone numbers a person wrote (in their safety plan, say)
into ``tel:`` links, so a number can be called with one tap on a phone. It
escapes everything else, and it leaves dates, times and short numbers alone:
a wrong link in a safety plan is worse than no link.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

register = template.Library()

MIN_DIGITS = 7  # "07700 900123", "020 7946 0958": a whole number
MIN_GROUPED_DIGITS = 6  # "116 123", "13 11 14": helplines short enough to be written in groups
MAX_DIGITS = 15  # the longest number the international plan allows

_GAP = r"(?:[ \t\u00a0\-\u2010\u2011]|[ \t\u00a0\-]?[()][ \t\u00a0\-]?)"
# A run of digits with single spaces, dashes or brackets between them, maybe
# starting with + or (. Not inside a word, not glued to a time (10:30), a date
# (06/12, 6.12.) or a decimal; backtracking trims a run that ends in one.
PHONE = re.compile(
    r"(?<![\w+])(?<!\d[:/.,])"
    r"(?P<run>\+?\(?\d(?:" + _GAP + r"?\d)*)"
    r"(?!\w|[:/.,]\d)"
)
_DATE = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-(?:\d{2}|\d{4}))$")
_YEARS = re.compile(r"^(?:19|20)\d\d ?[-\u2010\u2011] ?(?:19|20)\d\d$")
_TRUNK = re.compile(r"\(\s*0\s*\)")  # +44 (0)20 ...: the (0) is dialled only from inside the country
_SEPARATOR = re.compile(r"[ \t\u00a0\-\u2010\u2011()]")


def tel_target(run: str) -> str | None:
    """The ``tel:`` address for a phone-number-like run, or None when it is not one."""
    text = run.strip()
    if _DATE.match(text) or _YEARS.match(text):
        return None
    international = text.startswith("+")
    if international:
        text = _TRUNK.sub("", text)
    digits = re.sub(r"\D", "", text)
    grouped = bool(_SEPARATOR.search(run.strip().lstrip("+(")))
    long_enough = len(digits) >= MIN_DIGITS or (len(digits) >= MIN_GROUPED_DIGITS and grouped)
    if not long_enough or len(digits) > MAX_DIGITS:
        return None
    return "tel:" + ("+" if international else "") + digits


def link_phones(text: str, escaper=escape, *, buttons: bool = False) -> str:
    """``text`` escaped with ``escaper``, with phone numbers as ``tel:`` links
    (``buttons``: big "Call …" buttons, for the help page)."""
    out: list[str] = []
    last = 0
    for match in PHONE.finditer(text):
        run = match.group("run")
        start = match.start("run")
        if run.startswith("(") and ")" not in run:  # "(07700 900123)": the bracket belongs to the sentence
            run, start = run[1:], start + 1
        target = tel_target(run)
        if target is None:
            continue
        out.append(str(escaper(text[last:start])))
        if buttons:
            words = escape(gettext("Call %(number)s") % {"number": run})
            out.append(f'<a class="call-button" href="{escape(target)}">{words}</a>')
        else:
            out.append(f'<a href="{escape(target)}">{escape(run)}</a>')
        last = start + len(run)
    out.append(str(escaper(text[last:])))
    return "".join(out)


@register.filter(needs_autoescape=True)
def phone_links(value, autoescape=True):
    """Escape ``value`` and make the phone numbers in it tap-to-call links.

    Text already marked safe (or with autoescaping off) is taken as it is;
    only the links are added.
    """
    if value is None:
        return ""
    keep = not autoescape or isinstance(value, SafeData)
    return mark_safe(link_phones(str(value), (lambda piece: piece) if keep else escape))


@register.filter
def phone_buttons(value):
    """Escape ``value`` and make the phone numbers in it "Call …" buttons (a person's own contacts on the help page)."""
    return "" if value is None else mark_safe(link_phones(str(value), escape, buttons=True))


@register.simple_tag
def antidepressant_note() -> str:
    """The medicines note, worded once in the core (``medication.antidepressant_note``)."""
    from glimmers.core.care import medication

    return medication.antidepressant_note()


@register.filter
def window_label(key: str) -> str:
    """A check-in's window-of-tolerance answer in words ("Too little"), or "" for none."""
    from glimmers.core.toolkit import window

    return window.label(key) if key else ""
