"""The FHIR R4 bundle of a patient: valid, self-contained, with the codes the rules name."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from backrehab.care.models import Evaluation, Program
from backrehab.exports.fhir import DOSE_EXTENSION, EXERCISE_SYSTEM, patient_bundle
from backrehab.library.queries import dose_words
from tests.exports.conftest import references

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(alex) -> dict:
    # Through JSON, as an EHR receives it.
    return json.loads(json.dumps(patient_bundle(alex)))


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def observation(bundle: dict, loinc: str) -> dict:
    (found,) = [
        o
        for o in resources(bundle, "Observation")
        if any(
            c["code"] == loinc and c["system"] == "http://loinc.org" for c in o["code"]["coding"]
        )
    ]
    return found


def test_the_bundle_and_every_resource_in_it_parse_as_fhir_r4(bundle):
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def test_the_bundle_holds_every_part_of_the_record(bundle):
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {
        "Patient",
        "Organization",
        "Practitioner",
        "CarePlan",
        "ServiceRequest",
        "Goal",
        "QuestionnaireResponse",
        "Observation",
        "Procedure",
    } <= kinds


def test_every_reference_resolves_inside_the_bundle(bundle):
    full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
    found = references(bundle["entry"])
    assert found
    assert set(found) <= full_urls


def test_ids_are_stable_between_exports(alex, bundle):
    again = patient_bundle(alex)
    assert [e["fullUrl"] for e in again["entry"]] == [e["fullUrl"] for e in bundle["entry"]]


def test_scores_of_the_demo_intake_carry_the_loinc_codes_and_values(bundle):
    # alex.json: ODI 17 of 45 answered points = 37.8 %; STarT Back 3 (distress 1) = low risk;
    # pain now 5/10.
    odi = observation(bundle, "97909-6")
    assert odi["valueQuantity"]["value"] == 37.8
    assert odi["valueQuantity"]["code"] == "%"
    panel = observation(bundle, "97908-8")
    assert panel["hasMember"] == [{"reference": f"urn:uuid:{odi['id']}", "type": "Observation"}]
    assert observation(bundle, "91351-7")["valueInteger"] == 3
    assert observation(bundle, "91350-9")["valueInteger"] == 1
    risk = observation(bundle, "91352-5")["valueCodeableConcept"]["coding"][0]
    assert (risk["system"], risk["code"]) == ("http://loinc.org", "LA9194-7")
    assert len(observation(bundle, "91349-1")["hasMember"]) == 3
    assert observation(bundle, "72514-3")["valueInteger"] == 5
    for obs in resources(bundle, "Observation"):
        assert obs["category"][0]["coding"][0]["code"] == "survey"


def test_each_score_is_derived_from_the_questionnaire_response_holding_its_answers(bundle):
    responses = {r["id"]: r for r in resources(bundle, "QuestionnaireResponse")}
    assert {r["questionnaire"].rsplit("/", 1)[1] for r in responses.values()} == {
        "odi",
        "startback",
        "nprs",
        "psfs",
    }
    for obs in resources(bundle, "Observation"):
        (source,) = obs["derivedFrom"]
        response = responses[source["reference"].removeprefix("urn:uuid:")]
        assert response["status"] == "completed"
    odi = observation(bundle, "97909-6")
    odi_response = responses[odi["derivedFrom"][0]["reference"].removeprefix("urn:uuid:")]
    # sex_life was skipped: nine sections answered, and "lifting" was statement 3.
    assert len(odi_response["item"]) == 9
    lifting = next(i for i in odi_response["item"] if i["linkId"] == "lifting")
    assert lifting["answer"] == [{"valueInteger": 3}]


def test_each_exercise_is_a_service_request_with_dose_in_words_and_the_dose_extension(alex, bundle):
    program = Program.objects.get(patient=alex, is_active=True)
    (care_plan,) = resources(bundle, "CarePlan")
    assert care_plan["status"] == "active" and care_plan["intent"] == "plan"
    assert care_plan["category"][0]["coding"][0]["code"] == "229065009"
    requests = {f"urn:uuid:{r['id']}": r for r in resources(bundle, "ServiceRequest")}
    activities = [requests[a["reference"]["reference"]] for a in care_plan["activity"]]
    assert len(activities) == len(program.plan["items"])
    for request, item in zip(activities, program.plan["items"], strict=True):
        coding = request["code"]["coding"][0]
        assert (coding["system"], coding["code"]) == (EXERCISE_SYSTEM, item["exercise"])
        words = dose_words(
            item["sets"],
            item["reps"],
            item["hold_seconds"],
            item["duration_seconds"],
            item["per_side"],
        )
        assert request["patientInstruction"].startswith(words)
        (extension,) = [e for e in request["extension"] if e["url"] == DOSE_EXTENSION]
        parts = {
            p["url"]: next(v for k, v in p.items() if k.startswith("value"))
            for p in extension["extension"]
        }
        expected = {"sets": item["sets"], "perSide": item["per_side"], "sessionsPerWeek": 5}
        for key, url in (
            ("reps", "reps"),
            ("hold_seconds", "holdSeconds"),
            ("duration_seconds", "durationSeconds"),
            ("rest_seconds", "restSeconds"),
            ("times_per_day", "timesPerDay"),
        ):
            if item.get(key) is not None:
                expected[url] = item[key]
        assert parts == expected


def test_the_clinicians_note_and_rest_travel_with_the_exercise(alex):
    program = Program.objects.get(patient=alex, is_active=True)
    first = program.plan["items"][0]
    first["note"] = "Keep the range small for the first week."
    first["rest_seconds"] = 45
    program.save(update_fields=["plan"])

    bundle = json.loads(json.dumps(patient_bundle(alex)))
    (request,) = [
        r
        for r in resources(bundle, "ServiceRequest")
        if r.get("basedOn") and r["code"]["coding"][0]["code"] == first["exercise"]
    ]
    get_fhir_model_class("ServiceRequest").model_validate(request)
    assert request["note"] == [{"text": "Keep the range small for the first week."}]
    assert request["patientInstruction"].endswith("Keep the range small for the first week.")
    (extension,) = [e for e in request["extension"] if e["url"] == DOSE_EXTENSION]
    assert {"url": "restSeconds", "valueInteger": 45} in extension["extension"]
    others = [r for r in resources(bundle, "ServiceRequest") if r is not request]
    assert all("note" not in r for r in others if r.get("basedOn"))


def test_goals_come_from_the_psfs_activities_and_pain(bundle):
    texts = [g["description"]["text"] for g in resources(bundle, "Goal")]
    assert any(t.startswith("Lifting my daughter") for t in texts)
    assert "Less pain" in texts
    (care_plan,) = resources(bundle, "CarePlan")
    assert len(care_plan["goal"]) == len(texts)


def test_a_completed_session_is_a_procedure_based_on_its_care_plan(bundle):
    (procedure,) = resources(bundle, "Procedure")
    (care_plan,) = resources(bundle, "CarePlan")
    assert procedure["status"] == "completed"
    assert procedure["performedDateTime"] == "2026-11-03"
    assert procedure["code"]["coding"][0]["code"] == "229065009"
    assert procedure["basedOn"][0]["reference"] == f"urn:uuid:{care_plan['id']}"
    notes = " ".join(n["text"] for n in procedure["note"])
    assert "Pain before 4/10, after 3/10" in notes
    assert "Felt easier at the end." in notes


def test_an_earlier_program_is_a_revoked_care_plan_that_the_new_one_replaces(alex):
    from backrehab.care import services
    from tests.exports.conftest import alex_answers

    services.evaluate(alex, alex_answers(), kind=Evaluation.Kind.REASSESSMENT)
    plans = resources(patient_bundle(alex), "CarePlan")
    old, new = plans
    assert (old["status"], new["status"]) == ("revoked", "active")
    assert new["replaces"][0]["reference"] == f"urn:uuid:{old['id']}"
