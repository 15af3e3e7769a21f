"""The patient's own data download holds the larger program changes proposed to their clinician
(and what was decided), and the re-assessment interval the clinician set."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from backrehab.care.actions.programs import do_approve_proposal, do_reassess
from backrehab.care.models import ReassessmentSchedule
from backrehab.clinic.models import Role
from tests import personas
from tests.care.test_reassessment_actions import flexion_preference, progressed_patient

pytestmark = pytest.mark.django_db


def download(client, patient) -> dict:
    client.force_login(patient.user)
    response = client.get(reverse("my-data"), {"download": "1"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_a_waiting_proposal_is_in_the_download(client, library_in_db):
    patient, in_force = progressed_patient()
    proposal = do_reassess(patient, flexion_preference()).proposal
    assert proposal is not None
    (entry,) = download(client, patient)["program_proposals"]
    assert entry["id"] == proposal.pk and entry["status"] == "pending"
    assert entry["plan"] == proposal.plan and entry["changes"] == proposal.changes
    assert entry["from_evaluation"] == proposal.evaluation_id
    assert entry["decided_by"] is None and entry["became_program"] is None


def test_the_decision_on_a_proposal_is_in_the_download(client, library_in_db):
    patient, _ = progressed_patient()
    proposal = do_reassess(patient, flexion_preference()).proposal
    assert proposal is not None
    pt = personas.staff(patient.clinic, Role.CLINICIAN, "pt", "Jo", "Martinez").user
    new = do_approve_proposal(proposal, by=pt, note="Agreed in clinic.")
    ReassessmentSchedule.objects.create(patient=patient, every_days=21, set_by=pt)
    data = download(client, patient)
    (entry,) = data["program_proposals"]
    assert entry["status"] == "approved" and entry["decided_by"] == "Jo Martinez"
    assert entry["decision_note"] == "Agreed in clinic." and entry["became_program"] == new.pk
    assert new.pk in {p["id"] for p in data["programs"]}
    assert data["reassessment_schedule"]["every_days"] == 21
    assert data["reassessment_schedule"]["set_by"] == "Jo Martinez"


def test_another_patients_proposal_is_not_in_the_download(client, library_in_db):
    patient, _ = progressed_patient()
    assert do_reassess(patient, flexion_preference()).proposal is not None
    stranger = personas.patient(patient.clinic, None, "someone-else", joined_on=patient.joined_on)
    data = download(client, stranger)
    assert data["program_proposals"] == [] and data["reassessment_schedule"] is None
