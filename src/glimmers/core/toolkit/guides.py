"""Guides: short reading for the person and the people around them.

The supporter guide, gradual contact steps, what to ask for in therapy, and
the path back when numbness returns all live in ``content/guides.toml`` so
they can be reviewed as text. Each guide is a title, a summary and ordered
sections of paragraphs and list items; the web, the CLI and the clinician
report render the same structure, and ``as_text`` gives a plain version.
"""

from __future__ import annotations

from dataclasses import dataclass

from glimmers.core.content import KEY_PATTERN, ContentError, per_language, read_content
from glimmers.core.errors import NotFound
from glimmers.core.i18n import _

_FILE = "guides.toml"
_SCHEMA = "glimmers.guides/1"

# Guides that other parts of the product link to by key.
REQUIRED = ("supporters", "contact", "therapy", "relapse", "understanding")
# Sections that other parts of the product link to, as (guide key, section key).
LINKED_SECTIONS = (("understanding", "recovery"),)


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...]
    key: str = ""  # for links to this section (the web page's anchor); most sections have none


@dataclass(frozen=True)
class Guide:
    key: str
    title: str
    summary: str
    sections: tuple[Section, ...]


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ContentError(f"{_FILE}: {where} must be a list of non-empty strings")
    return tuple(item.strip() for item in value)


def _text(row: dict, name: str, where: str) -> str:
    value = row.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{_FILE}: {where} needs a {name}")
    return value.strip()


@per_language
def guides() -> tuple[Guide, ...]:
    """Every guide in file order, validated on first read.

    A section may hold paragraphs, items or both, but not nothing: an empty
    heading in a guide would look like a page that failed to load.
    """
    data = read_content(_FILE, _SCHEMA)
    found = []
    for row in data.get("guide", []):
        key = row.get("key", "")
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise ContentError(f"{_FILE}: every guide needs a snake_case key ({key!r})")
        where = f"guide {key!r}"
        sections = []
        for number, part in enumerate(row.get("section", []), start=1):
            place = f"{where} section {number}"
            section_key = part.get("key", "")
            if section_key and (not isinstance(section_key, str) or not KEY_PATTERN.match(section_key)):
                raise ContentError(f"{_FILE}: {place} has a key that is not snake_case ({section_key!r})")
            section = Section(
                _text(part, "title", place),
                _strings(part.get("paragraphs", []), f"{place} paragraphs"),
                _strings(part.get("items", []), f"{place} items"),
                section_key,
            )
            if not section.paragraphs and not section.items:
                raise ContentError(f"{_FILE}: {place} needs paragraphs or items")
            sections.append(section)
        if not sections:
            raise ContentError(f"{_FILE}: {where} needs at least one section")
        found.append(Guide(key, _text(row, "title", where), _text(row, "summary", where), tuple(sections)))
    keys = [item.key for item in found]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{_FILE}: guide keys must be unique")
    missing = [key for key in REQUIRED if key not in keys]
    if missing:
        raise ContentError(f"{_FILE}: missing required guides {missing}")
    anchors = {(item.key, section.key) for item in found for section in item.sections if section.key}
    unlinked = [pair for pair in LINKED_SECTIONS if pair not in anchors]
    if unlinked:
        raise ContentError(f"{_FILE}: sections other pages link to are missing: {unlinked}")
    return tuple(found)


def guide(key: str) -> Guide:
    for item in guides():
        if item.key == key:
            return item
    raise NotFound(
        _("There is no guide called “%(key)s”. The guides are: %(keys)s.")
        % {"key": key, "keys": ", ".join(item.key for item in guides())},
        field="guide",
    )


def as_text(guide: Guide) -> str:
    """The guide as plain text: title, summary, then each section.

    Lines are never wrapped, so a terminal, an e-mail or a text file can wrap
    them as it likes. Blank lines separate the blocks; there is no trailing
    newline, so ``click.echo`` and ``print`` add exactly one.
    """
    blocks = [guide.title, guide.summary]
    for section in guide.sections:
        parts = list(section.paragraphs)
        if section.items:
            parts.append("\n".join(f"- {item}" for item in section.items))
        blocks.append(section.title + "\n" + "\n\n".join(parts))
    return "\n\n".join(blocks)
