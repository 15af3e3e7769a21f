"""A re-assessment's larger change waiting for the clinician (a ProgramProposal) is part of the
record an EHR receives: a CarePlan with intent "proposal" and its proposed exercises."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from fhir.resources.R4B.bundle import Bundle

from backrehab.care.actions.programs import do_approve_proposal, do_reassess, do_reject_proposal
from backrehab.care.models import Program, ProgramProposal
from backrehab.clinic.models import Clinic, Patient, Role
from backrehab.exports.fhir import EXERCISE_SYSTEM, clinic_ndjson, patient_bundle, resource_id
from tests import personas
from tests.care.test_reassessment_actions import flexion_preference, progressed_patient
from tests.exports.conftest import references

pytestmark = pytest.mark.django_db


def proposed(library_in_db: object) -> tuple[Patient, ProgramProposal]:
    patient, _ = progressed_patient()
    result = do_reassess(patient, flexion_preference())
    assert result.proposal is not None
    return patient, result.proposal


def bundle_of(patient) -> dict:
    bundle = json.loads(json.dumps(patient_bundle(patient)))
    Bundle.model_validate(bundle)
    return bundle


def by_id(bundle: dict) -> dict[str, dict]:
    return {e["resource"]["id"]: e["resource"] for e in bundle["entry"]}


def clinician(clinic: Clinic) -> User:
    return personas.staff(clinic, Role.CLINICIAN, "pt", "Jo", "Martinez").user


def test_a_waiting_proposal_is_a_draft_care_plan_with_intent_proposal(library_in_db):
    patient, proposal = proposed(library_in_db)
    bundle = bundle_of(patient)
    resources = by_id(bundle)
    plan = resources[resource_id("proposal", proposal.pk)]
    assert plan["resourceType"] == "CarePlan"
    assert (plan["status"], plan["intent"]) == ("draft", "proposal")
    in_force = Program.objects.get(patient=patient, is_active=True)
    assert proposal.program_id == in_force.pk
    assert plan["replaces"][0]["reference"] == f"urn:uuid:{resource_id('care-plan', in_force.pk)}"
    # The active CarePlan is still the program in force.
    active = [
        r for r in resources.values() if r["resourceType"] == "CarePlan" and r["status"] == "active"
    ]
    assert [r["id"] for r in active] == [resource_id("care-plan", in_force.pk)]
    # One proposed ServiceRequest per exercise of the proposed program, with its dose.
    requests = [
        resources[a["reference"]["reference"].removeprefix("urn:uuid:")] for a in plan["activity"]
    ]
    assert [r["code"]["coding"][0]["code"] for r in requests] == [
        i["exercise"] for i in proposal.plan["items"]
    ]
    for request in requests:
        assert (request["status"], request["intent"]) == ("draft", "proposal")
        assert request["code"]["coding"][0]["system"] == EXERCISE_SYSTEM
        assert request["extension"] and request["patientInstruction"]
    # What would change and why, and that it is waiting.
    notes = [n["text"] for n in plan["note"]]
    assert len(notes) == len(proposal.changes) + 1
    assert any(n.startswith("add ") for n in notes) and any(n.startswith("remove ") for n in notes)
    assert notes[-1] == "Waiting for the clinician's decision."
    assert set(references(bundle["entry"])) <= {e["fullUrl"] for e in bundle["entry"]}


def test_an_approved_proposal_is_completed_and_the_program_it_became_is_based_on_it(
    library_in_db,
):
    patient, proposal = proposed(library_in_db)
    new = do_approve_proposal(proposal, by=clinician(patient.clinic), note="Agreed in clinic.")
    resources = by_id(bundle_of(patient))
    plan = resources[resource_id("proposal", proposal.pk)]
    assert plan["status"] == "completed"
    practitioner = resources[plan["author"]["reference"].removeprefix("urn:uuid:")]
    assert practitioner["resourceType"] == "Practitioner"
    assert "by Jo Martinez. Agreed in clinic." in plan["note"][-1]["text"]
    result = resources[resource_id("care-plan", new.pk)]
    assert result["status"] == "active"
    assert result["basedOn"] == [{"reference": f"urn:uuid:{plan['id']}", "type": "CarePlan"}]


def test_a_rejected_proposal_is_revoked_with_the_reason(library_in_db):
    patient, proposal = proposed(library_in_db)
    do_reject_proposal(proposal, by=clinician(patient.clinic), note="Extension still helps.")
    plan = by_id(bundle_of(patient))[resource_id("proposal", proposal.pk)]
    assert plan["status"] == "revoked"
    assert plan["note"][-1]["text"].startswith("Rejected on ")
    assert plan["note"][-1]["text"].endswith("Extension still helps.")


def test_the_clinic_export_carries_the_proposal_with_relative_references(library_in_db):
    patient, proposal = proposed(library_in_db)
    lines = [json.loads(chunk) for chunk in clinic_ndjson(patient.clinic)]
    (plan,) = [r for r in lines if r["id"] == resource_id("proposal", proposal.pk)]
    assert plan["intent"] == "proposal"
    exported = {f"{r['resourceType']}/{r['id']}" for r in lines}
    assert set(references(lines)) <= exported
