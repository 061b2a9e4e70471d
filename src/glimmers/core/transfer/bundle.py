"""A bundle of journal records: what every exporter writes and every importer reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from glimmers.core.toolkit import toolkit_records
from glimmers.core.care.care_records import MedicationRecord, ScreeningRecord
from glimmers.core.journal.entries import CheckIn, DayFactors, Glimmer
from glimmers.core.safety.safety_plan import SafetyPlan


@dataclass
class Bundle:
    checkins: list[CheckIn] = field(default_factory=list)
    glimmers: list[Glimmer] = field(default_factory=list)
    days: list[DayFactors] = field(default_factory=list)
    screenings: list[ScreeningRecord] = field(default_factory=list)
    medications: list[MedicationRecord] = field(default_factory=list)
    safety_plan: SafetyPlan | None = None
    # The reconnection toolkit's tables, as checked plain rows (core.toolkit.toolkit_records).
    toolkit: dict[str, list[dict]] = field(default_factory=lambda: toolkit_records.empty())
    # Plain-language remarks an importer wants the person to see in the preview,
    # e.g. "3 Daylio moods were not recognised; kept as tags". Never errors.
    remarks: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return (
            len(self.checkins) + len(self.glimmers) + len(self.days)
            + len(self.screenings) + len(self.medications) + (0 if self.safety_plan is None else 1)
            + toolkit_records.count(self.toolkit)
        )
