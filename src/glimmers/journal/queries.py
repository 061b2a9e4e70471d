"""Reading the journal: the timeline, search, the trash, tags and days."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from glimmers.core import content, entries
from glimmers.journal import models


@dataclass(frozen=True)
class TimelineFilter:
    since: date | None = None
    until: date | None = None
    tag: str | None = None  # "name" or "category:name"
    text: str | None = None
    trashed: bool = False
    kinds: tuple[str, ...] = ("checkin", "glimmer")


def _tag_condition(text: str) -> Q:
    if ":" in text:
        parsed = entries.tag(text)
        return Q(tags__category=parsed.category, tags__name=parsed.name)
    return Q(tags__name=entries.tag(text).name)


def _filtered(query: QuerySet, selection: TimelineFilter, text_fields: tuple[str, ...]) -> QuerySet:
    query = query.filter(deleted_at__isnull=not selection.trashed)
    if selection.since:
        query = query.filter(local_date__gte=selection.since)
    if selection.until:
        query = query.filter(local_date__lte=selection.until)
    if selection.tag:
        query = query.filter(pk__in=query.model.objects.filter(_tag_condition(selection.tag)).values("pk"))
    if selection.text:
        words = selection.text.split()
        for word in words:
            condition = Q()
            for name in text_fields:
                condition |= Q(**{f"{name}__icontains": word})
            condition |= Q(pk__in=query.model.objects.filter(tags__name__icontains=word).values("pk"))
            query = query.filter(condition)
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
    merged = heapq.merge(*sources, key=lambda row: (row.occurred_at, row.pk), reverse=True)
    return list(merged)[offset : offset + limit]


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
    links = field.remote_field.through.objects.order_by()
    owner, tag = field.m2m_field_name(), f"{field.m2m_reverse_field_name()}_id"
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


def qualify_tags(values) -> list[str]:
    """Give bare tag names a category: the one already in use, else a built-in guess."""
    result = []
    for value in values:
        value = value.strip()
        if value and ":" not in value:
            name = " ".join(value.split()).lower()
            used = list(models.Tag.objects.filter(name=name).values_list("category", flat=True)[:2])
            value = f"{used[0] if len(used) == 1 else content.category_for(name)}:{value}"
        if value:
            result.append(value)
    return result
