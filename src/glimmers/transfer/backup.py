"""Backups and restore, the same on SQLite and PostgreSQL.

A backup is one consistent snapshot of everything (the trash included) in
the lossless JSON format. Restoring first saves the current journal beside
the database, so a restore can itself be undone; a damaged SQLite journal,
which cannot be read for that copy, is moved aside whole instead.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from glimmers import paths
from glimmers.core.transfer import backup_file
from glimmers.core import input_limits
from glimmers.core.errors import ImportProblem
from glimmers.core.transfer.formats import ReadContext
from glimmers.core.transfer.formats.glimmers_json import GlimmersJson
from glimmers.core.i18n import _
from glimmers.transfer import export_bundle, replace_everything


def backup_bytes(*, passphrase: str | None = None) -> tuple[bytes, int]:
    """One consistent backup of everything, and the number of records in it."""
    bundle = export_bundle()
    return backup_file.seal(GlimmersJson().write(bundle), passphrase), len(bundle)


def write_backup(target: Path, *, passphrase: str | None = None) -> int:
    """Write a backup privately and atomically; returns the number of records in it."""
    data, count = backup_bytes(passphrase=passphrase)
    paths.safe_write(target, data)
    return count


def safety_copy(*, now: datetime) -> Path:
    folder = paths.private_folder(paths.ensure_home() / "backups")
    target = folder / f"before-restore-{now:%Y%m%d-%H%M%S}.json.gz"
    write_backup(target)
    return target


def read_backup(source: Path, *, context: ReadContext, passphrase: str | None = None):
    """The checked content of a backup file; every input limit applies, and nothing is written."""
    data = input_limits.read_file(source, what=_("backup file"))
    if data.startswith(b"SQLite format 3\x00"):
        raise ImportProblem(
            _("%(path)s is a database file, not a glimmers backup; make backups with 'glimmers backup FILE'.")
            % {"path": source}
        )
    export_json = backup_file.unseal(data, passphrase)
    if not export_json.lstrip().startswith(b"{"):
        raise ImportProblem(_("%(path)s is not a glimmers backup.") % {"path": source})
    return GlimmersJson().read(export_json, context)


def restore_bundle(bundle, *, now: datetime):
    """Replace the journal with a checked backup's content; returns (report, safety copy path)."""
    from glimmers import people

    with people.acting_as_the_local_person():
        safety = safety_copy(now=now)
        report = replace_everything(bundle, now=now)
    return report, safety


def restore_over_damaged(bundle, *, now: datetime, moment: datetime):
    """Put a fresh journal holding a checked backup's content in place of a damaged SQLite journal.

    No safety copy can be read out of a damaged journal, so the damaged file
    itself (with its -wal and -shm) is moved aside with the date ``moment``
    in its name, never deleted: that file is the copy. Nothing is moved
    until the fresh journal is complete. Returns (report, where the damaged
    file went).
    """
    from glimmers import people, repair

    def build(fresh: Path):
        repair.fresh_schema(fresh)
        with repair.journal_at(fresh), people.acting_as_the_local_person():
            return replace_everything(bundle, now=now)

    return repair.rebuild_beside(repair.journal_path(), build, moment=moment)
