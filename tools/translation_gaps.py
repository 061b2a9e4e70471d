"""What a language still lacks: catalogue messages without a translation, and
content words without one (``python tools/translation_gaps.py es``).

Exits 1 while anything is missing, so it can guard a release.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from glimmers.core import content  # noqa: E402
from glimmers.core.i18n import LANGUAGES, LOCALE_DIR  # noqa: E402

# Content that is not translated: the risk lexicon and model are matched in
# every language at once, and the demo journal is a sample person's own words.
NOT_TRANSLATED = frozenset({"risk_lexicon.toml", "demo.toml"})


def content_files() -> list[str]:
    return sorted(path.name for path in content.CONTENT_FOLDER.glob("*.toml") if path.name not in NOT_TRANSLATED)


def content_gaps(language: str) -> dict[str, list[str]]:
    """Per content file, the places still in English; a translation that does not fit its
    English file (rows out of order, a changed key, a lost placeholder) is one gap naming why."""
    import tomllib

    gaps = {}
    for name in content_files():
        data = tomllib.loads((content.CONTENT_FOLDER / name).read_text(encoding="utf-8"))
        try:
            content.localize(name, data, language)
        except content.ContentError as problem:
            gaps[name] = [f"does not fit the English file: {problem}"]
            continue
        gaps[name] = content.untranslated(name, language)
    return {name: places for name, places in gaps.items() if places}


def catalogue_gaps(language: str) -> list[str]:
    """Messages of the language's catalogue with an empty or fuzzy translation."""
    import polib

    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    return [entry.msgid for entry in catalogue if entry.msgid and (not entry.translated() or "fuzzy" in entry.flags)]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in LANGUAGES or argv[0] == "en":
        print(f"usage: python tools/translation_gaps.py LANGUAGE  (one of: {', '.join(sorted(set(LANGUAGES) - {'en'}))})")
        return 2
    language = argv[0]
    missing = 0
    for name, places in content_gaps(language).items():
        print(f"content/{language}/{name}: {len(places)} untranslated")
        for place in places[:20]:
            print(f"  {place}")
        missing += len(places)
    messages = catalogue_gaps(language)
    if messages:
        print(f"locale/{language}: {len(messages)} messages untranslated")
        for message in messages[:20]:
            print(f"  {message[:100]!r}")
    missing += len(messages)
    print("complete" if not missing else f"{missing} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
