"""Content files load, carry review dates, and the crisis fallback is never empty."""

import tomllib
from datetime import date

import pytest

from glimmers.core import content
from glimmers.core.content import ContentError

EU_STATES = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE").split()
WITH_LINES = (*EU_STATES, "US", "CA", "GB", "AU", "NZ", "IN", "BR", "JP", "MX", "ZA")


def test_every_content_file_loads_with_unique_keys():
    for loader in (content.numbness_forms, content.warning_signs, content.tag_categories):
        keys = [choice.key for choice in loader()]
        assert keys and len(keys) == len(set(keys))


def test_the_spec_s_forms_and_warning_signs_are_all_there():
    assert {c.key for c in content.numbness_forms()} == {"blunted", "detached", "no_pleasure", "no_drive"}
    assert len(content.warning_signs()) == 5


# --- the shipped crisis data ---------------------------------------------------


@pytest.mark.parametrize(
    "code, expected",
    [("US", ["US", "INTL"]), ("gb", ["GB", "INTL"]), ("uk", ["GB", "INTL"]), ("DE", ["DE", "INTL"]), (" de ", ["DE", "INTL"]),
     ("ZZ", ["INTL"]), ("INTL", ["INTL"]), ("", ["INTL"]), (None, ["INTL"])],
)
def test_crisis_lines_always_end_with_the_international_directory(code, expected):
    assert [entry.code for entry in content.crisis_lines_for(code)] == expected


def test_every_country_has_an_emergency_number():
    numbers = content.emergency_numbers()
    assert len(numbers) >= 230  # every ISO country and territory a public source gives a number for
    codes = [number.code for number in numbers]
    assert len(codes) == len(set(codes))
    for number in numbers:
        assert number.number and number.dial.isdigit(), number.code
        assert number.source.startswith(("https://", "http://")) and isinstance(number.verified, date), number.code
        assert content.emergency_for(number.code) == number
    assert content.emergency_for("ZZ") is None and content.emergency_for(None) is None


def test_the_emergency_numbers_people_rely_on():
    expected = {"US": {"911"}, "CA": {"911"}, "GB": {"999", "112"}, "AU": {"000"}, "NZ": {"111"}, "DE": {"112"}, "IE": {"112", "999"}}
    for code, numbers in expected.items():
        assert content.emergency_for(code).dial in numbers, code
    assert content.emergency_for("gb").code == "GB"


@pytest.mark.parametrize("code", WITH_LINES)
def test_the_eu_and_large_countries_have_crisis_lines(code):
    entry = content.crisis_lines_for(code)[0]
    assert entry.code == code and entry.services, code
    assert entry.emergency and entry.emergency_dial.isdigit(), code
    assert entry.source.startswith(("https://", "http://")), code
    for service in entry.services:
        assert service.call or service.text or service.web or service.email, (code, service.name)
        assert not service.web or service.web.startswith("https://"), (code, service.name)


def test_a_country_without_stored_lines_still_gets_its_emergency_number():
    without = [entry for entry in content.crisis_countries() if not entry.services and not entry.is_international]
    assert without, "every country has lines? then this test needs another example"
    entry = content.crisis_lines_for(without[0].code)
    assert [e.code for e in entry] == [without[0].code, "INTL"]
    assert entry[0].emergency and entry[0].emergency == content.emergency_for(without[0].code).number


def test_the_chooser_lists_every_country_by_name_then_anywhere_else():
    countries = content.crisis_countries()
    assert countries[-1].code == "INTL" and countries[-1].services
    assert any("findahelpline.com" in service.web for service in countries[-1].services)
    codes = [entry.code for entry in countries[:-1]]
    assert set(codes) == {number.code for number in content.emergency_numbers()}
    assert content.country_codes() == frozenset(codes)
    names = [content._sort_key(entry)[1] for entry in countries[:-1]]
    assert names == sorted(names)


def test_country_names():
    assert content.country_name("DE") == "Germany"
    assert content.country_name("uk") == content.country_name("GB")
    assert content.country_name("ZZ") == "" and content.country_name("INTL") == "" and content.country_name(None) == ""


def test_crisis_data_follows_the_clinical_facts():
    by_code = {entry.code: entry for entry in content.crisis_countries()}
    us = next(s for s in by_code["US"].services if s.call == "988")
    assert (us.call, us.text) == ("988", "988")
    assert "press 3" not in us.notes.lower()  # discontinued in July 2025
    assert any(s.call == "116 123" for s in by_code["GB"].services)
    assert by_code["AU"].emergency_dial == "000"
    assert by_code["IE"].emergency_dial in ("112", "999")
    assert all(entry.last_verified for entry in by_code.values())


# --- the loaders refuse broken files loudly --------------------------------------

EMERGENCY = """
schema = "glimmers.emergency_numbers/1"
last_reviewed = "2026-11-20"
[[country]]
code = "DE"
name = "Germany"
emergency = "112"
source = "https://example.org/de"
verified = "2026-11-01"
[[country]]
code = "AU"
name = "Australia"
emergency = "0 0 0"
other = "106 by text telephone."
source = "https://example.org/au"
verified = 2026-11-01
"""

LINES = """
schema = "glimmers.crisis_lines/2"
last_reviewed = "2026-11-20"
[[country]]
code = "DE"
name = "Germany"
last_verified = "2026-11-01"
source = "https://example.org/de"
  [[country.service]]
  name = "TelefonSeelsorge"
  call = "0800 111 0 111"
  text = "+49 170 000"
  web = "https://example.org/ts"
  email = "help@example.org"
[[country]]
code = "INTL"
name = "Anywhere else"
last_verified = "2026-11-01"
source = "https://findahelpline.com/"
  [[country.service]]
  name = "Find A Helpline"
  web = "https://findahelpline.com/"
"""


def test_the_fixture_files_parse():
    numbers = content.parse_emergency_numbers(tomllib.loads(EMERGENCY))
    assert [(n.code, n.number, n.dial, n.verified) for n in numbers] == [
        ("DE", "112", "112", date(2026, 11, 1)), ("AU", "0 0 0", "000", date(2026, 11, 1))]
    assert numbers[1].other == "106 by text telephone."
    lines = content.parse_crisis_lines(tomllib.loads(LINES))
    service = lines[0].services[0]
    assert (service.call_dial, service.text_dial, service.web_label) == ("08001110111", "+49170000", "example.org/ts")


def _broken(text: str, old: str, new: str) -> dict:
    assert old in text
    return tomllib.loads(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "old, new, problem",
    [
        ('glimmers.emergency_numbers/1', 'glimmers.emergency_numbers/0', "schema"),
        ('code = "DE"', 'code = "de"', "upper-case"),
        ('code = "AU"', 'code = "DE"', "twice"),
        ('emergency = "112"', 'emergency = "112 or 999"', "digits"),
        ('emergency = "112"', 'emergency = ""', "emergency"),
        ('source = "https://example.org/de"', 'source = "example.org/de"', "full web address"),
        ('verified = "2026-11-01"', 'verified = "2026-13-01"', "date"),
        ('name = "Germany"', 'name = "Germany"\nemergancy = "112"', "unknown field"),
    ],
)
def test_broken_emergency_numbers_are_refused(old, new, problem):
    with pytest.raises(ContentError, match=problem):
        content.parse_emergency_numbers(_broken(EMERGENCY, old, new))


@pytest.mark.parametrize(
    "old, new, problem",
    [
        ('glimmers.crisis_lines/2', 'glimmers.crisis_lines/1', "schema"),
        ('code = "INTL"', 'code = "XX"', "INTL"),
        ('source = "https://example.org/de"', 'source = "https://example.org/de"\nemergency = "112"', "unknown field"),
        ('code = "DE"', 'code = "DE"\nmember_states = ["AT"]', "unknown field"),
        ('call = "0800 111 0 111"', 'call = "ring us"', "call must be a number"),
        ('web = "https://example.org/ts"', 'web = "example.org/ts"', "https"),
        ('email = "help@example.org"', 'email = "help at example"', "email"),
        ('last_verified = "2026-11-01"', 'last_verified = "soon"', "date"),
        ('name = "Find A Helpline"\n  web = "https://findahelpline.com/"', 'name = "Find A Helpline"', "at least one way"),
        ('last_reviewed = "2026-11-20"', '', "last_reviewed"),
    ],
)
def test_broken_crisis_lines_are_refused(old, new, problem):
    with pytest.raises(ContentError, match=problem):
        content.parse_crisis_lines(_broken(LINES, old, new))


def test_the_old_crisis_lines_schema_is_refused():
    old = 'schema = "glimmers.crisis_lines/1"\nlast_reviewed = "2026-11-22"\n[[country]]\ncode = "EU"\nname = "EU"\nlast_verified = "2026-11-01"\nemergency = "112"\n'
    with pytest.raises(ContentError, match="crisis_lines/2"):
        content.parse_crisis_lines(tomllib.loads(old))


def test_lines_without_an_emergency_number_are_refused(monkeypatch):
    def files(name):
        return tomllib.loads({"emergency_numbers.toml": EMERGENCY, "crisis_lines.toml": LINES.replace('"DE"', '"AT"', 1)}[name])

    for loader in (content.emergency_numbers, content._crisis_lines, content._emergency_by_code, content.crisis_countries, content._countries_by_code):
        loader.cache_clear()
    monkeypatch.setattr(content, "_toml", files)
    try:
        with pytest.raises(ContentError, match="no emergency number for AT"):
            content.crisis_countries()
    finally:
        monkeypatch.undo()
        for loader in (content.emergency_numbers, content._crisis_lines, content._emergency_by_code, content.crisis_countries, content._countries_by_code):
            loader.cache_clear()


def test_category_guess_uses_the_examples():
    assert content.category_for("Home") == "where"
    assert content.category_for("alone") == "who"
    assert content.category_for("meeting") == "doing"
    assert content.category_for("chest tension") == "body"
    assert content.category_for("knitting") == "other"
