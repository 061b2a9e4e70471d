"""Tables for screening, the safety plan and medicines. The rules (scoring,
bands, validation) live in the pure core; these tables only keep results."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from glimmers.core.care import medication
from glimmers.people import Owned, unique_per_owner


class ScreeningResult(Owned):
    """One completed questionnaire, profile check or triage.

    ``answers`` keeps exactly what was answered (a list of numbers for the
    PHQ/GAD questionnaires, a mapping for the profile and triage), so the
    score can always be recomputed and exported item by item.
    """

    uid = models.CharField(max_length=32)
    instrument = models.CharField(max_length=16, db_index=True)
    taken_at = models.DateTimeField(db_index=True)
    timezone = models.CharField(max_length=64)
    answers = models.JSONField()
    functional = models.SmallIntegerField(null=True, blank=True)
    total = models.SmallIntegerField(null=True, blank=True)
    # The band key for questionnaires, the outcome for triage, the leading
    # forms for the profile.
    outcome = models.CharField(max_length=64)
    safety_signal = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-taken_at", "-id"]
        constraints = [
            unique_per_owner("uid", name="screeningresult_uid_per_owner"),
            models.CheckConstraint(condition=Q(total__isnull=True) | Q(total__gte=0), name="screening_total_not_negative"),
        ]

    @property
    def ref(self) -> str:
        return f"s{self.pk}"


class SafetyPlanStep(Owned):
    """One step of the person's safety plan: its lines, newline-separated."""

    step = models.CharField(max_length=32)
    text = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [unique_per_owner("step", name="safetyplanstep_step_per_owner")]


class MedicationEvent(Owned):
    START, CHANGE, STOP = "start", "change", "stop"
    KINDS = [(START, "started"), (CHANGE, "dose changed"), (STOP, "stopped")]

    uid = models.CharField(max_length=32)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=KINDS)
    dose = models.CharField(max_length=60, blank=True, default="")
    day = models.DateField(db_index=True)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            unique_per_owner("uid", name="medicationevent_uid_per_owner"),
            models.CheckConstraint(condition=Q(kind__in=list(medication.KINDS)), name="medication_kind_known"),
        ]

    @property
    def ref(self) -> str:
        return f"m{self.pk}"
