"""Import and export formats, as a registry of small classes.

Each format is pure: it turns a :class:`~glimmers.core.transfer.bundle.Bundle` into
bytes or bytes into a Bundle, touching no database. Importers are strict:
any malformed or partial input raises ``ImportProblem`` naming the line,
so that an import is all-or-nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Mapping, Protocol

from glimmers.core.transfer.bundle import Bundle
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _


@dataclass(frozen=True)
class ReadContext:
    """What an importer may need to know about the person importing."""

    now: datetime  # aware; nothing may be dated after it
    timezone: str  # IANA zone for formats that store local times only
    # the person's own score (-5..5) for mood names a tracker let them choose (Daylio's), by name
    mood_map: Mapping[str, int] = field(default_factory=dict)


class Exporter(Protocol):
    name: ClassVar[str]
    extension: ClassVar[str]

    def write(self, bundle: Bundle) -> bytes: ...


class Importer(Protocol):
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def read(self, data: bytes, context: ReadContext) -> Bundle: ...


def exporters() -> dict[str, type[Exporter]]:
    from glimmers.core.transfer.formats.fhir_bundle import FhirBundle
    from glimmers.core.transfer.formats.glimmers_csv import GlimmersCsv
    from glimmers.core.transfer.formats.glimmers_json import GlimmersJson

    return {cls.name: cls for cls in (GlimmersJson, GlimmersCsv, FhirBundle)}


def importers() -> dict[str, type[Importer]]:
    from glimmers.core.transfer.formats.daylio import DaylioCsv
    from glimmers.core.transfer.formats.glimmers_csv import GlimmersCsv
    from glimmers.core.transfer.formats.glimmers_json import GlimmersJson
    from glimmers.core.transfer.formats.jrnl import JrnlJson

    return {cls.name: cls for cls in (GlimmersJson, GlimmersCsv, DaylioCsv, JrnlJson)}


def exporter(name: str) -> Exporter:
    known = exporters()
    if name not in known:
        raise InvalidInput(
            _("Unknown export format %(name)s. Choose one of: %(known)s.") % {"name": name, "known": ", ".join(known)},
            field="format",
        )
    return known[name]()
