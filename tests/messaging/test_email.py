"""The e-mail that says a message is waiting: to the other side only, once per unread burst, in the
patient's language, and never with the message or anything about the patient's health in it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from backrehab.messaging import notify
from backrehab.messaging.actions import do_mark_thread_read, do_send_message
from tests import personas

pytestmark = pytest.mark.django_db

PRIVATE = "My sciatica is worse and my left leg feels numb"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send a message and run what waits for the commit (the e-mail), as a real request does."""

    def sending(patient, body, by):
        with django_capture_on_commit_callbacks(execute=True):
            return do_send_message(patient, body, by=by)

    return sending


def test_the_patients_message_tells_their_clinician_only_that_a_message_is_waiting(thread, send):
    send(thread.patient, PRIVATE, thread.alex)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sam@riverside.example"]
    assert email.subject == "A patient has sent a new message"
    assert "Riverside Physio" in email.body
    assert f"/login/?next=%2Fclinic%2Fpatients%2F{thread.patient.pk}%2Fmessages%2F" in email.body
    text = (email.subject + email.body).lower()
    for private in ("sciatica", "numb", "leg", "alex", "rivera", "alex@example.org"):
        assert private not in text


def test_the_teams_message_tells_the_patient_in_their_language(thread, send):
    thread.patient.language = "es"
    thread.patient.save(update_fields=["language"])

    send(thread.patient, "Your MRI shows a disc bulge at L5.", thread.sam)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["alex@example.org"]
    assert email.subject == "Tiene un mensaje nuevo de su equipo de atención"
    assert "Riverside Physio" in email.body
    assert "/login/?next=%2Fmy%2Fmessages%2F" in email.body
    assert "MRI" not in email.body and "L5" not in email.body and "disc" not in email.body


def test_an_english_patient_gets_the_english_e_mail(thread, send):
    send(thread.patient, "See you Tuesday.", thread.sam)
    assert mail.outbox[0].subject == "You have a new message from your care team"
    assert "You have a new message from your care team at Riverside Physio." in mail.outbox[0].body


def test_one_e_mail_per_unread_burst(thread, send):
    send(thread.patient, "First question.", thread.alex)
    send(thread.patient, "And a second one.", thread.alex)
    assert len(mail.outbox) == 1, "the thread already had an unread message for the team"

    do_mark_thread_read(thread.patient, by=thread.sam)
    send(thread.patient, "A third, after they read.", thread.alex)
    assert len(mail.outbox) == 2

    # The team's reply starts the patient's own burst: one e-mail to the patient.
    send(thread.patient, "Answer one.", thread.sam)
    send(thread.patient, "Answer two.", thread.sam)
    assert [m.to for m in mail.outbox[2:]] == [["alex@example.org"]]


def test_without_a_clinician_the_clinics_admins_are_told_each_in_their_own_e_mail(thread, send):
    thread.patient.clinician = None
    thread.patient.save(update_fields=["clinician"])
    second = personas.staff(thread.clinic, "admin", "bo")
    second.user.email = "bo@riverside.example"
    second.user.save(update_fields=["email"])

    send(thread.patient, "Hello?", thread.alex)

    assert sorted(m.to[0] for m in mail.outbox) == ["ada@riverside.example", "bo@riverside.example"]
    assert all(len(m.to) == 1 for m in mail.outbox)


def test_no_address_no_e_mail_and_the_message_is_kept(thread, send):
    thread.alex.email = ""
    thread.alex.save(update_fields=["email"])
    message = send(thread.patient, "See you Tuesday.", thread.sam)
    assert mail.outbox == []
    assert message.pk is not None


def test_a_mail_server_that_is_down_loses_no_message(thread, send, monkeypatch):
    def down(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(notify, "send_mail", down)
    message = send(thread.patient, "Hello?", thread.alex)
    message.refresh_from_db()
    assert message.body == "Hello?"


def test_no_e_mail_is_sent_for_a_message_that_was_rolled_back(
    thread, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                do_send_message(thread.patient, "Hello?", by=thread.alex)
                raise RuntimeError("the request failed later")
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_the_clinician_is_told_in_the_language_they_sign_in_with(thread, send, client):
    clinician = thread.patient.clinician
    with translation.override("es"):  # signing in on a page shown in Spanish
        client.force_login(clinician.user)
    clinician.refresh_from_db()
    assert clinician.language == "es"

    send(thread.patient, PRIVATE, thread.alex)

    (email,) = mail.outbox
    assert email.subject == "Un paciente ha enviado un mensaje nuevo"
    assert "sciatica" not in email.body.lower()


def test_signing_in_in_english_again_switches_the_e_mails_back(thread, send, client):
    clinician = thread.patient.clinician
    with translation.override("es"):
        client.force_login(clinician.user)
    with translation.override("en"):
        client.force_login(clinician.user)

    send(thread.patient, PRIVATE, thread.alex)

    (email,) = mail.outbox
    assert email.subject == "A patient has sent a new message"
