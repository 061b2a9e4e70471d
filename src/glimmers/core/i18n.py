"""Translation for the pure core without importing Django.

Django's ``compilemessages`` writes ordinary GNU ``.mo`` catalogues under
``glimmers/locale/<lang>/LC_MESSAGES/django.mo``; the standard library reads
the same files, so core messages share one catalogue with the web and CLI.
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def _language() -> str:
    for name in ("GLIMMERS_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value.split(":")[0].split(".")[0]
    return "en"


@lru_cache(maxsize=8)
def _catalogue(language: str) -> _gettext.NullTranslations:
    return _gettext.translation("django", LOCALE_DIR, languages=[language], fallback=True)


def gettext(message: str) -> str:
    return _catalogue(_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it is used (a lone word like "higher")."""
    return _catalogue(_language()).pgettext(context, message)


def gettext_noop(message: str) -> str:
    """Mark a message for translation where it is declared; it is translated
    where it is shown (Django's makemessages collects these calls too)."""
    return message


_ = gettext
