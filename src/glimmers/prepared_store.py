"""Where the core keeps prepared content between processes: one private file
per form in the cache folder (``glimmers.paths.cache_folder``).

A file is written with :func:`glimmers.paths.safe_write` (0600, whole or not
at all, never through a link). It is read only when it is a plain file of
this account that nobody else may write, and no larger than any form can
be; the core then checks its key and checksum (``glimmers.core.prepared``).
Anything else is treated as missing, and the form is made again.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from glimmers import paths
from glimmers.core import prepared

# Far above any prepared form (the risk model's is under 1 MB).
LARGEST = 16 * 1024 * 1024


class FileStore:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.prepared"

    def read(self, name: str) -> bytes | None:
        try:
            descriptor = os.open(self._path(name), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(descriptor, "rb") as handle:
            found = os.fstat(handle.fileno())
            mine = not hasattr(os, "geteuid") or found.st_uid == os.geteuid()
            if not stat.S_ISREG(found.st_mode) or not mine or found.st_mode & 0o022 or found.st_size > LARGEST:
                return None
            return handle.read(LARGEST + 1)

    def write(self, name: str, data: bytes) -> None:
        paths.private_folder(self.folder)
        paths.safe_write(self._path(name), data)


def install() -> None:
    """Keep the core's prepared forms in the cache folder, for every later process."""
    prepared.use_store(FileStore(paths.cache_folder()))
