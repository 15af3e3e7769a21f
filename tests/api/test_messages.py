"""The message thread in the API: the same people as on the pages, the same rules for a message,
read receipts, and every read and write in the audit log."""

from __future__ import annotations

import pytest
from django.core import mail

from backrehab.audit.models import Action, AuditEvent
from backrehab.messaging.actions import do_send_message
from backrehab.messaging.models import Message

pytestmark = pytest.mark.django_db


def thread_path(world) -> str:
    return f"/patients/{world.subject.pk}/messages"


def test_the_patient_and_the_clinician_write_and_read_each_other(
    world, api_as, django_capture_on_commit_callbacks
):
    patient, clinician = api_as("patient"), api_as("clinician")
    with django_capture_on_commit_callbacks(execute=True):
        response = patient.post(thread_path(world), {"text": "Is swimming fine?"})
    assert response.status_code == 201
    sent = response.json()
    assert sent["author_role"] == "patient"
    assert sent["text"] == "Is swimming fine?"
    assert sent["read_by_team_at"] is None
    assert len(mail.outbox) == 0, "the subject's clinician has no e-mail address in this world"

    listed = clinician.get(thread_path(world)).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == sent["id"]
    assert listed["items"][0]["read_by_team_at"] is None, "listing marks nothing read"

    read = clinician.post(thread_path(world) + "/read")
    assert read.status_code == 200
    assert read.json() == {"newly_read": 1, "unread": 0}
    assert Message.objects.get(pk=sent["id"]).read_by_team_at is not None

    answer = clinician.post(thread_path(world), {"text": "Yes, gently."}).json()
    items = patient.get(thread_path(world)).json()["items"]
    assert [m["id"] for m in items] == [answer["id"], sent["id"]], "newest first"
    assert items[0]["author_role"] == "team"
    assert items[1]["read_by_team_at"] is not None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text: Write a message before sending."),
        ({"text": "x" * 2001}, "text"),
        ({}, "text"),
    ],
)
def test_a_bad_message_answers_422_with_the_field_named(world, api_as, body, problem):
    response = api_as("patient").post(thread_path(world), body)
    assert response.status_code == 422
    assert any(line.startswith(problem) for line in response.json()["errors"]), response.json()
    assert not Message.objects.exists()


@pytest.mark.parametrize("role", ["other_patient", "other_clinician", "other_admin"])
def test_anyone_else_finds_no_thread(world, api_as, role):
    do_send_message(world.subject, "Private.", by=world.user("patient"))
    client = api_as(role)
    assert client.get(thread_path(world)).status_code == 404
    assert client.post(thread_path(world), {"text": "Hello"}).status_code == 404
    assert client.post(thread_path(world) + "/read").status_code == 404
    assert Message.objects.count() == 1
    assert Message.objects.get().read_by_team_at is None


def test_every_read_and_write_is_in_the_audit_log(world, api_as):
    AuditEvent.objects.all().delete()
    client = api_as("clinic_admin")
    sent = client.post(thread_path(world), {"text": "Hello"}).json()
    client.get(thread_path(world))
    client.post(thread_path(world) + "/read")
    events = list(
        AuditEvent.objects.order_by("at", "pk").values_list("actor_name", "action", "what")
    )
    assert events == [
        ("clinic-admin", Action.CHANGED, f"message {sent['id']} sent"),
        ("clinic-admin", Action.VIEWED, "message thread"),
        ("clinic-admin", Action.VIEWED, "message thread"),
    ]
