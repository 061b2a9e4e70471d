"""Prepared forms of published content, kept between processes.

Some content takes long to prepare compared with a whole command: the risk
lexicon's regular expressions and the risk model's weights took most of
every check-in. Their prepared form is plain data (JSON, text
and IEEE doubles, never pickle), made by the module that owns the content
and read back by the same module.

The core writes no files. The application gives it a :class:`Store`
(``glimmers.prepared_store``: private files in the cache folder); without
one, a form is made in memory once per process. A kept form is sealed with
a key and a checksum:

- the key names what the form was made from: the content file's SHA-256,
  the form's own version, glimmers' version and Python's (a form made by
  another version is stale);
- the checksum is the SHA-256 of the form's bytes (a damaged form).

A form whose key or checksum does not match, or that its reader refuses, is
ignored and made again. What is used is always what the reader read from the
bytes, fresh or kept, so the two cannot differ.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from typing import Protocol, TypeVar

import glimmers

T = TypeVar("T")

_MAGIC = b"GLIMMERS-PREPARED-1\n"
# What a reader raises for bytes it cannot use (besides ValueError's subclasses).
_UNREADABLE = (ValueError, KeyError, TypeError, IndexError, EOFError, OverflowError)


class Store(Protocol):
    """Somewhere to keep prepared forms, by name; failures are the store's own business."""

    def read(self, name: str) -> bytes | None: ...

    def write(self, name: str, data: bytes) -> None: ...


_store: Store | None = None


def use_store(store: Store | None) -> None:
    """Keep prepared forms in ``store`` from now on (None: in memory only)."""
    global _store
    _store = store


def key(name: str, source: bytes, version: int) -> bytes:
    """What a form of ``name`` made from ``source`` by reader version ``version`` is keyed by."""
    made_by = f"{name}\n{version}\nglimmers {glimmers.__version__}\n{sys.implementation.name} {sys.version}\n{sys.byteorder}\n"
    return hashlib.sha256(made_by.encode("utf-8") + hashlib.sha256(source).digest()).hexdigest().encode("ascii")


def seal(sealed_with: bytes, payload: bytes) -> bytes:
    return _MAGIC + sealed_with + b"\n" + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def unseal(data: bytes, expected: bytes) -> bytes | None:
    """The payload of a sealed form, or None when it is stale, damaged or not one."""
    head = len(_MAGIC) + 2 * 65
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    sealed_with, digest = data[len(_MAGIC) : len(_MAGIC) + 64], data[len(_MAGIC) + 65 : head - 1]
    payload = data[head:]
    if sealed_with != expected or hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
        return None
    return payload


def kept(name: str, source: bytes, version: int, make: Callable[[], bytes], read: Callable[[bytes], T]) -> T:
    """The prepared form of ``source``: read from the store when a sound one of
    this key is kept there, else made with ``make``, read, and kept.

    An error in ``make`` (broken content) is raised as it is; nothing about the
    store ever is: without a usable store the form is simply made again.
    """
    expected = key(name, source, version)
    store = _store
    if store is not None:
        try:
            data = store.read(name)
        except OSError:
            data = None
        payload = unseal(data, expected) if data else None
        if payload is not None:
            try:
                return read(payload)
            except _UNREADABLE:
                pass  # made by a reader with a bug since fixed, or tampered with: made again
    payload = make()
    result = read(payload)
    if store is not None:
        try:
            store.write(name, seal(expected, payload))
        except OSError:
            pass
    return result
