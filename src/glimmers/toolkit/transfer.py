"""The toolkit's tables in exports, imports and backups (put together by glimmers.transfer).

Importing adds what is new by uid and never changes what is already here;
children (plan days, marks, adherence answers) come in with a new parent
only. Values are a short list the person writes as a whole, so they are
taken from a file only when none are stored yet.
"""

from __future__ import annotations

from datetime import datetime

from glimmers.core.toolkit import toolkit_records
from glimmers.toolkit import models

BATCH = 500

# table -> model, for the tables that map one to one
_SIMPLE = {
    "activities": models.Activity,
    "goals": models.Goal,
    "pleasure_tries": models.PleasureTry,
    "exercise_sessions": models.ExerciseSession,
    "shared_messages": models.SharedMessage,
}


def export_parts(parts: dict) -> None:
    toolkit = toolkit_records.empty()
    for plan in models.Plan.objects.order_by("created_at", "id"):
        toolkit["plans"].append(toolkit_records.record_of("plans", plan))
        for day in plan.days.order_by("number").prefetch_related("marks"):
            toolkit["plan_days"].append({"plan_uid": plan.uid, **{k: getattr(day, k) for k in ("number", "opened_on", "skipped", "cues", "swaps")}})
            for mark in day.marks.order_by("slot"):
                toolkit["plan_marks"].append({"plan_uid": plan.uid, "number": day.number,
                                              **{k: getattr(mark, k) for k in ("slot", "cue_key", "done_at", "timezone")}})
    toolkit["values"] = [toolkit_records.record_of("values", row) for row in models.Value.objects.order_by("position", "id")]
    for table, model in _SIMPLE.items():
        toolkit[table] = [toolkit_records.record_of(table, row) for row in model.objects.order_by("id")]
    for experiment in models.Experiment.objects.order_by("created_at", "id"):
        toolkit["experiments"].append(toolkit_records.record_of("experiments", experiment))
        for answer in experiment.adherence.order_by("day"):
            toolkit["adherence"].append({"experiment_uid": experiment.uid, "day": answer.day, "answer": answer.answer, "note": answer.note})
    parts["toolkit"] = toolkit


def write_parts(bundle, report, *, now: datetime) -> None:
    toolkit = bundle.toolkit
    written = 0
    present = set(models.Plan.objects.filter(uid__in=[r["uid"] for r in toolkit["plans"]]).values_list("uid", flat=True))
    report.already_present += len(present)
    new_plans = {}
    for record in toolkit["plans"]:
        if record["uid"] not in present:
            new_plans[record["uid"]] = models.Plan.objects.create(**record)
            written += 1
    open_plans = list(models.Plan.objects.filter(ended_at__isnull=True).order_by("-created_at", "-id"))
    for older in open_plans[1:]:  # one plan runs at a time; an imported one may have met a running one
        older.ended_at = now
        older.save(update_fields=["ended_at"])
    new_days = {}
    for record in toolkit["plan_days"]:
        plan = new_plans.get(record["plan_uid"])
        if plan is not None:
            fields = {k: v for k, v in record.items() if k != "plan_uid"}
            new_days[(plan.uid, record["number"])] = models.PlanDay.objects.create(plan=plan, **fields)
            written += 1
    marks = [
        models.PlanMark(day=new_days[(r["plan_uid"], r["number"])], **{k: v for k, v in r.items() if k not in ("plan_uid", "number")})
        for r in toolkit["plan_marks"]
        if (r["plan_uid"], r["number"]) in new_days
    ]
    models.PlanMark.objects.bulk_create(marks, batch_size=BATCH)
    written += len(marks)
    if toolkit["values"] and not models.Value.objects.exists():
        models.Value.objects.bulk_create([models.Value(**record) for record in toolkit["values"]])
        written += len(toolkit["values"])
    for table, model in _SIMPLE.items():
        records = toolkit[table]
        present = set(model.objects.filter(uid__in=[r["uid"] for r in records]).values_list("uid", flat=True))
        fresh = [model(**record) for record in records if record["uid"] not in present]
        model.objects.bulk_create(fresh, batch_size=BATCH)
        written += len(fresh)
        report.already_present += len(present)
    present = set(models.Experiment.objects.filter(uid__in=[r["uid"] for r in toolkit["experiments"]]).values_list("uid", flat=True))
    report.already_present += len(present)
    new_experiments = {}
    for record in toolkit["experiments"]:
        if record["uid"] not in present:
            new_experiments[record["uid"]] = models.Experiment.objects.create(**record)
            written += 1
    answers = [
        models.AdherenceDay(experiment=new_experiments[r["experiment_uid"]], day=r["day"], answer=r["answer"], note=r["note"])
        for r in toolkit["adherence"]
        if r["experiment_uid"] in new_experiments
    ]
    models.AdherenceDay.objects.bulk_create(answers, batch_size=BATCH)
    report.toolkit = written + len(answers)


def delete_all() -> None:
    for model in (models.PlanMark, models.PlanDay, models.Plan, models.Value, models.AdherenceDay, models.Experiment, *_SIMPLE.values()):
        model.objects.all().delete()
