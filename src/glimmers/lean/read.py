"""The timeline and search with ``sqlite3``: what ``glimmers.journal.queries``
finds through Django, in the same order.

The conditions are those Django writes for the queries there (``LIKE ...
ESCAPE '\\'`` for ``icontains``, the tag subqueries, the search index's
candidates first), and the rows are merged by the same function
(``glimmers.core.journal.search.newest_first``).
"""

from __future__ import annotations

from dataclasses import dataclass

from glimmers.core.journal import entries
from glimmers.core.journal.search import TimelineFilter, candidates_from_index, like_pattern, newest_first
from glimmers.journal.search_index import INDEXES, usable
from glimmers.lean.journal import Journal
from glimmers.lean.rows import Stored, StoredCheckIn, StoredGlimmer, read_moment

_SHARED = ("id", "uid", "occurred_at", "timezone", "source", "created_at", "updated_at", "deleted_at")


@dataclass(frozen=True)
class Kind:
    name: str  # "checkin" or "glimmer"
    table: str
    links: str  # the table linking entries to tags
    link_column: str
    text_fields: tuple[str, ...]  # searched for words
    own_fields: tuple[str, ...]  # read besides the shared ones


KINDS = {
    "checkin": Kind(
        "checkin", "journal_checkin", "journal_checkin_tags", "checkin_id", ("note", "self_talk"),
        ("numbness", "mood", "energy", "stress", "forms", "warning_signs", "self_talk", "note", "tolerance_window"),
    ),
    "glimmer": Kind("glimmer", "journal_glimmer", "journal_glimmer_tags", "glimmer_id", ("text", "preceded_by"), ("text", "preceded_by")),
}


def _tagged(kind: Kind, condition: str) -> str:
    return f"id IN (SELECT l.{kind.link_column} FROM {kind.links} l JOIN journal_tag t ON t.id = l.tag_id WHERE {condition})"


def _probe(journal: Journal, kind: Kind):
    """The search index's ``probe(query, limit)``, or None when it cannot be used."""

    def fetch(sql: str, *parameters) -> list:
        return journal.connection.execute(sql, parameters).fetchall()

    if not usable(kind.name, fetch):
        return None
    index = INDEXES[kind.name][1]
    return lambda query, limit: [row[0] for row in fetch(f"SELECT rowid FROM {index} WHERE {index} MATCH ? LIMIT ?", query, limit)]


def _where(journal: Journal, kind: Kind, selection: TimelineFilter) -> tuple[str, list]:
    """The conditions of ``glimmers.journal.queries._filtered``, for one kind of entry."""
    clauses = ["owner_id = ?", "deleted_at IS NOT NULL" if selection.trashed else "deleted_at IS NULL"]
    parameters: list = [journal.person]
    if selection.since:
        clauses.append("local_date >= ?")
        parameters.append(str(selection.since))
    if selection.until:
        clauses.append("local_date <= ?")
        parameters.append(str(selection.until))
    if selection.tag:
        parsed = entries.tag(selection.tag)
        if ":" in selection.tag:
            clauses.append(_tagged(kind, "t.category = ? AND t.name = ?"))
            parameters += [parsed.category, parsed.name]
        else:
            clauses.append(_tagged(kind, "t.name = ?"))
            parameters.append(parsed.name)
    probe = _probe(journal, kind) if selection.words else None
    tagged = _tagged(kind, "t.name LIKE ? ESCAPE '\\'")
    for word in selection.words:
        pattern = like_pattern(word)
        candidates = candidates_from_index(word, probe) if probe else None
        if candidates is not None:
            clauses.append(f"(id IN ({', '.join('?' for _ in candidates)}) OR {tagged})")
            parameters += [*candidates, pattern]
        clauses.append("(" + " OR ".join([*(f"{name} LIKE ? ESCAPE '\\'" for name in kind.text_fields), tagged]) + ")")
        parameters += [pattern] * (len(kind.text_fields) + 1)
    return " AND ".join(clauses), parameters


_IDS_AT_ONCE = 500  # far below SQLite's limit on parameters in one statement


def _tags_of(journal: Journal, kind: Kind, ids: list[int]) -> dict[int, list[entries.Tag]]:
    found: dict[int, list[entries.Tag]] = {}
    for start in range(0, len(ids), _IDS_AT_ONCE):
        some = ids[start : start + _IDS_AT_ONCE]
        rows = journal.connection.execute(
            f"SELECT l.{kind.link_column}, t.category, t.name FROM {kind.links} l JOIN journal_tag t ON t.id = l.tag_id "
            f"WHERE t.owner_id = ? AND l.{kind.link_column} IN ({', '.join('?' for _ in some)})",
            [journal.person, *some],
        )
        for entry, category, name in rows:
            found.setdefault(entry, []).append(entries.Tag(category, name))
    return found


def _rows(journal: Journal, kind: Kind, selection: TimelineFilter, limit: int) -> list[Stored]:
    where, parameters = _where(journal, kind, selection)
    columns = [*_SHARED, *kind.own_fields]
    found = journal.connection.execute(
        f"SELECT {', '.join(columns)} FROM {kind.table} WHERE {where} ORDER BY occurred_at DESC, id DESC LIMIT ?",
        [*parameters, limit],
    ).fetchall()
    tags = _tags_of(journal, kind, [row[0] for row in found])
    return [_stored(kind, dict(zip(columns, row)), tuple(sorted(tags.get(row[0], ())))) for row in found]


def _stored(kind: Kind, row: dict, tags: tuple[entries.Tag, ...]) -> Stored:
    """As ``glimmers.journal.records`` makes the record of a model's row."""
    shared = {
        "uid": row["uid"],
        "occurred_at": read_moment(row["occurred_at"]),
        "timezone": row["timezone"],
        "tags": tags,
        "source": row["source"],
        "created_at": read_moment(row["created_at"]),
        "updated_at": read_moment(row["updated_at"]),
        "deleted_at": read_moment(row["deleted_at"]),
    }
    if kind.name == "glimmer":
        return StoredGlimmer(row["id"], entries.Glimmer(text=row["text"], preceded_by=row["preceded_by"], **shared))
    keys = lambda value: tuple(value.split()) if value else ()  # noqa: E731
    record = entries.CheckIn(
        numbness=row["numbness"], mood=row["mood"], energy=row["energy"], stress=row["stress"],
        forms=keys(row["forms"]), warning_signs=keys(row["warning_signs"]),
        self_talk=row["self_talk"], note=row["note"], tolerance_window=row["tolerance_window"], **shared,
    )
    return StoredCheckIn(row["id"], record)


def timeline(journal: Journal, selection: TimelineFilter, *, limit: int) -> list[Stored]:
    """Check-ins and glimmers together, newest first (``queries.timeline``)."""
    sources = [_rows(journal, KINDS[kind], selection, limit) for kind in ("checkin", "glimmer") if kind in selection.kinds]
    return newest_first(sources, limit=limit)


def count(journal: Journal, selection: TimelineFilter) -> int:
    """How many entries the selection holds (``queries.count``)."""
    total = 0
    for name in ("checkin", "glimmer"):
        if name in selection.kinds:
            kind = KINDS[name]
            where, parameters = _where(journal, kind, selection)
            total += journal.connection.execute(f"SELECT COUNT(*) FROM {kind.table} WHERE {where}", parameters).fetchone()[0]
    return total


def safety_plan_steps(journal: Journal) -> dict[str, str]:
    """The person's saved safety-plan steps (``glimmers.care.safety_plan.load``'s rows)."""
    rows = journal.connection.execute("SELECT step, text FROM care_safetyplanstep WHERE owner_id = ?", (journal.person,))
    return dict(rows.fetchall())
