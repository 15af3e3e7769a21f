"""A patient downloads everything kept about them as one JSON file; nobody else's data is in it."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from backrehab.audit.models import Action, AuditEvent
from backrehab.care.models import Alert, ClinicianNote, Evaluation, Program, SessionLog
from backrehab.messaging.models import PushSubscription
from backrehab.records import rights
from tests.clinic.rights_world import EMAIL, PUSH_ENDPOINT, USERNAME, person, rich_world

pytestmark = pytest.mark.django_db


def _download(client: Client) -> dict:
    response = client.get(reverse("my-data"), {"download": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="backrehab-my-data-')
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)


def test_the_download_holds_every_kind_of_record_about_the_patient(library_in_db):
    world = rich_world()
    subject = world.subject
    Program.objects.filter(pk=world.program.pk).update(
        changes=[{"exercise": "x", "decision": "progress", "reason": "easy"}],
        overrides=[{"exercise": "x", "rule": "r", "warning": "w", "reason": "checked"}],
    )

    data = _download(world.extra["client"])

    assert data["account"]["username"] == USERNAME and data["account"]["email"] == EMAIL
    assert data["patient"]["record_number"] == subject.pk
    assert data["patient"]["clinic"] == "Home Clinic"
    evaluations = Evaluation.objects.filter(patient=subject)
    assert [e["id"] for e in data["evaluations"]] == sorted(e.pk for e in evaluations)
    first = evaluations.get(pk=data["evaluations"][0]["id"])
    assert data["evaluations"][0]["answers"] == first.answers
    assert data["evaluations"][0]["scores"] == first.scores
    assert len(data["programs"]) == Program.objects.filter(patient=subject).count()
    program = next(p for p in data["programs"] if p["id"] == world.program.pk)
    assert program["plan"] == world.program.plan
    assert program["changes"][0]["reason"] == "easy"
    assert program["overrides"][0]["reason"] == "checked"
    assert [s["id"] for s in data["sessions"]] == [world.log.pk]
    assert data["sessions"][0]["data"] == SessionLog.objects.get(pk=world.log.pk).data
    assert [a["kind"] for a in data["alerts"]] == [Alert.Kind.NO_SESSION]
    assert [n["text"] for n in data["clinician_notes"]] == [ClinicianNote.objects.get().text]
    assert data["clinician_notes"][0]["author"] == "clinician"
    assert len(data["invitations"]) == 2
    assert data["calendar"] == {
        "reminders_by_email": True,
        "reminder_time": "07:00",
        "last_reminder_on": None,
    }
    assert data["unfinished_evaluation"]["answers"] == {"age": 41}
    (device,) = data["notification_devices"]
    assert device["device"] == "Chrome · Android" and device["since"]
    assert [k["name"] for k in data["api_keys"]] == ["my phone"]
    assert {(e["by"], e["action"]) for e in data["record_access"]} >= {
        ("clinician", "viewed"),
        (USERNAME, "exported"),
    }


def test_the_calendar_address_is_not_in_the_file(library_in_db):
    world = rich_world()
    token = world.subject.calendar.token

    assert token not in json.dumps(rights.patient_data(world.subject))


def test_the_phones_push_address_and_keys_are_not_in_the_file(library_in_db):
    world = rich_world()
    stored = PushSubscription.objects.get(patient=world.subject)
    text = json.dumps(rights.patient_data(world.subject))

    for secret in (PUSH_ENDPOINT, "zq-device-token", stored.p256dh, stored.auth):
        assert secret not in text


def test_nothing_about_another_patient_is_in_the_file(library_in_db):
    world = rich_world()
    other = person(world, "other_patient").patient
    ClinicianNote.objects.create(patient=other, text="Private to the other patient.")

    data = _download(world.extra["client"])

    text = json.dumps(data)
    assert "Private to the other patient." not in text
    assert "other-patient" not in text
    other_evaluations = set(Evaluation.objects.filter(patient=other).values_list("pk", flat=True))
    assert not other_evaluations & {e["id"] for e in data["evaluations"]}


def test_each_download_is_in_the_audit_log(library_in_db):
    world = rich_world()
    before = AuditEvent.objects.filter(action=Action.EXPORTED).count()

    _download(world.extra["client"])

    event = AuditEvent.objects.filter(action=Action.EXPORTED).order_by("-pk").first()
    assert AuditEvent.objects.filter(action=Action.EXPORTED).count() == before + 1
    assert (event.patient_id, event.actor_name) == (world.subject.pk, USERNAME)


def test_the_page_explains_what_is_kept_and_offers_the_download(library_in_db):
    world = rich_world()
    before = AuditEvent.objects.count()

    page = world.extra["client"].get(reverse("my-data")).content.decode()

    assert "What is kept about you" in page
    assert 'href="?download=1"' in page
    assert AuditEvent.objects.count() == before, "only the download itself is an export"


def test_staff_are_sent_to_their_own_pages(library_in_db):
    world = rich_world()
    client = Client()
    client.force_login(person(world, "clinician"))

    assert client.get(reverse("my-data"), {"download": "1"}).status_code == 302
