"""Where glimmers keeps its files: one private folder per person."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The data folder: ``$GLIMMERS_HOME`` or the platform's user data folder."""
    override = os.environ.get("GLIMMERS_HOME")
    if override:
        return Path(override).expanduser().resolve()
    import platformdirs

    return platformdirs.user_data_path("glimmers", appauthor=False)


def ensure_home() -> Path:
    """Create the data folder readable by its owner alone."""
    folder = home()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        folder.chmod(0o700)
    except OSError:  # e.g. a folder owned by someone else; leave it be
        pass
    return folder


def database_file(*, demo: bool = False) -> Path:
    return home() / ("demo.sqlite3" if demo else "glimmers.sqlite3")


def private_file(path: Path, content: str) -> None:
    """Write a file only its owner may read, replacing it atomically."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that it is either the old one or the whole new one, never half."""
    temporary = path.with_name(path.name + ".partial")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


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
