"""Keeping the safety plan: one row per step, saved all together."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from glimmers.care.models import SafetyPlanStep
from glimmers.core.safety import safety_plan
from glimmers.core.safety.safety_plan import SafetyPlan


def load() -> SafetyPlan:
    return safety_plan.from_stored(dict(SafetyPlanStep.objects.values_list("step", "text")))


def last_changed() -> datetime | None:
    row = SafetyPlanStep.objects.order_by("-updated_at").first()
    return row.updated_at if row else None


@transaction.atomic
def save(plan: SafetyPlan, *, now: datetime) -> SafetyPlan:
    """Replace the whole plan with ``plan`` (already validated by the core)."""
    for key in safety_plan.step_keys():
        text = "\n".join(plan.get(key))
        SafetyPlanStep.objects.update_or_create(step=key, defaults={"text": text, "updated_at": now})
    return load()
