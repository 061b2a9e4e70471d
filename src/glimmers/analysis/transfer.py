"""The person's notes for the report in exports, imports and backups (put together by glimmers.transfer).

They travel in the export's toolkit section (``help_notes``), where earlier
releases put them, and count among its records.
"""

from __future__ import annotations

from datetime import datetime

from glimmers.analysis.models import HelpNote
from glimmers.core.toolkit import toolkit_records


def export_parts(parts: dict) -> None:
    parts["toolkit"]["help_notes"] = [
        toolkit_records.record_of("help_notes", row) for row in HelpNote.objects.order_by("updated_at", "id")
    ]


def write_parts(bundle, report, *, now: datetime) -> None:
    notes = bundle.toolkit["help_notes"]
    if notes and not HelpNote.objects.exists():  # like values: never over the person's own
        HelpNote.objects.bulk_create([HelpNote(**record) for record in notes])
        report.toolkit += len(notes)


def delete_all() -> None:
    HelpNote.objects.all().delete()
