"""Tables for the reconnection toolkit. The rules (plan building, rating
ranges, experiment designs) live in the pure core; these tables keep what the
person did, with UTC instants and the zone they were in."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from glimmers.core.toolkit import activation, experiments, goals
from glimmers.people import Owned, unique_per_owner


def _rating(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 10}),
        name=f"%(class)s_{field}_range",
    )


class Referenced(Owned):
    """A short reference for the CLI: a letter and the row number."""

    PREFIX = ""

    class Meta:
        abstract = True

    @property
    def ref(self) -> str:
        return f"{self.PREFIX}{self.pk}"


class Plan(Owned):
    """One run of the 14-day reconnection plan; the seed rebuilds its cues."""

    uid = models.CharField(max_length=32)
    seed = models.BigIntegerField()
    emphases = models.JSONField(default=list)
    started_on = models.DateField()
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [unique_per_owner("uid", name="plan_uid_per_owner")]


class PlanDay(Owned):
    """A plan day as it was opened: which cues it offered (after any swaps)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="days")
    number = models.SmallIntegerField()
    opened_on = models.DateField()
    skipped = models.BooleanField(default=False)
    cues = models.JSONField(default=dict)  # slot -> cue key
    swaps = models.SmallIntegerField(default=0)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_day_once"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=14), name="plan_day_in_range"),
        ]


class PlanMark(Owned):
    """A cue the person did."""

    day = models.ForeignKey(PlanDay, on_delete=models.CASCADE, related_name="marks")
    slot = models.CharField(max_length=16)
    cue_key = models.CharField(max_length=64)
    done_at = models.DateTimeField()
    timezone = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "slot"], name="plan_mark_once_per_slot")]


class Value(Owned):
    name = models.CharField(max_length=60)
    action = models.CharField(max_length=200)
    position = models.SmallIntegerField()

    class Meta:
        ordering = ["position", "id"]


class Activity(Referenced):
    PREFIX = "a"

    uid = models.CharField(max_length=32)
    title = models.CharField(max_length=120)
    category = models.CharField(max_length=16)
    value = models.CharField(max_length=60, blank=True, default="")
    scheduled_for = models.DateTimeField(db_index=True)
    timezone = models.CharField(max_length=64)
    predicted_pleasure = models.SmallIntegerField(null=True, blank=True)
    predicted_mastery = models.SmallIntegerField(null=True, blank=True)
    actual_pleasure = models.SmallIntegerField(null=True, blank=True)
    actual_mastery = models.SmallIntegerField(null=True, blank=True)
    # How hard or unpleasant it was expected to be, and how it was (0-10; lower is easier).
    predicted_dread = models.SmallIntegerField(null=True, blank=True)
    actual_dread = models.SmallIntegerField(null=True, blank=True)
    glimmer = models.TextField(blank=True, default="")
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["scheduled_for", "id"]
        constraints = [
            unique_per_owner("uid", name="activity_uid_per_owner"),
            _rating("predicted_pleasure"),
            _rating("predicted_mastery"),
            _rating("actual_pleasure"),
            _rating("actual_mastery"),
            _rating("predicted_dread"),
            _rating("actual_dread"),
            models.CheckConstraint(
                condition=Q(category__in=list(activation.CATEGORY_KEYS)), name="activity_category_known"
            ),
        ]


class Goal(Referenced):
    PREFIX = "g"

    uid = models.CharField(max_length=32)
    day = models.DateField(db_index=True)
    kind = models.CharField(max_length=8, default="goal")
    text = models.CharField(max_length=160)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["day", "id"]
        constraints = [
            unique_per_owner("uid", name="goal_uid_per_owner"),
            models.CheckConstraint(condition=Q(kind__in=list(goals.KINDS)), name="goal_kind_known"),
        ]


class PleasureTry(Referenced):
    PREFIX = "p"

    uid = models.CharField(max_length=32)
    pleasure_key = models.CharField(max_length=64)
    tried_at = models.DateTimeField(db_index=True)
    timezone = models.CharField(max_length=64)
    shift = models.CharField(max_length=16)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-tried_at", "-id"]
        constraints = [unique_per_owner("uid", name="pleasuretry_uid_per_owner")]


class ExerciseSession(Referenced):
    """One guided exercise, finished or not: an interrupted one keeps what it has."""

    PREFIX = "x"

    uid = models.CharField(max_length=32)
    exercise_key = models.CharField(max_length=64)
    started_at = models.DateTimeField(db_index=True)
    timezone = models.CharField(max_length=64)
    active_seconds = models.IntegerField(default=0)
    completed = models.BooleanField(default=False)
    steps_done = models.SmallIntegerField(default=0)
    steps_total = models.SmallIntegerField(default=0)
    numbness_before = models.SmallIntegerField(null=True, blank=True)
    numbness_after = models.SmallIntegerField(null=True, blank=True)
    shift = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            unique_per_owner("uid", name="exercisesession_uid_per_owner"),
            _rating("numbness_before"),
            _rating("numbness_after"),
        ]


class Experiment(Referenced):
    PREFIX = "e"

    uid = models.CharField(max_length=32)
    lever_key = models.CharField(max_length=32)
    lever_name = models.CharField(max_length=80)
    design = models.CharField(max_length=16)
    start = models.DateField()
    end = models.DateField()
    weeks = models.SmallIntegerField(null=True, blank=True)
    on_weeks = models.SmallIntegerField(null=True, blank=True)
    seed = models.BigIntegerField(null=True, blank=True)
    schedule = models.JSONField(default=list)  # alternating: one true/false per week
    baseline_days = models.SmallIntegerField(null=True, blank=True)
    change_days = models.SmallIntegerField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            unique_per_owner("uid", name="experiment_uid_per_owner"),
            models.CheckConstraint(condition=Q(design__in=list(experiments.DESIGNS)), name="experiment_design_known"),
        ]


class AdherenceDay(Owned):
    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="adherence")
    day = models.DateField()
    answer = models.CharField(max_length=8)
    note = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "day"], name="adherence_once_a_day"),
            models.CheckConstraint(condition=Q(answer__in=list(experiments.ADHERENCE)), name="adherence_answer_known"),
        ]


class SharedMessage(Referenced):
    PREFIX = "w"

    uid = models.CharField(max_length=32)
    audience = models.CharField(max_length=16)
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [unique_per_owner("uid", name="sharedmessage_uid_per_owner")]
