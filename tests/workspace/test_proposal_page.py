"""The clinician approves, edits or rejects a re-assessment's larger change from the record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backrehab.care.actions.programs import do_reassess, pending_proposal
from backrehab.care.models import Program, ProgramProposal, ReassessmentSchedule
from backrehab.clinic.models import Role
from tests import personas
from tests.care.test_reassessment_actions import flexion_preference, progressed_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(library_in_db, client):
    patient, _ = progressed_patient()
    proposal = do_reassess(patient, flexion_preference()).proposal
    assert proposal is not None
    clinician = personas.staff(patient.clinic, Role.CLINICIAN, "pt")
    client.force_login(clinician.user)
    return patient, proposal


def test_the_record_points_to_the_waiting_change(waiting, client):
    patient, _ = waiting
    page = client.get(reverse("patient-record", kwargs={"patient_id": patient.pk}))
    assert reverse("proposal", kwargs={"patient_id": patient.pk}) in page.content.decode()


def test_the_proposal_page_lists_what_would_change_and_why(waiting, client):
    patient, proposal = waiting
    page = client.get(reverse("proposal", kwargs={"patient_id": patient.pk})).content.decode()
    assert "Approve the change" in page
    assert "Added after your check-in" in page or "Taken out after your check-in" in page


def test_approving_with_one_exercise_unticked_leaves_it_out(waiting, client):
    patient, proposal = waiting
    keep = [i["exercise"] for i in proposal.plan["items"]][1:]
    response = client.post(
        reverse("proposal-approve", kwargs={"patient_id": patient.pk}), {"item": keep}
    )
    assert response.status_code == 302
    program = Program.objects.get(patient=patient, is_active=True)
    assert [i["exercise"] for i in program.plan["items"]] == keep
    assert pending_proposal(patient) is None


def test_rejecting_without_a_reason_is_refused_with_a_message(waiting, client):
    patient, proposal = waiting
    url = reverse("proposal-reject", kwargs={"patient_id": patient.pk})
    client.post(url, {"note": ""})
    proposal.refresh_from_db()
    assert proposal.status == ProgramProposal.Status.PENDING
    client.post(url, {"note": "Extension still helps."})
    proposal.refresh_from_db()
    assert proposal.status == ProgramProposal.Status.REJECTED


def test_the_reassessment_interval_is_kept_within_2_to_4_weeks(waiting, client):
    patient, _ = waiting
    url = reverse("reassessment-schedule", kwargs={"patient_id": patient.pk})
    client.post(url, {"every_days": "40"})
    assert ReassessmentSchedule.objects.get(patient=patient).every_days == 28
    response = client.post(url, {"every_days": "soon"})
    assert response.status_code == 302
    assert ReassessmentSchedule.objects.get(patient=patient).every_days == 28
