"""Content files load, carry review dates, and the crisis fallback is never empty."""

import pytest

from glimmers.core import content


def test_every_content_file_loads_with_unique_keys():
    for loader in (content.numbness_forms, content.warning_signs, content.tag_categories):
        keys = [choice.key for choice in loader()]
        assert keys and len(keys) == len(set(keys))


def test_the_spec_s_forms_and_warning_signs_are_all_there():
    assert {c.key for c in content.numbness_forms()} == {"blunted", "detached", "no_pleasure", "no_drive"}
    assert len(content.warning_signs()) == 5


@pytest.mark.parametrize(
    "code, expected",
    [("US", ["US", "INTL"]), ("gb", ["GB", "INTL"]), ("DE", ["EU", "INTL"]), ("JP", ["INTL"]), ("", ["INTL"]), (None, ["INTL"])],
)
def test_crisis_lines_always_end_with_the_international_directory(code, expected):
    assert [entry.code for entry in content.crisis_lines_for(code)] == expected


def test_crisis_data_follows_the_clinical_facts():
    by_code = {entry.code: entry for entry in content.crisis_countries()}
    us = by_code["US"].services[0]
    assert (us.call, us.text) == ("988", "988")
    assert "press 3" not in us.notes.lower()  # discontinued in July 2025
    assert by_code["GB"].services[0].call == "116 123"
    assert by_code["AU"].emergency == "000"
    assert by_code["IE"].emergency_dial == "112"
    assert all(entry.last_verified for entry in by_code.values())


def test_category_guess_uses_the_examples():
    assert content.category_for("Home") == "where"
    assert content.category_for("alone") == "who"
    assert content.category_for("meeting") == "doing"
    assert content.category_for("chest tension") == "body"
    assert content.category_for("knitting") == "other"
