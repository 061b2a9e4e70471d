"""What may be shared, and with whom: the declarations and the checks on a choice."""

from __future__ import annotations

import re

import pytest

from glimmers.core.errors import InvalidInput
from glimmers.core.sharing import scopes

DECLARED = ("weekly_summary", "checkin_ratings", "notes_and_glimmers", "screening", "safety_plan", "clinician_report")
WORRYING = {"notes_and_glimmers", "screening", "safety_plan", "clinician_report"}


def test_the_scopes_are_declared_once_in_this_order():
    assert scopes.SCOPE_KEYS == DECLARED
    assert [s.key for s in scopes.SCOPES] == list(DECLARED)
    assert scopes.ROLES == ("trusted", "clinician")


@pytest.mark.parametrize("role", scopes.ROLES)
def test_every_role_has_something_it_may_be_given(role):
    assert [s.key for s in scopes.SCOPES if role in s.roles]


def test_every_role_has_a_purpose_of_use():
    assert scopes.role("clinician").purpose == "TREAT"
    assert scopes.role("trusted").purpose == "PATRQT"
    coding = scopes.role("trusted").purpose_coding()
    assert coding == {"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "PATRQT",
                      "display": "patient requested"}


@pytest.mark.parametrize("item", scopes.SCOPES, ids=lambda s: s.key)
def test_every_scope_says_what_it_shows_and_hides(item):
    for text in (item.label, item.shows, item.hides, item.fhir_class):
        assert isinstance(text, str) and text.strip() and text == text.strip()
    assert item.shows.endswith(".") and item.hides.endswith(".")
    assert item.roles and set(item.roles) <= set(scopes.ROLES)


def test_the_clinician_report_goes_to_clinicians_only():
    assert scopes.scope("clinician_report").roles == ("clinician",)
    assert scopes.checked_scopes(["clinician_report"], "clinician") == ("clinician_report",)
    with pytest.raises(InvalidInput, match="The clinician report") as refused:
        scopes.checked_scopes(["weekly_summary", "clinician_report"], "trusted")
    assert "Someone you trust" in refused.value.message
    assert refused.value.field == "scopes"


def test_everything_else_may_go_to_either_role():
    others = [key for key in DECLARED if key != "clinician_report"]
    for role in scopes.ROLES:
        assert scopes.checked_scopes(others, role) == tuple(others)


def test_the_choice_comes_back_once_each_in_the_declared_order():
    chosen = ["safety_plan", "weekly_summary", "safety_plan", "screening", "weekly_summary"]
    assert scopes.checked_scopes(chosen, "trusted") == ("weekly_summary", "screening", "safety_plan")
    assert scopes.checked_scopes(iter(chosen), "clinician") == ("weekly_summary", "screening", "safety_plan")
    assert scopes.checked_scopes("screening", "trusted") == ("screening",)  # one key, not its letters


@pytest.mark.parametrize(
    "keys, role, message",
    [
        ([], "trusted", "Choose at least one thing to share."),
        (["diary"], "trusted", "There is nothing to share called 'diary'."),
        (["weekly_summary", "Weekly_Summary"], "clinician", "There is nothing to share called 'Weekly_Summary'."),
        (["weekly_summary"], "friend", "There is no sharing role called 'friend'."),
        ([None], "trusted", "There is nothing to share called 'None'."),
    ],
)
def test_unknown_or_empty_choices_are_refused(keys, role, message):
    with pytest.raises(InvalidInput, match=re.escape(message)):
        scopes.checked_scopes(keys, role)


def test_unknown_keys_are_refused_by_name():
    with pytest.raises(InvalidInput, match="'everything'"):
        scopes.scope("everything")
    with pytest.raises(InvalidInput, match="'admin'"):
        scopes.role("admin")


def test_the_safety_notice_is_needed_exactly_for_the_worrying_scopes():
    assert {s.key for s in scopes.SCOPES if s.may_show_worrying_answers} == WORRYING
    for key in DECLARED:
        assert scopes.needs_safety_notice([key]) is (key in WORRYING)
    assert scopes.needs_safety_notice(["weekly_summary", "checkin_ratings"]) is False
    assert scopes.needs_safety_notice(["weekly_summary", "screening"]) is True
    assert scopes.needs_safety_notice([]) is False
    with pytest.raises(InvalidInput):
        scopes.needs_safety_notice(["diary"])
    assert "Nobody watches" in scopes.safety_notice()


def test_the_screening_scope_names_question_9():
    assert "PHQ-9 question 9" in scopes.scope("screening").shows


def test_the_security_labels_are_restricted_and_psychiatric():
    assert [(c["system"], c["code"], c["display"]) for c in scopes.SECURITY_LABELS] == [
        ("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted"),
        ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", "psychiatry information sensitivity"),
    ]
