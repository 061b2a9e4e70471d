"""Where glimmers keeps its files, and the one way it writes a file.

Every file glimmers writes (exports, backups, reports, printed safety
plans, calendars, secrets, settings) goes through :func:`safe_write`:
readable by its owner alone from the moment it exists, written whole or
not at all, and never through a link, a pipe or a device that someone
else put in its place.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


class NotAPlainFile(OSError):
    """The target exists and is a link, a folder, a pipe or a device: never replaced."""


def home() -> Path:
    """The data folder: ``$GLIMMERS_HOME`` or the platform's user data folder."""
    override = os.environ.get("GLIMMERS_HOME")
    if override:
        return Path(override).expanduser().resolve()
    import platformdirs

    return platformdirs.user_data_path("glimmers", appauthor=False)


def ensure_home() -> Path:
    """The data folder, created readable by its owner alone.

    A folder glimmers creates is made private. A folder that already exists
    keeps the mode its owner gave it (a shared folder named by
    ``GLIMMERS_HOME`` is not silently changed); ``glimmers doctor`` says
    when others can look inside. The files in it are private either way.
    """
    folder = home()
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
        try:
            folder.chmod(PRIVATE_FOLDER)  # mkdir's mode is reduced by the umask, never widened
        except OSError:
            pass
    return folder


def private_folder(folder: Path) -> Path:
    """A folder of our own inside the data folder (backups, unsaved words), private."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    return folder


def cache_folder() -> Path:
    """Where glimmers keeps what it can always make again (prepared content, see
    ``glimmers.prepared_store``): ``cache`` in the data folder when
    ``$GLIMMERS_HOME`` names one, else the platform's user cache folder."""
    if os.environ.get("GLIMMERS_HOME"):
        return home() / "cache"
    import platformdirs

    return platformdirs.user_cache_path("glimmers", appauthor=False)


def database_file(*, demo: bool = False) -> Path:
    return home() / ("demo.sqlite3" if demo else "glimmers.sqlite3")


def check_plain_target(target: Path) -> None:
    """Refuse a target that exists and is not a regular file (symlinks included)."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(found.st_mode):
        raise NotAPlainFile(f"{target} is not a plain file")


def safe_write(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path``: private, atomic, never through a link.

    The temporary file is created exclusively (``O_EXCL | O_NOFOLLOW``, mode
    0600) under a random name in the target's own folder, so a link planted
    in advance is never followed; it is synced, then renamed over the
    target, which is therefore either the old file or the whole new one.
    A target that exists and is not a regular file raises
    :class:`NotAPlainFile`; disk full, read-only folders and the like raise
    the usual :class:`OSError`, with nothing left behind.
    """
    import tempfile

    target = Path(path).expanduser()
    check_plain_target(target)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent or ".")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        check_plain_target(target)  # still nothing else in its place
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def private_file(path: Path, content: str) -> None:
    """Write a small text file (a secret, the settings) only its owner may read."""
    safe_write(path, content.encode("utf-8"))


def secret(name: str, *, rotate: bool = False) -> str:
    """A random token kept in the data folder (made on first use), readable by its owner alone."""
    import secrets as random_tokens

    path = ensure_home() / name
    if not rotate:
        try:
            token = path.read_text(encoding="utf-8").strip()
            if len(token) >= 32:
                return token
        except FileNotFoundError:
            pass
    token = random_tokens.token_urlsafe(32)
    private_file(path, token)
    return token
