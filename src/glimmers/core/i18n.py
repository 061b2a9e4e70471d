"""Translation for the pure core without importing Django.

Django's ``compilemessages`` writes ordinary GNU ``.mo`` catalogues under
``glimmers/locale/<lang>/LC_MESSAGES/django.mo``; the standard library reads
the same files, so core messages share one catalogue with the web and CLI.

Which language: one chosen for this request or command (:func:`activate`,
from the person's settings), else the environment's (``GLIMMERS_LANGUAGE``,
then the POSIX variables), else English. Only languages glimmers ships are
ever returned, so content files and catalogues always agree.
"""

from __future__ import annotations

import gettext as _gettext
import os
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Iterator
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT = "en"
# The languages glimmers ships complete: catalogue, content and instruments.
LANGUAGES = {"en": "English", "es": "Español"}

_chosen: ContextVar[str] = ContextVar("glimmers_language", default="")


def supported(name: str) -> str:
    """ "es_MX.UTF-8" -> "es"; "C", "POSIX", "fr" and "" -> "" (not one glimmers ships)."""
    code = name.split(":")[0].split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else ""


def system_language() -> str:
    """The first shipped language the environment names, or "" when it names none."""
    for name in ("GLIMMERS_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            for part in value.split(":"):
                if supported(part):
                    return supported(part)
            if name != "LANGUAGE":
                return ""  # the first POSIX variable set decides, as in C
    return ""


def language() -> str:
    """The language to speak now: always one of :data:`LANGUAGES`."""
    return _chosen.get() or system_language() or DEFAULT


def activate(name: str) -> None:
    """Speak ``name`` from now on in this thread or task ("" goes back to the environment's)."""
    _chosen.set(supported(name))


@contextmanager
def speaking(name: str) -> Iterator[str]:
    """Speak ``name`` inside the block (a web request), then what was spoken before."""
    token = _chosen.set(supported(name))
    try:
        yield language()
    finally:
        _chosen.reset(token)


@lru_cache(maxsize=8)
def _catalogue(language: str) -> _gettext.NullTranslations:
    return _gettext.translation("django", LOCALE_DIR, languages=[language], fallback=True)


def gettext(message: str) -> str:
    return _catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it is used (a lone word like "higher")."""
    return _catalogue(language()).pgettext(context, message)


def gettext_noop(message: str) -> str:
    """Mark a message for translation where it is declared; it is translated
    where it is shown (Django's makemessages collects these calls too)."""
    return message


_ = gettext
