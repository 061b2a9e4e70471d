"""Words for a daily check-in together: a ready phrase to answer with, and a warm word back.

A person may answer with one word of their own or with a ready phrase; the
ready phrases are the feelings of the sharing words (``content/share_phrases.toml``),
so the words learned for telling someone how numbness feels are the same
here. What goes back is a one-tap note from ``content/together.toml``: warm,
asking nothing, never about how often anyone answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _
from glimmers.core.toolkit import sharing

_FILE = "together.toml"
_SCHEMA = "glimmers.together/1"
THINKING_OF_YOU = "thinking_of_you"  # the one-tap note; the others are supportive phrases


@dataclass(frozen=True)
class Note:
    key: str
    phrase: str


@per_language
def support_notes() -> tuple[Note, ...]:
    """The notes one can send back, "thinking of you" first."""
    data = read_content(_FILE, _SCHEMA)
    found = []
    for row in data.get("note", []):
        key, phrase = row.get("key"), row.get("phrase")
        if not isinstance(key, str) or not KEY_PATTERN.match(key) or not isinstance(phrase, str) or not phrase.strip():
            raise ContentError(f"{_FILE}: every note needs a key and a phrase (at {key!r})")
        found.append(Note(key, phrase.strip()))
    keys = [note.key for note in found]
    if len(set(keys)) != len(keys) or not keys or keys[0] != THINKING_OF_YOU or len(keys) < 4:
        raise ContentError(f"{_FILE}: needs unique notes, '{THINKING_OF_YOU}' first, and at least three more")
    return tuple(found)


def support(key: str) -> Note:
    for note in support_notes():
        if note.key == key:
            return note
    raise InvalidInput(_("Choose one of the notes offered."), field="phrase")


def feelings() -> tuple[sharing.Phrase, ...]:
    return sharing.feelings()


def feeling(key: str) -> sharing.Phrase:
    for phrase in sharing.feelings():
        if phrase.key == key:
            return phrase
    raise InvalidInput(_("Choose one of the phrases offered."), field="phrase")
