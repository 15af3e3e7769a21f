"""Messages are part of the patient's record: in their data download, removed when the patient is
deleted, and kept (with the writer's name) when a staff member's account goes."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from backrehab.messaging.actions import do_mark_thread_read, do_save_quick_reply, do_send_message
from backrehab.messaging.models import Message, QuickReply
from backrehab.records.actions import do_delete_patient
from backrehab.records.rights import footprint, patient_data

pytestmark = pytest.mark.django_db


def test_the_download_holds_every_message_with_its_read_receipts(thread):
    asked = do_send_message(thread.patient, "Can I swim?", by=thread.alex)
    do_mark_thread_read(thread.patient, by=thread.sam)
    answered = do_send_message(thread.patient, "Yes, gently.", by=thread.sam)
    do_send_message(thread.other_patient, "Not Alex's.", by=thread.other_patient.user)

    data = patient_data(thread.patient)

    assert [(m["id"], m["from"], m["author"], m["text"]) for m in data["messages"]] == [
        (asked.pk, "patient", "Alex Rivera", "Can I swim?"),
        (answered.pk, "team", "Sam Lee", "Yes, gently."),
    ]
    assert data["messages"][0]["read_by_team_at"] is not None
    assert data["messages"][1]["read_by_patient_at"] is None
    json.dumps(data)  # JSON-ready


def test_the_patients_own_download_page_gives_the_messages(thread):
    do_send_message(thread.patient, "Can I swim?", by=thread.alex)
    client = Client()
    client.force_login(thread.alex)
    response = client.get(reverse("my-data"), {"download": "1"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert [m["text"] for m in json.loads(body)["messages"]] == ["Can I swim?"]


def test_deleting_the_patient_deletes_their_thread_and_nothing_else(thread):
    do_send_message(thread.patient, "Can I swim?", by=thread.alex)
    do_send_message(thread.patient, "Yes.", by=thread.sam)
    kept = do_send_message(thread.other_patient, "Hello", by=thread.other_patient.user)
    reply = do_save_quick_reply(thread.clinic, "Ice", "Ice helps.", by=thread.sam)
    assert footprint(thread.patient).messages == 2

    do_delete_patient(thread.patient, thread.admin.user)

    assert list(Message.objects.all()) == [kept]
    assert list(QuickReply.objects.all()) == [reply]


def test_a_departed_clinicians_messages_stay_under_their_name(thread):
    message = do_send_message(thread.patient, "Keep going.", by=thread.sam)
    thread.sam.delete()
    message.refresh_from_db()
    assert message.author is None
    assert message.author_name == "Sam Lee"
    assert patient_data(thread.patient)["messages"][0]["author"] == "Sam Lee"
