"""What the timeline shows and how its text search matches: the rules both ways
of reading the journal share (Django's queries in ``glimmers.journal.queries``
and the lean path's SQL in ``glimmers.lean``).

A search keeps the entries whose words or tags contain every word searched
for, ignoring case: Django's ``icontains``. On SQLite that is ``LIKE`` with
``%``, ``_`` and ``\\`` escaped, which ignores the case of ASCII letters
only; on PostgreSQL ``UPPER(column) LIKE UPPER(pattern)``. An index may find
the candidates faster (:func:`index_phrase`), but what is kept is always
decided by that comparison, so an index changes how fast a search is, never
what it finds.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

# The trigram index (journal migration 0007) knows strings of three
# characters; a shorter word has no trigram, and is searched by reading.
INDEXED_LENGTH = 3
# A word the index finds in more entries than this is common ("today"):
# reading the entries newest first fills a page sooner than listing them all
# from the index, so such a word is searched by reading.
INDEX_CANDIDATES_MOST = 5000


@dataclass(frozen=True)
class TimelineFilter:
    since: date | None = None
    until: date | None = None
    tag: str | None = None  # "name" or "category:name"
    text: str | None = None
    trashed: bool = False
    kinds: tuple[str, ...] = ("checkin", "glimmer")

    @property
    def words(self) -> list[str]:
        return self.text.split() if self.text else []


def like_pattern(word: str) -> str:
    """``word`` anywhere, as Django's ``contains`` lookups write it for ``LIKE ... ESCAPE '\\'``."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def index_query(word: str) -> str | None:
    """The trigram index's query for entries that may contain ``word``, or None
    for a word too short to be indexed.

    The index records which entries hold which three characters (not where),
    so the query asks for entries holding every three-character piece of the
    word. Each entry ``LIKE`` keeps is among them: the index folds case more
    widely than ``LIKE`` (every letter, not only ASCII) and holds every
    character, spaces and marks included.
    """
    if len(word) < INDEXED_LENGTH:
        return None
    pieces = dict.fromkeys(word[start : start + INDEXED_LENGTH] for start in range(len(word) - INDEXED_LENGTH + 1))
    return " AND ".join('"' + piece.replace('"', '""') + '"' for piece in pieces)


def candidates_from_index(word: str, probe) -> list[int] | None:
    """The ids of the entries that may hold ``word`` (see :func:`index_query`),
    or None when the index does not help: a short or a common word.

    ``probe(query, limit)`` asks the index for at most ``limit`` ids.
    """
    query = index_query(word)
    if query is None:
        return None
    found = probe(query, INDEX_CANDIDATES_MOST + 1)
    return None if len(found) > INDEX_CANDIDATES_MOST else found


def newest_first(sources, *, limit: int, offset: int = 0) -> list:
    """Rows of several kinds, each already newest first, merged newest first
    (ties by id, the first source first) and cut to one page."""
    merged = heapq.merge(*sources, key=lambda row: (row.occurred_at, row.pk), reverse=True)
    return list(merged)[offset : offset + limit]
