"""Words for sharing: turn a vague, flat feeling into a short message.

Numbness is hard to describe, and "I'm fine" is the easy way out. The
phrases in ``content/share_phrases.toml`` give concrete words ("my energy is
capped at a low level") and concrete asks ("a short walk together");
``compose`` puts the chosen ones into a few plain lines for a friend, a
partner or a therapist. Nothing is sent from here: the person copies the
text wherever they like.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from glimmers.core import text as stored_text
from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

_FILE = "share_phrases.toml"
_SCHEMA = "glimmers.share_phrases/1"

EXTRA_MAX = 500
LAYOUTS = ("prose", "list")


# The people a message can be written for; the content file words each one.
AUDIENCES = ("friend", "partner", "therapist")


@dataclass(frozen=True)
class Phrase:
    key: str
    phrase: str


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    opening: str
    closing: str
    layout: str = "prose"  # "prose" for people close to you, "list" for an appointment
    needs_lead: str = "What would help is"


@dataclass(frozen=True)
class _Phrases:
    feelings: tuple[Phrase, ...]
    needs: tuple[Phrase, ...]
    audiences: tuple[Audience, ...]


def _text(row: dict, name: str, where: str) -> str:
    value = row.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{_FILE}: {where} needs {name}")
    return value.strip()


def _unique(rows: Sequence[Phrase | Audience], table: str, minimum: int) -> None:
    keys = [row.key for row in rows]
    if len(set(keys)) != len(keys) or len(keys) < minimum:
        raise ContentError(f"{_FILE}: needs at least {minimum} {table} entries with unique keys")


@per_language
def _load() -> _Phrases:
    """Read and check the whole file once."""
    data = read_content(_FILE, _SCHEMA)
    tables: dict[str, list[Phrase]] = {}
    for table in ("feeling", "need"):
        rows = []
        for row in data.get(table, []):
            key = row.get("key", "")
            if not isinstance(key, str) or not KEY_PATTERN.match(key):
                raise ContentError(f"{_FILE}: every {table} needs a snake_case key ({row!r})")
            rows.append(Phrase(key, _text(row, "phrase", f"{table} {key!r}")))
        tables[table] = rows
    audiences = []
    for row in data.get("audience", []):
        key = row.get("key", "")
        where = f"audience {key!r}"
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise ContentError(f"{_FILE}: every audience needs a snake_case key ({row!r})")
        layout = row.get("layout", "prose")
        if layout not in LAYOUTS:
            raise ContentError(f"{_FILE}: {where} has layout {layout!r}; expected one of {LAYOUTS}")
        audiences.append(
            Audience(
                key,
                _text(row, "label", where),
                _text(row, "opening", where),
                _text(row, "closing", where),
                layout,
                _text(row, "needs_lead", where),
            )
        )
    _unique(tables["feeling"], "feeling", 12)
    _unique(tables["need"], "need", 10)
    _unique(audiences, "audience", 3)
    if not set(AUDIENCES) <= {audience.key for audience in audiences}:
        raise ContentError(f"{_FILE}: the friend, partner and therapist audiences are required")
    return _Phrases(tuple(tables["feeling"]), tuple(tables["need"]), tuple(audiences))


def feelings() -> tuple[Phrase, ...]:
    return _load().feelings


def needs() -> tuple[Phrase, ...]:
    return _load().needs


def audiences() -> tuple[Audience, ...]:
    return _load().audiences


def _keys(given: Sequence[str], known: Sequence[Phrase | Audience], field: str, what: str) -> list:
    """The chosen entries in order, repeats dropped; InvalidInput names a stranger."""
    if isinstance(given, str):
        given = (given,)
    by_key = {entry.key: entry for entry in known}
    chosen = []
    for key in dict.fromkeys(given):
        if key not in by_key:
            raise InvalidInput(
                _("There is no %(what)s called “%(key)s”. Choose from: %(keys)s.")
                % {"what": what, "key": key, "keys": ", ".join(by_key)},
                field=field,
            )
        chosen.append(by_key[key])
    return chosen


def _sentence(phrase: str) -> str:
    text = phrase[:1].upper() + phrase[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _join_needs(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return _("%(first)s, or %(last)s") % {"first": ", ".join(phrases[:-1]), "last": phrases[-1]}


def compose(audience: str, feelings: Sequence[str], needs: Sequence[str] = (), extra: str = "") -> str:
    """A short plain-text message from chosen phrase keys.

    At least one feeling is needed, because the message exists to say how
    things are; needs and the person's own extra words are optional. Keys are
    checked (a mistyped key is named, with the valid ones), repeats collapse
    keeping the first, and ``extra`` may hold up to 500 characters.
    """
    who = _keys((audience,), _load().audiences, "audience", _("audience"))[0]
    chosen_feelings = _keys(feelings, _load().feelings, "feelings", _("feeling"))
    if not chosen_feelings:
        raise InvalidInput(_("Choose at least one feeling to share."), field="feelings")
    chosen_needs = _keys(needs, _load().needs, "needs", _("need"))
    extra = stored_text.clean(extra, field="extra", label=_("What you added"), multiline=True)
    if len(extra) > EXTRA_MAX:
        raise InvalidInput(
            _("Your own words can be up to %(max)d characters; this is %(n)d.") % {"max": EXTRA_MAX, "n": len(extra)},
            field="extra",
        )
    lines = [who.opening]
    if who.layout == "list":
        lines.extend("- " + _sentence(entry.phrase) for entry in chosen_feelings)
        if chosen_needs:
            lines.append(who.needs_lead + ":")
            lines.extend("- " + entry.phrase for entry in chosen_needs)
    else:
        lines.append(" ".join(_sentence(entry.phrase) for entry in chosen_feelings))
        if chosen_needs:
            lines.append(_sentence(f"{who.needs_lead} {_join_needs([entry.phrase for entry in chosen_needs])}"))
    if extra and who.layout == "list":
        lines.append(_("In my own words: %(extra)s") % {"extra": extra})
    elif extra:
        lines.append(extra)
    lines.append(who.closing)
    return "\n".join(lines)
