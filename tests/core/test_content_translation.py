"""A content translation holds only words, fits its English file row for row, and a shipped
language lacks nothing: the loader refuses a translation that would move, re-key or break a row."""

from __future__ import annotations

import tomllib

import pytest

from glimmers.core import content, i18n
from glimmers.core.content import ContentError, localize

BASE = {
    "schema": "glimmers.test/1",
    "last_reviewed": "2026-12-06",
    "intro": "Hello %(name)s.",
    "row": [{"key": "one", "label": "One", "minutes": 3, "slot": "body"}, {"key": "two", "label": "Two", "minutes": 5, "slot": "body"}],
    "words": ["a", "b"],
}


def _write(tmp_path, monkeypatch, text: str) -> None:
    (tmp_path / "es").mkdir(exist_ok=True)
    (tmp_path / "es" / "test.toml").write_text('schema = "glimmers.test/1"\nlanguage = "es"\n' + text)
    monkeypatch.setattr(content, "CONTENT_FOLDER", tmp_path)


def test_words_replace_words_and_everything_else_stays_english(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, 'intro = "Hola %(name)s."\nwords = ["x"]\n[[row]]\nkey = "one"\nlabel = "Uno"\n')
    merged = localize("test.toml", BASE, "es")
    assert merged["intro"] == "Hola %(name)s." and merged["words"] == ["x"]
    assert merged["row"][0] == {"key": "one", "label": "Uno", "minutes": 3, "slot": "body"}
    assert merged["row"][1]["label"] == "Two"  # a row the translation has not reached stays English
    assert localize("test.toml", BASE, "en") is BASE


@pytest.mark.parametrize(
    "text, problem",
    [
        ('[[row]]\nkey = "two"\nlabel = "Dos"\n', "the English row's is 'one'"),
        ('[[row]]\nlabel = "Uno"\n', "must repeat its key"),
        ('[[row]]\nkey = "one"\nslot = "cuerpo"\n', "not words"),
        ('[[row]]\nkey = "one"\nminutes = 4\n', "not words"),
        ('intro = "Hola."\n', "placeholders"),
        ('extra = "¿?"\n', "not in the English file"),
        ('[[row]]\nkey = "one"\n[[row]]\nkey = "two"\n[[row]]\nkey = "three"\n', "at most 2 rows"),
    ],
)
def test_a_translation_that_does_not_fit_is_refused(tmp_path, monkeypatch, text, problem):
    _write(tmp_path, monkeypatch, text)
    with pytest.raises(ContentError, match=problem):
        localize("test.toml", BASE, "es")


def test_every_shipped_language_is_complete():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    import translation_gaps

    for language in set(i18n.LANGUAGES) - {"en"}:
        assert translation_gaps.content_gaps(language) == {}, language
        assert translation_gaps.catalogue_gaps(language) == [], language


def test_the_compiled_catalogues_say_what_their_sources_say():
    import gettext

    import polib

    for source in sorted((i18n.LOCALE_DIR).glob("*/LC_MESSAGES/django.po")):
        compiled = gettext.GNUTranslations(source.with_suffix(".mo").open("rb"))
        for entry in polib.pofile(str(source)):
            if entry.msgid and not entry.msgid_plural and not entry.msgctxt:
                assert compiled.gettext(entry.msgid) == entry.msgstr, (source, entry.msgid)
            elif entry.msgctxt and not entry.msgid_plural:
                assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, (source, entry.msgid)


def test_the_language_comes_from_a_choice_then_the_environment(monkeypatch):
    for name in ("GLIMMERS_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert i18n.language() == "en"
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert i18n.language() == "es"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # the first POSIX variable set decides
    assert i18n.language() == "en"
    monkeypatch.setenv("GLIMMERS_LANGUAGE", "es")
    assert i18n.language() == "es"
    with i18n.speaking("en"):
        assert i18n.language() == "en" and i18n.gettext("Save language") == "Save language"
    with i18n.speaking("es"):
        assert i18n.gettext("Save language") == "Guardar idioma"
    assert i18n.supported("fr_FR") == "" and i18n.supported("es-419") == "es"


def test_loaders_cache_each_language_apart():
    from glimmers.core.toolkit import guides

    with i18n.speaking("es"):
        spanish = guides.guide("understanding").title
    with i18n.speaking("en"):
        english = guides.guide("understanding").title
    assert (english, spanish) == ("Understanding numbness", "Entender el entumecimiento emocional")
    raw = tomllib.loads((content.CONTENT_FOLDER / "guides.toml").read_text())
    assert raw["guide"][0]["key"] == guides.guides()[0].key


def test_a_damaged_translation_never_keeps_the_crisis_lines_away(tmp_path, monkeypatch):
    import shutil

    for name in ("crisis_lines.toml", "emergency_numbers.toml"):
        shutil.copy(content.CONTENT_FOLDER / name, tmp_path / name)
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "crisis_lines.toml").write_text('schema = "nonsense"\nlanguage = "es"\n')
    monkeypatch.setattr(content, "CONTENT_FOLDER", tmp_path)
    for loader in (content._crisis_lines, content.emergency_numbers, content._emergency_by_code, content.crisis_countries,
                   content._countries_by_code):
        loader.cache_clear()
    try:
        with i18n.speaking("es"):
            shown = content.crisis_lines_for("ES")
        assert shown[0].code == "ES" and shown[0].services and shown[-1].is_international
    finally:
        monkeypatch.undo()
        for loader in (content._crisis_lines, content.emergency_numbers, content._emergency_by_code, content.crisis_countries,
                       content._countries_by_code):
            loader.cache_clear()
