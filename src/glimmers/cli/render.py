"""How entries look in the terminal. Wording for people lives here."""

from __future__ import annotations

from glimmers.cli.common import local
from glimmers.core import content
from glimmers.core.journal import entries
from glimmers.core.i18n import _
from glimmers.core.text import printable

MINUS = "\u2212"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else (f"{MINUS}{abs(value)}" if value < 0 else "0")


def moment(row) -> str:
    from glimmers.core.when import shown_moment

    return shown_moment(local(row.occurred_at))


def tag_names(row) -> str:
    return ", ".join(tag.name for tag in row.tags.all())


def ratings(row) -> str:
    parts = []
    if row.numbness is not None:
        parts.append(_("numbness %(n)s/10") % {"n": row.numbness})
    if row.mood is not None:
        parts.append(_("mood %(n)s") % {"n": signed(row.mood)})
    if row.energy is not None:
        parts.append(_("energy %(n)s") % {"n": row.energy})
    if row.stress is not None:
        parts.append(_("stress %(n)s") % {"n": row.stress})
    return " · ".join(parts)


def labels(keys: str, choices) -> str:
    names = {choice.key: choice.label for choice in choices}
    return ", ".join(names.get(key, key) for key in keys.split())


def summary(row) -> str:
    """One line for lists: what it was, briefly (stored words made printable)."""
    if row.kind == entries.CHECKIN:
        bits = [ratings(row)]
        if tags := tag_names(row):
            bits.append(tags)
        if row.note:
            bits.append(f"\u201c{first_line(row.note)}\u201d")
        return printable(" · ".join(bit for bit in bits if bit))
    text = f"\u2728 {row.text}"
    if not row.preceded_by:
        return printable(text)
    return printable(_("%(glimmer)s (after %(what)s)") % {"glimmer": text, "what": row.preceded_by})


def first_line(text: str, width: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "\u2026"


def detail(row) -> list[tuple[str, str]]:
    """Every recorded field, as label/value pairs, for 'show' and after saving
    (stored words made printable: see ``glimmers.core.text.printable``)."""
    pairs = [(_("When"), moment(row) + f" ({row.timezone})")]
    if row.kind == entries.CHECKIN:
        if text := ratings(row):
            pairs.append((_("Ratings"), text))
        if row.forms:
            pairs.append((_("Numbness felt"), labels(row.forms, content.numbness_forms())))
        if row.warning_signs:
            pairs.append((_("Warning signs"), labels(row.warning_signs, content.warning_signs())))
        if row.tolerance_window:
            from glimmers.core.toolkit import window

            pairs.append((_("Window"), window.label(row.tolerance_window)))
        if row.self_talk:
            pairs.append((_("Self-talk"), row.self_talk))
        if row.note:
            pairs.append((_("Note"), row.note))
    else:
        pairs.append((_("Glimmer"), row.text))
        if row.preceded_by:
            pairs.append((_("After"), row.preceded_by))
    if tags := ", ".join(str(tag) for tag in row.tags.all()):
        pairs.append((_("Tags"), tags))
    if row.deleted_at:
        pairs.append((_("In the trash since"), local(row.deleted_at).strftime("%Y-%m-%d %H:%M")))
    return [(label, printable(value)) for label, value in pairs]


def entry_json(row) -> dict:
    """An entry as JSON: its reference and kind, every field of its record, its local day."""
    from glimmers.lean.rows import Stored

    if isinstance(row, Stored):  # read or written by the lean path, record and all
        record = row.record
    else:
        from glimmers.journal.records import record_of

        record = record_of(row)
    data = {"ref": row.ref, "kind": row.kind}
    for name, value in vars(record).items():
        if isinstance(value, tuple):
            value = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    data["local_date"] = record.local_date.isoformat()
    return data
