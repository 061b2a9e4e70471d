"""Compile the translation catalogues (``locale/<lang>/LC_MESSAGES/django.po``) into the
``.mo`` files Django and ``glimmers.core.i18n`` read.

Run after editing a catalogue: ``python tools/compile_messages.py``. It needs no GNU
gettext (polib writes the same format), and a test checks the committed ``.mo``
files say what their catalogues say.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "glimmers" / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def compile_all() -> list[Path]:
    import polib

    written = []
    for source in catalogues():
        catalogue = polib.pofile(str(source))
        problems = [entry.msgid for entry in catalogue if entry.msgid and "python-format" in entry.flags and not _same_placeholders(entry)]
        if problems:
            raise SystemExit(f"{source}: placeholders differ from the English in: {problems[:5]}")
        target = source.with_suffix(".mo")
        catalogue.save_as_mofile(str(target))
        written.append(target)
    return written


def _same_placeholders(entry) -> bool:
    import re

    mark = re.compile(r"%\([a-z_]+\)[sdf]|%[sd]")
    wanted = sorted(mark.findall(entry.msgid))
    if entry.msgid_plural:
        plural = sorted(mark.findall(entry.msgid_plural))
        return all(not text or sorted(mark.findall(text)) in (wanted, plural) for text in entry.msgstr_plural.values())
    return not entry.msgstr or sorted(mark.findall(entry.msgstr)) == wanted


if __name__ == "__main__":
    for path in compile_all():
        print(path.relative_to(ROOT))
    sys.exit(0)
