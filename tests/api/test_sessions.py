"""Recording sessions through the API: stored once per client_id, then the progression rules."""

from __future__ import annotations

import pytest

from backrehab.audit.models import AuditEvent
from backrehab.care.models import Program, SessionLog
from tests.api.conftest import intake_answers, session_body

pytestmark = pytest.mark.django_db


def test_a_new_session_answers_201_and_the_same_one_again_200(world, api_as):
    client = api_as("patient")
    body = session_body(world)
    first = client.post(f"/patients/{world.subject.pk}/sessions", body)
    again = client.post(f"/patients/{world.subject.pk}/sessions", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert (first.json()["created"], again.json()["created"]) == (True, False)
    assert first.json()["session"]["id"] == again.json()["session"]["id"]
    assert SessionLog.objects.filter(client_id=body["client_id"]).count() == 1


def test_without_a_program_the_session_counts_for_the_one_in_force(world, api_as):
    body = session_body(world)
    del body["program"]
    response = api_as("patient").post(f"/patients/{world.subject.pk}/sessions", body)
    assert response.status_code == 201
    assert response.json()["session"]["program_id"] == world.program.pk


def test_the_progression_rules_run_after_a_session_like_in_the_app(world, api_as):
    body = session_body(world, exercise={"peripheralised": True})
    response = api_as("patient").post(f"/patients/{world.subject.pk}/sessions", body)
    assert response.status_code == 201
    active = Program.objects.get(patient=world.subject, is_active=True)
    assert response.json()["active_program_id"] == active.pk != world.program.pk
    decisions = api_as("clinician").get(f"/patients/{world.subject.pk}/decisions").json()
    stop = decisions["items"][0]
    assert (stop["decision"], stop["program_id"]) == ("stop", active.pk)
    assert stop["exercise"] == world.program.plan["items"][0]["exercise"]
    assert stop["reasons"]
    programs = api_as("clinician").get(f"/patients/{world.subject.pk}/programs").json()
    assert [p["is_active"] for p in programs["items"]] == [True, False]
    assert programs["items"][0]["changes"][0]["decision"] == "stop"
    assert programs["items"][1]["items"][0]["reasons"]
    # Reasons carry the values of their sentence, so a client can show it in another language.
    reasons = [r for item in programs["items"][1]["items"] for r in item["reasons"]]
    assert any(r["params"].get("exercise") for r in reasons)


def test_staff_cannot_record_a_patients_session(world, api_as):
    response = api_as("clinician").post(
        f"/patients/{world.subject.pk}/sessions", session_body(world)
    )
    assert response.status_code == 403
    assert "patient" in response.json()["detail"]


def test_a_bad_log_answers_422_with_each_field(world, api_as):
    body = session_body(world, pain_before=12, exercise={"effort": "hard"})
    body["client_id"] = "not-a-uuid"
    response = api_as("patient").post(f"/patients/{world.subject.pk}/sessions", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e.startswith("client_id: ") for e in errors)
    assert any(e.startswith("session.pain_before: ") for e in errors)
    assert any(e.startswith("session.exercises[0].effort: ") for e in errors)


def test_another_patients_program_is_refused(world, api_as):
    other = Program.objects.exclude(patient=world.subject).first()
    assert other is not None
    body = session_body(world)
    body["program"] = other.pk
    response = api_as("patient").post(f"/patients/{world.subject.pk}/sessions", body)
    assert response.status_code == 422
    assert response.json()["errors"] == ["program: not one of this patient's programs"]


def test_a_client_id_used_by_another_patient_is_refused(world, api_as):
    other = world.user("other_patient").patient
    SessionLog.objects.filter(pk=world.log.pk).update(patient=other)
    body = session_body(world)
    body["client_id"] = str(world.log.client_id)
    response = api_as("patient").post(f"/patients/{world.subject.pk}/sessions", body)
    assert response.status_code == 422
    assert response.json()["errors"] == ["client_id: already used for another record"]


def test_sessions_list_newest_first_with_what_was_done(world, api_as):
    api_as("patient").post(f"/patients/{world.subject.pk}/sessions", session_body(world))
    items = api_as("clinician").get(f"/patients/{world.subject.pk}/sessions").json()["items"]
    assert [s["performed_on"] for s in items] == ["2026-11-05", "2026-11-03"]
    assert items[0]["exercises"][0]["effort"] == 4


def test_recording_a_session_is_audited(world, api_as):
    api_as("patient").post(f"/patients/{world.subject.pk}/sessions", session_body(world))
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert (event.action, event.patient_id) == ("changed", world.subject.pk)


def test_a_nul_character_in_text_answers_422_and_stores_nothing(world, api_as):
    # PostgreSQL cannot store U+0000 (a 500 before); SQLite stored it raw.
    body = session_body(world)
    body["session"]["note"] = "felt fine\x00"
    response = api_as("patient").post(f"/patients/{world.subject.pk}/sessions", body)
    assert response.status_code == 422
    assert response.json()["errors"] == ["note: must not contain the NUL character"]
    assert not SessionLog.objects.filter(client_id=body["client_id"]).exists()


def test_a_nul_character_in_an_evaluation_answers_422(world, api_as):
    answers = intake_answers(goal_notes="walk the dog\x00")
    response = api_as("patient").post(f"/patients/{world.subject.pk}/evaluations", answers)
    assert response.status_code == 422
    assert response.json()["errors"] == ["goal_notes: must not contain the NUL character"]
