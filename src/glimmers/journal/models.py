"""The journal's tables. Rules live in ``glimmers.core.journal.entries``; the checks
here repeat the ranges in the database so that no path can store nonsense.

The fields are written out so the tables read plainly; their ranges and
sizes come from ``glimmers.core.journal.measures``, and tests/test_declarations.py
fails when a field and its declaration disagree."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from glimmers.core.journal import entries, measures
from glimmers.core import limits
from glimmers.people import Owned, unique_per_owner


def _in_range(field: str, declared: measures.Scale | measures.Factor) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": declared.low, f"{field}__lte": declared.high}),
        name=f"%(class)s_{field}_range",
    )


class Tag(Owned):
    category = models.CharField(max_length=limits.TAG_CATEGORY_MAX)
    name = models.CharField(max_length=limits.TAG_NAME_MAX)

    class Meta:
        constraints = [unique_per_owner("category", "name", name="tag_unique_per_category")]
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return f"{self.category}:{self.name}"


class Entry(Owned):
    """What check-ins and glimmers share: an owner, an identity, a moment, a trash flag."""

    uid = models.CharField(max_length=32)
    occurred_at = models.DateTimeField(db_index=True)
    timezone = models.CharField(max_length=64)
    local_date = models.DateField(db_index=True)
    source = models.CharField(max_length=16, default="glimmers")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-occurred_at", "-id"]
        # The timeline's own order, outside the trash: the newest page is read
        # straight from the index instead of sorting every entry (on 50,000
        # check-ins, 120 ms of each timeline page went to that sort).
        indexes = [models.Index(fields=["deleted_at", "occurred_at", "id"], name="%(app_label)s_%(class)s_timeline")]
        constraints = [unique_per_owner("uid", name="%(app_label)s_%(class)s_uid_per_owner")]


class CheckIn(Entry):
    numbness = models.SmallIntegerField(null=True, blank=True)
    mood = models.SmallIntegerField(null=True, blank=True)
    energy = models.SmallIntegerField(null=True, blank=True)
    stress = models.SmallIntegerField(null=True, blank=True)
    # Space-separated keys from content/numbness_forms.toml and warning_signs.toml.
    forms = models.CharField(max_length=200, blank=True, default="")
    warning_signs = models.CharField(max_length=400, blank=True, default="")
    self_talk = models.TextField(blank=True, default="")
    note = models.TextField(blank=True, default="")
    # The window of tolerance: "over" (too much), "within", "under" (too little), "" (not said).
    tolerance_window = models.CharField(max_length=8, blank=True, default="")
    tags = models.ManyToManyField(Tag, related_name="checkins", blank=True)

    class Meta(Entry.Meta):
        constraints = [*Entry.Meta.constraints, *(_in_range(name, scale) for name, scale in measures.SCALES.items())]

    ref_prefix = "c"
    kind = entries.CHECKIN

    @property
    def ref(self) -> str:
        return f"c{self.pk}"


class Glimmer(Entry):
    text = models.CharField(max_length=limits.GLIMMER_TEXT_MAX)
    preceded_by = models.CharField(max_length=limits.PRECEDED_BY_MAX, blank=True, default="")
    tags = models.ManyToManyField(Tag, related_name="glimmers", blank=True)

    ref_prefix = "g"
    kind = entries.GLIMMER

    @property
    def ref(self) -> str:
        return f"g{self.pk}"


class DayFactors(Owned):
    day = models.DateField()
    sleep_hours = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    wake_time = models.TimeField(null=True, blank=True)
    alcohol_units = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    cannabis_uses = models.DecimalField(max_digits=2, decimal_places=0, null=True, blank=True)
    late_screen_minutes = models.DecimalField(max_digits=3, decimal_places=0, null=True, blank=True)
    daylight_minutes = models.DecimalField(max_digits=4, decimal_places=0, null=True, blank=True)
    movement_minutes = models.DecimalField(max_digits=4, decimal_places=0, null=True, blank=True)
    caffeine_cups = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    note = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-day"]
        constraints = [
            unique_per_owner("day", name="dayfactors_day_per_owner"),
            *(_in_range(name, factor) for name, factor in measures.FACTORS.items()),
        ]
