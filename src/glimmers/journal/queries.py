"""Reading the journal: the timeline, search, the trash, tags and days."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import connection
from django.db.models import Count, Q, QuerySet

from glimmers.core.journal import entries, tagging
from glimmers.core.journal.search import TimelineFilter, candidates_from_index, newest_first
from glimmers.journal import models, search_index

__all__ = ["TimelineFilter", "checkins", "count", "day", "days", "glimmers", "qualify_tags", "tag_usage", "timeline"]


def _tag_condition(text: str) -> Q:
    if ":" in text:
        parsed = entries.tag(text)
        return Q(tags__category=parsed.category, tags__name=parsed.name)
    return Q(tags__name=entries.tag(text).name)


def _index_probe(kind: str):
    """``probe(query, limit)`` for ``candidates_from_index`` on this journal's
    search index of ``kind``, or None when there is none to use (PostgreSQL's
    trigram indexes serve the comparison itself)."""
    if connection.vendor != "sqlite":
        return None
    index = search_index.INDEXES[kind][1]

    def fetch(sql: str, *parameters) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            return cursor.fetchall()

    if not search_index.usable(kind, fetch):
        return None
    return lambda query, limit: [row[0] for row in fetch(f"SELECT rowid FROM {index} WHERE {index} MATCH %s LIMIT %s", query, limit)]


def _filtered(query: QuerySet, selection: TimelineFilter, text_fields: tuple[str, ...]) -> QuerySet:
    query = query.filter(deleted_at__isnull=not selection.trashed)
    if selection.since:
        query = query.filter(local_date__gte=selection.since)
    if selection.until:
        query = query.filter(local_date__lte=selection.until)
    if selection.tag:
        query = query.filter(pk__in=query.model.objects.filter(_tag_condition(selection.tag)).values("pk"))
    probe = _index_probe(query.model._meta.model_name) if selection.words else None
    for word in selection.words:
        tagged = Q(pk__in=query.model.objects.filter(tags__name__icontains=word).values("pk"))
        condition = Q()
        for name in text_fields:
            condition |= Q(**{f"{name}__icontains": word})
        if connection.vendor == "postgresql":
            # The same comparison as a query of its own, which the trigram
            # indexes (journal migration 0007) can answer; beside the tag
            # test it could only be read row by row.
            query = query.filter(Q(pk__in=query.model.objects.filter(condition).values("pk")) | tagged)
            continue
        candidates = candidates_from_index(word, probe) if probe else None
        if candidates is not None:
            # The entries that may hold the word (or are tagged with it): a
            # superset of those kept next, found without reading every note.
            query = query.filter(Q(pk__in=candidates) | tagged)
        query = query.filter(condition | tagged)
    return query.prefetch_related("tags")


def checkins(selection: TimelineFilter) -> QuerySet:
    return _filtered(models.CheckIn.objects.all(), selection, ("note", "self_talk"))


def glimmers(selection: TimelineFilter) -> QuerySet:
    return _filtered(models.Glimmer.objects.all(), selection, ("text", "preceded_by"))


def timeline(selection: TimelineFilter, *, limit: int = 50, offset: int = 0) -> list:
    """Check-ins and glimmers together, newest first."""
    sources = []
    if "checkin" in selection.kinds:
        sources.append(checkins(selection)[: offset + limit])
    if "glimmer" in selection.kinds:
        sources.append(glimmers(selection)[: offset + limit])
    return newest_first(sources, limit=limit, offset=offset)


def count(selection: TimelineFilter) -> int:
    total = 0
    if "checkin" in selection.kinds:
        total += checkins(selection).count()
    if "glimmer" in selection.kinds:
        total += glimmers(selection).count()
    return total


def days(*, since: date | None = None, until: date | None = None) -> QuerySet:
    query = models.DayFactors.objects.all()
    if since:
        query = query.filter(day__gte=since)
    if until:
        query = query.filter(day__lte=until)
    return query


def day(on: date) -> models.DayFactors | None:
    return models.DayFactors.objects.filter(day=on).first()


def _links_per_tag(model, *, trashed_only: bool = False) -> Counter:
    """How many entries of ``model`` carry each tag (tag id -> count), from
    the link table alone; ``trashed_only`` counts entries in the trash."""
    field = model._meta.get_field("tags")
    owner, tag = field.m2m_field_name(), f"{field.m2m_reverse_field_name()}_id"
    # The link table has no owner of its own: only the links of the person's own tags.
    links = field.remote_field.through.objects.order_by().filter(**{f"{tag}__in": models.Tag.objects.values("pk")})
    if trashed_only:
        # Starting from the (few) entries in the trash and looking their links
        # up; a join would visit every link to read its entry's trash flag.
        links = links.filter(**{f"{owner}_id__in": model.objects.filter(deleted_at__isnull=False).values("pk")})
    return Counter(dict(links.values(tag).annotate(n=Count("*")).values_list(tag, "n")))


def tag_usage() -> list[models.Tag]:
    """Every tag with how often it is used on entries not in the trash.

    Counted as every link less the links of entries in the trash: both are
    read from indexes, so this stays in milliseconds on a large journal
    (joining every link to its entry to look at its trash flag took seconds).
    """
    uses: Counter = Counter()
    for model in (models.CheckIn, models.Glimmer):
        uses.update(_links_per_tag(model))
        uses.subtract(_links_per_tag(model, trashed_only=True))
    tags = list(models.Tag.objects.order_by("category", "name"))
    for tag in tags:
        tag.uses = uses[tag.pk]
    return tags


def recent_tags(limit: int = 8) -> list[entries.Tag]:
    """The tags of the newest check-ins, most recently used first, each once (for one-tap chips)."""
    found: list[entries.Tag] = []
    rows = (
        models.CheckIn.objects.filter(deleted_at__isnull=True, tags__isnull=False)
        .order_by("-occurred_at", "-id")
        .values_list("tags__category", "tags__name")[: limit * 10]
    )
    for category, name in rows:
        tag = entries.Tag(category, name)
        if tag not in found:
            found.append(tag)
            if len(found) == limit:
                break
    return found


def qualify_tags(values) -> list[str]:
    """Give bare tag names a category: the one already in use, else a built-in guess."""
    return tagging.qualify(values, lambda name: list(models.Tag.objects.filter(name=name).values_list("category", flat=True)[:2]))
