"""The address a finished session is sent to: stored once, however often the phone sends it."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from backrehab.care.models import Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.progression import done_as_prescribed
from backrehab.operations.demo import seed_demo_clinic

pytestmark = pytest.mark.django_db
URL = "/my/session/log"


@pytest.fixture
def sam(client):
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-sam"))
    return Patient.objects.get(user__username="demo-sam")


def body_for(patient: Patient, client_id: str | None = None, **session) -> dict:
    program = Program.objects.get(patient=patient, is_active=True)
    item = program.plan["items"][0]
    log = {
        "date": timezone.localdate().isoformat(),
        "pain_before": 3,
        "exercises": [done_as_prescribed(item, pain_during=2, effort=4)],
    }
    log.update(session)
    return {"client_id": client_id or str(uuid.uuid4()), "program": program.pk, "session": log}


def post(client: Client, body: object) -> object:
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_a_finished_session_is_stored(client, sam):
    before = SessionLog.objects.filter(patient=sam).count()
    response = post(client, body_for(sam))
    assert response.status_code == 201
    assert response.json() == {"stored": True, "created": True}
    assert SessionLog.objects.filter(patient=sam).count() == before + 1


def test_sending_the_same_log_twice_stores_it_once(client, sam):
    body = body_for(sam)
    first = post(client, body)
    second = post(client, body)
    assert first.json() == {"stored": True, "created": True}
    assert second.status_code == 200
    assert second.json() == {"stored": True, "created": False}
    assert SessionLog.objects.filter(client_id=body["client_id"]).count() == 1


def test_the_stored_log_is_the_session_document(client, sam):
    body = body_for(sam)
    post(client, body)
    log = SessionLog.objects.get(client_id=body["client_id"])
    assert log.data["pain_before"] == 3
    assert log.data["exercises"][0]["pain_during"] == 2
    assert log.performed_on == timezone.localdate()


def test_the_progression_rules_run_after_each_log(client, sam, monkeypatch):
    from backrehab.care import services

    seen = []
    real = services.apply_progression

    def spy(patient):
        seen.append(patient)
        return real(patient)

    monkeypatch.setattr(services, "apply_progression", spy)
    post(client, body_for(sam))
    assert seen == [sam]


def test_bad_json_is_refused_with_a_message(client, sam):
    response = client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_an_invalid_log_names_each_bad_field(client, sam):
    body = body_for(sam, pain_before=11)
    body["session"]["exercises"][0]["effort"] = -1
    response = post(client, body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) == 2
    assert any("pain_before" in e for e in errors) and any("effort" in e for e in errors)
    assert not SessionLog.objects.filter(client_id=body["client_id"]).exists()


def test_a_missing_client_id_is_refused(client, sam):
    body = body_for(sam)
    body["client_id"] = "not-a-uuid"
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["errors"] == ["client_id: must be a UUID"]


def test_only_the_patients_own_program_is_accepted(client, sam):
    alex = Patient.objects.get(user__username="demo-alex")
    body = body_for(sam)
    body["program"] = Program.objects.get(patient=alex, is_active=True).pk
    response = post(client, body)
    assert response.status_code == 404
    assert SessionLog.objects.filter(client_id=body["client_id"]).count() == 0


def test_a_log_for_an_earlier_program_of_the_patient_is_still_stored(client, sam):
    """A session kept on the phone while offline may arrive after the program moved on."""
    body = body_for(sam)
    Program.objects.filter(patient=sam).update(is_active=False)
    assert post(client, body).status_code == 201


def test_it_is_csrf_protected(sam):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="demo-sam"))
    body = json.dumps(body_for(sam))
    assert client.post(URL, body, content_type="application/json").status_code == 403
    client.get("/my/session/")
    token = client.cookies["csrftoken"].value
    response = client.post(URL, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_signed_out_phones_get_a_json_answer_not_the_sign_in_page(sam):
    """fetch() follows redirects: a sign-in page would look like success to the outbox."""
    response = post(Client(), body_for(sam))
    assert response.status_code == 401
    assert response.json()["errors"]


def test_only_post_is_allowed(client, sam):
    assert client.get(URL).status_code == 405


def test_the_end_of_session_pain_the_note_and_skip_reasons_reach_the_server(client, sam):
    item = Program.objects.get(patient=sam, is_active=True).plan["items"][1]["exercise"]
    body = body_for(
        sam,
        pain_after=2,
        note="Easier than last time.",
        skipped=[{"exercise": item, "reason": "too hard"}],
    )
    assert post(client, body).status_code == 201
    stored = SessionLog.objects.get(client_id=body["client_id"]).data
    assert stored["pain_after"] == 2 and stored["note"] == "Easier than last time."
    assert stored["skipped"] == [{"exercise": item, "reason": "too hard"}]


def test_an_unknown_skip_reason_is_refused_with_the_field_named(client, sam):
    body = body_for(sam, skipped=[{"exercise": "bird-dog", "reason": "bored"}])
    response = post(client, body)
    assert response.status_code == 422
    assert any("skipped" in error for error in response.json()["errors"])
