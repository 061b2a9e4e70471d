"""FHIR export: parsed back with the fhir.resources models (real validation),
codes, linkIds, one Observation per total, references that resolve, and the
same text for the same input."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from glimmers.core.transfer import fhir
from glimmers.core.care import instruments
from glimmers.core.errors import InvalidInput

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
BERLIN = timezone(timedelta(hours=1))
PHQ9 = fhir.Administration("s1", "phq9", (0, 1, 2, 3, 0, 1, 2, 3, 1), 2, T0)
GAD7 = fhir.Administration("s2", "gad7", (1, 1, 1, 1, 0, 0, 2), None, T0 + timedelta(days=1))
PHQ2 = fhir.Administration("s3", "phq2", (3, 2), None, T0 + timedelta(days=2))
GAD2 = fhir.Administration("s4", "gad2", (0, 1), None, T0 + timedelta(days=3))
ALL = [PHQ9, GAD7, PHQ2, GAD2]


def parsed(administrations=ALL) -> Bundle:
    return Bundle.model_validate_json(fhir.bundle(administrations))


def resources(bundle: Bundle, kind: type) -> list:
    return [entry.resource for entry in bundle.entry if isinstance(entry.resource, kind)]


def test_the_output_is_a_valid_r4b_collection():
    bundle = parsed()
    assert bundle.type == "collection"
    assert len(resources(bundle, QuestionnaireResponse)) == 4
    assert len(resources(bundle, Observation)) == 4
    assert fhir.FHIR_RELEASE == "4.3.0"


def test_questionnaire_response_items_and_answer_codes():
    response = resources(parsed([PHQ9]), QuestionnaireResponse)[0]
    assert response.status == "completed"
    assert response.questionnaire == "http://loinc.org/q/44249-1"
    assert response.authored == T0
    phq9 = instruments.instrument("phq9")
    assert [item.linkId for item in response.item] == [item.loinc for item in phq9.items] + ["69722-7"]
    assert response.item[8].text == "Thoughts that you would be better off dead, or of hurting yourself in some way"
    codings = [item.answer[0].valueCoding for item in response.item]
    assert all(c.system == "http://loinc.org" for c in codings)
    assert [c.code for c in codings[:4]] == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
    assert [c.display for c in codings[:4]] == ["Not at all", "Several days", "More than half the days", "Nearly every day"]
    assert (codings[-1].code, codings[-1].display) == ("LA6575-0", "Very difficult")


def test_functional_item_is_left_out_when_not_answered():
    admin = fhir.Administration("s9", "phq9", (0,) * 9, None, T0)
    response = resources(parsed([admin]), QuestionnaireResponse)[0]
    assert len(response.item) == 9 and "69722-7" not in [item.linkId for item in response.item]


@pytest.mark.parametrize(
    "admin, code, total, questionnaire",
    [
        (PHQ9, "44261-6", 13, "http://loinc.org/q/44249-1"),
        (GAD7, "70274-6", 6, "http://loinc.org/q/69737-5"),
        (PHQ2, "55758-7", 5, "http://loinc.org/q/55757-9"),
        (GAD2, None, 1, None),  # no verified LOINC total or panel code
    ],
)
def test_one_observation_per_total(admin, code, total, questionnaire):
    bundle = parsed([admin])
    observation = resources(bundle, Observation)[0]
    response = resources(bundle, QuestionnaireResponse)[0]
    assert observation.status == "final" and observation.valueInteger == total
    assert observation.category[0].coding[0].code == "survey"
    assert observation.category[0].coding[0].system == "http://terminology.hl7.org/CodeSystem/observation-category"
    assert observation.effectiveDateTime == admin.taken_at
    codes = [(c.system, c.code) for c in observation.code.coding or []]
    assert codes == ([("http://loinc.org", code)] if code else [])
    assert observation.code.text.endswith("total score")
    assert response.questionnaire == questionnaire


def test_derived_from_references_resolve_inside_the_bundle():
    bundle = parsed()
    by_url = {entry.fullUrl: entry.resource for entry in bundle.entry}
    assert all(url.startswith("urn:uuid:") for url in by_url)
    for observation in resources(bundle, Observation):
        target = by_url[observation.derivedFrom[0].reference]
        assert isinstance(target, QuestionnaireResponse)
        assert target.authored == observation.effectiveDateTime
    for entry in bundle.entry:
        assert entry.fullUrl == f"urn:uuid:{entry.resource.id}"


def test_output_is_deterministic_and_ids_follow_the_administration_ids():
    first = fhir.bundle(ALL)
    assert first == fhir.bundle(list(reversed(ALL)))  # ordered by time, then id
    assert json.loads(first)["entry"][0]["resource"]["resourceType"] == "QuestionnaireResponse"
    renamed = fhir.Administration("other", *[getattr(PHQ9, f) for f in ("instrument_key", "answers", "functional", "taken_at")])
    assert fhir.bundle([renamed]) != fhir.bundle([PHQ9])
    stamped = fhir.bundle(ALL, timestamp=T0)
    assert json.loads(stamped)["timestamp"] == "2026-11-20T12:00:00Z"


def test_an_empty_export_is_still_a_valid_bundle():
    bundle = parsed([])
    assert bundle.type == "collection" and not bundle.entry


@pytest.mark.parametrize(
    "admins, message",
    [
        ([fhir.Administration("s1", "phq9", (0,) * 8, None, T0)], "The PHQ-9 has 9 questions, but 8 answers were given."),
        ([fhir.Administration("s1", "phq9", (0,) * 9, None, datetime(2026, 11, 20, 12))], "Export times must be in UTC"),
        ([fhir.Administration("s1", "phq9", (0,) * 9, None, T0.astimezone(BERLIN))], "Export times must be in UTC"),
        ([PHQ9, PHQ9], "Each result in an export needs its own id."),
        ([fhir.Administration("s1", "bdi", (0,), None, T0)], "There is no questionnaire called 'bdi'"),
    ],
)
def test_bad_administrations_produce_nothing(admins, message):
    with pytest.raises(InvalidInput, match=re.escape(message)):
        fhir.bundle(admins)


@pytest.mark.slow
def test_the_fhir_library_is_imported_lazily():
    import subprocess
    import sys

    code = "import sys, glimmers.core.transfer.fhir; print('fhir.resources' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_parsing_back_is_real_validation():
    document = json.loads(fhir.bundle([PHQ9]))
    del document["entry"][1]["resource"]["code"]  # an Observation must have a code
    with pytest.raises(ValueError, match="code"):
        Bundle.model_validate(document)
