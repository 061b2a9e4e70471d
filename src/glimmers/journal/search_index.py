"""The search index of a SQLite journal (journal migration 0007): its names,
and whether it can be used. No Django here: the lean path asks too.

The index is used only while it and its three triggers exist: the triggers
are what keep it in step with the entries. A SQLite without FTS5 or the
trigram tokenizer makes no index; a migration that rebuilds an entries table
drops its triggers. Either way search then reads every entry, finding the
same, only slower.
"""

from __future__ import annotations

from collections.abc import Callable

# kind -> (entries table, index table)
INDEXES = {"checkin": ("journal_checkin", "journal_checkin_search"), "glimmer": ("journal_glimmer", "journal_glimmer_search")}
TRIGGERS = ("insert", "delete", "update")
# The tables FTS5 keeps for an index: never copied row by row (a salvage), made by its triggers.
SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def parts(kind: str) -> set[str]:
    _table, index = INDEXES[kind]
    return {index, *(f"{index}_{trigger}" for trigger in TRIGGERS)}


def usable(kind: str, fetch: Callable[[str], list]) -> bool:
    """The index of ``kind`` ("checkin", "glimmer") and its triggers are all there.

    ``fetch(sql)`` runs a query on the journal and returns its rows.
    """
    wanted = parts(kind)
    names = ", ".join(f"'{name}'" for name in sorted(wanted))  # our own names: nothing to escape
    return {row[0] for row in fetch(f"SELECT name FROM sqlite_master WHERE name IN ({names})")} == wanted


def is_index_table(name: str, indexes: set[str]) -> bool:
    """An index's own table or one of the tables FTS5 keeps for it."""
    return name in indexes or any(name == f"{index}{suffix}" for index in indexes for suffix in SHADOW_SUFFIXES)
