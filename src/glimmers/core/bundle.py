"""A bundle of journal records: what every exporter writes and every importer reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from glimmers.core.entries import CheckIn, DayFactors, Glimmer


@dataclass
class Bundle:
    checkins: list[CheckIn] = field(default_factory=list)
    glimmers: list[Glimmer] = field(default_factory=list)
    days: list[DayFactors] = field(default_factory=list)
    # Plain-language remarks an importer wants the person to see in the preview,
    # e.g. "3 Daylio moods were not recognised; kept as tags". Never errors.
    remarks: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.checkins) + len(self.glimmers) + len(self.days)
