"""Moving a person's whole journal in and out: export, import, backup and restore.

Each app moves its own records (``journal.transfer``, ``care.transfer``,
``toolkit.transfer``, ``analysis.transfer``); this package, above them
all, puts them together into one bundle and back. Imports are
all-or-nothing: the file is parsed and checked completely by the core
first, then written in one transaction. A dry run performs the same writes
and rolls them back, so its preview is exactly what would happen.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from glimmers.analysis import transfer as analysis_transfer
from glimmers.care import transfer as care_transfer
from glimmers.core import input_limits
from glimmers.core.transfer.bundle import Bundle
from glimmers.core.errors import ImportProblem
from glimmers.core.transfer.formats import ReadContext, exporter, importers
from glimmers.core.transfer.formats.glimmers_json import load_json
from glimmers.core.i18n import _
from glimmers.journal import transfer as journal_transfer
from glimmers.toolkit import transfer as toolkit_transfer

# Lowest layer first: a later part may refer to an earlier one's rows.
PARTS = (journal_transfer, care_transfer, toolkit_transfer, analysis_transfer)


@dataclass
class ImportReport:
    source: str
    checkins: int = 0
    glimmers: int = 0
    days: int = 0
    screenings: int = 0
    medications: int = 0
    safety_plan: bool = False
    toolkit: int = 0
    already_present: int = 0
    days_kept: int = 0
    dry_run: bool = False
    remarks: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.checkins + self.glimmers + self.days + self.screenings + self.medications + int(self.safety_plan) + self.toolkit


class _DryRun(Exception):
    pass


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector paused while a whole journal is read and written.

    Records, plain forms and rows hold no cycles, but the collector walks
    every one of them again each time enough new objects pile up: a fifth of
    the time of exporting a large journal. Nothing is lost by pausing it;
    what it would have found is collected when it runs again."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def export_bundle() -> Bundle:
    """Everything, the trash included, in a stable order (one consistent snapshot)."""
    with transaction.atomic(), _collector_paused():
        parts: dict = {}
        for part in PARTS:
            part.export_parts(parts)
        return Bundle(**parts)


def export_bytes(format_name: str) -> bytes:
    chosen = exporter(format_name)
    with _collector_paused():
        return chosen.write(export_bundle())


def _head(data: bytes) -> bytes:
    """The start of the file after a byte-order mark and blank space (without copying the whole file)."""
    return data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]


def _looks_like_json(data: bytes) -> bool:
    return _head(data).startswith((b"{", b"["))


def detect_format(data: bytes) -> str:
    """Guess the format of an import file from its content."""
    head = _head(data)
    if _looks_like_json(data):
        parsed = load_json(data)  # within the input limits; says what is wrong, and where
        if isinstance(parsed, dict) and parsed.get("format") == "glimmers":
            return "json"
        if isinstance(parsed, dict) and "entries" in parsed:
            return "jrnl"
        raise ImportProblem(_("This JSON file is neither a glimmers export nor a jrnl export."))
    first_line = head.split(b"\n", 1)[0].strip().lower()
    if first_line.startswith(b"record,"):
        return "csv"
    if first_line.startswith((b"full_date,", b"year,date,")):
        return "daylio"
    raise ImportProblem(_("The file's format is not one I know; name it with --from (glimmers, daylio or jrnl)."))


TOOL_OF_FORMAT = {"json": "glimmers", "csv": "glimmers", "daylio": "daylio", "jrnl": "jrnl"}


def parse(data: bytes, format_name: str | None, context: ReadContext) -> tuple[str, Bundle]:
    """Read an import file as the named tool's format ("glimmers", "daylio", "jrnl") or recognise it."""
    input_limits.check_file_size(len(data))
    if format_name in (None, "", "auto"):
        format_name = detect_format(data)
    else:
        try:
            seen = detect_format(data)
        except ImportProblem:
            seen = None  # the chosen importer will say what is wrong
        if seen is not None and TOOL_OF_FORMAT[seen] != TOOL_OF_FORMAT.get(format_name, format_name):
            raise ImportProblem(
                _("This is not a %(wanted)s export: it looks like a %(seen)s file. Use --from %(seen)s, or leave --from out.")
                % {"wanted": format_name, "seen": TOOL_OF_FORMAT[seen]}
            )
        if format_name == "glimmers":
            if seen is None and not _looks_like_json(data):
                raise ImportProblem(_("This is not a glimmers export (neither its JSON nor its CSV)."))
            format_name = seen or "json"  # for JSON that cannot be read, the JSON importer says why
    known = importers()
    if format_name not in known:
        raise ImportProblem(
            _("Unknown import format %(name)s; choose glimmers, daylio or jrnl.") % {"name": format_name}
        )
    return format_name, known[format_name]().read(data, context)


def write_bundle(bundle: Bundle, *, source: str, now: datetime, dry_run: bool = False) -> ImportReport:
    """Add a bundle's records that are not already in the journal, all or nothing."""
    journal_transfer.check_unique(bundle)
    report = ImportReport(source=source, dry_run=dry_run, remarks=list(bundle.remarks))
    try:
        with transaction.atomic():
            for part in PARTS:
                part.write_parts(bundle, report, now=now)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


@transaction.atomic
def replace_everything(bundle: Bundle, *, now: datetime) -> ImportReport:
    """Make the journal exactly the bundle (used by restore)."""
    journal_transfer.check_unique(bundle)
    for part in reversed(PARTS):
        part.delete_all()
    return write_bundle(bundle, source="backup", now=now)
