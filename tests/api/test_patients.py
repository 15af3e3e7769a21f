"""Patients through the API: staff see their clinic's, a patient themself; ids reveal nothing."""

from __future__ import annotations

import pytest

from backrehab.audit.models import AuditEvent
from backrehab.clinic.models import Patient
from tests import personas

pytestmark = pytest.mark.django_db


def test_a_clinician_lists_the_clinics_patients_with_risk_and_last_session(world, api_as):
    body = api_as("clinician").get("/patients").json()
    assert body["count"] == 2
    subject = next(p for p in body["items"] if p["id"] == world.subject.pk)
    assert subject == {
        "id": world.subject.pk,
        "name": "subject",
        "username": "subject",
        "clinician": "clinician",
        "risk_group": "low",
        "last_session": "2026-11-03",
    }


def test_another_clinics_staff_list_only_their_own_patients(world, api_as):
    body = api_as("other_admin").get("/patients").json()
    assert [p["username"] for p in body["items"]] == ["away-patient"]


def test_a_patient_gets_a_list_of_one_themself(world, api_as):
    body = api_as("patient").get("/patients").json()
    assert body["count"] == 1
    assert body["items"][0]["id"] == world.subject.pk


def test_a_patient_reads_their_own_record(world, api_as):
    response = api_as("patient").get(f"/patients/{world.subject.pk}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["clinic"] == "Home Clinic"
    assert detail["active_program_id"] == world.program.pk
    assert (detail["open_alerts"], detail["sessions"]) == (1, 1)


@pytest.mark.parametrize("role", ["other_patient", "other_clinician", "other_admin"])
def test_someone_elses_patient_answers_404_like_a_missing_one(world, api_as, role):
    client = api_as(role)
    for path in ("", "/evaluations", "/programs", "/sessions", "/scores", "/decisions"):
        theirs = client.get(f"/patients/{world.subject.pk}{path}")
        missing = client.get(f"/patients/999999{path}")
        assert theirs.status_code == missing.status_code == 404, path
        assert theirs.json() == missing.json()


def test_reading_a_record_is_written_to_the_audit_log(world, api_as):
    before = AuditEvent.objects.count()
    api_as("clinician").get(f"/patients/{world.subject.pk}/sessions")
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert event is not None
    assert (event.actor_name, event.patient_id, event.action) == (
        "clinician",
        world.subject.pk,
        "viewed",
    )
    assert "API" in event.what


def test_a_signed_in_person_without_a_role_sees_no_patients(world, api_as):
    from backrehab.api.auth import issue_token
    from tests.api.conftest import ApiClient

    nobody = personas.user("nobody")  # an account that is neither staff nor a patient
    client = ApiClient(issue_token(nobody, "x"))
    assert client.get("/patients").json() == {"items": [], "count": 0}
    assert client.get(f"/patients/{world.subject.pk}").status_code == 404
    assert Patient.objects.count() == 3
