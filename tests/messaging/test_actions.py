"""Sending, reading and quick replies: each is one action that writes its audit event in the same
transaction, and only the patient and their clinic's staff take part in a thread."""

from __future__ import annotations

import pytest

from backrehab.audit.models import Action, AuditEvent
from backrehab.messaging import actions
from backrehab.messaging.actions import (
    MessageInvalid,
    do_delete_quick_reply,
    do_mark_thread_read,
    do_save_quick_reply,
    do_send_message,
)
from backrehab.messaging.models import BODY_MAX, Message, QuickReply, Side
from backrehab.messaging.queries import side_of, unread_count

pytestmark = pytest.mark.django_db


def test_a_patients_message_is_unread_for_the_team_until_someone_of_the_team_reads_it(thread):
    message = do_send_message(
        thread.patient, "  My back feels stiff in the morning.  ", by=thread.alex
    )

    assert message.author_role == Side.PATIENT
    assert message.author_name == "Alex Rivera"
    assert message.body == "My back feels stiff in the morning."
    assert message.read_by_patient_at == message.created_at  # the writer has read it
    assert message.read_by_team_at is None
    assert unread_count(thread.patient, Side.TEAM) == 1
    assert unread_count(thread.patient, Side.PATIENT) == 0

    # The admin answers for the team as much as the clinician does.
    assert do_mark_thread_read(thread.patient, by=thread.admin.user) == 1
    message.refresh_from_db()
    assert message.read_by_team_at is not None
    assert unread_count(thread.patient, Side.TEAM) == 0


def test_a_team_message_is_unread_for_the_patient_until_they_open_the_thread(thread):
    do_send_message(thread.patient, "Try the first exercise slower.", by=thread.sam)
    do_send_message(thread.patient, "And tell me how it goes.", by=thread.sam)
    assert unread_count(thread.patient, Side.PATIENT) == 2
    assert unread_count(thread.patient, Side.TEAM) == 0

    # The team reading its own thread marks nothing of the patient's side.
    assert do_mark_thread_read(thread.patient, by=thread.sam) == 0
    assert unread_count(thread.patient, Side.PATIENT) == 2

    assert do_mark_thread_read(thread.patient, by=thread.alex) == 2
    assert unread_count(thread.patient, Side.PATIENT) == 0
    assert not Message.objects.filter(read_by_patient_at__isnull=True).exists()


def test_only_the_patient_and_their_clinics_staff_take_part(thread):
    assert side_of(thread.alex, thread.patient) == Side.PATIENT
    assert side_of(thread.sam, thread.patient) == Side.TEAM
    assert side_of(thread.admin.user, thread.patient) == Side.TEAM
    for outsider in (
        thread.other_patient.user,
        thread.away_clinician.user,
        thread.away_admin.user,
    ):
        with pytest.raises(PermissionError):
            do_send_message(thread.patient, "Hello", by=outsider)
        with pytest.raises(PermissionError):
            do_mark_thread_read(thread.patient, by=outsider)
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("", "Write a message before sending."),
        ("  \n\t ", "Write a message before sending."),
        ("x" * (BODY_MAX + 1), f"2001 characters long; the most is {BODY_MAX}"),
    ],
)
def test_an_empty_or_too_long_message_is_refused_with_the_reason(thread, body, problem):
    with pytest.raises(MessageInvalid, match=problem):
        do_send_message(thread.patient, body, by=thread.alex)
    assert not Message.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_message_of_exactly_the_longest_length_is_sent(thread):
    message = do_send_message(thread.patient, "x" * BODY_MAX, by=thread.alex)
    assert len(message.body) == BODY_MAX


def test_sending_and_reading_are_in_the_audit_log(thread):
    message = do_send_message(thread.patient, "Hello", by=thread.alex)
    do_mark_thread_read(thread.patient, by=thread.sam)

    events = list(
        AuditEvent.objects.order_by("at", "pk").values_list(
            "actor_name", "action", "what", "patient_id"
        )
    )
    assert events == [
        ("alex", Action.CHANGED, f"message {message.pk} sent", thread.patient.pk),
        ("sam", Action.VIEWED, "message thread", thread.patient.pk),
    ]


def test_a_message_whose_audit_event_fails_is_not_kept(thread, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(actions, "record", broken)
    with pytest.raises(RuntimeError):
        do_send_message(thread.patient, "Hello", by=thread.alex)
    assert not Message.objects.exists()


def test_quick_replies_are_the_clinics_added_changed_and_deleted_with_an_audit_event(thread):
    reply = do_save_quick_reply(
        thread.clinic, " Ice ", "Ice for 10 minutes can ease it.", by=thread.sam
    )
    assert (reply.clinic, reply.title, reply.created_by) == (thread.clinic, "Ice", thread.sam)

    do_save_quick_reply(
        thread.clinic, "Ice or heat", "Either can ease it.", by=thread.admin.user, reply=reply
    )
    reply.refresh_from_db()
    assert (reply.title, reply.body) == ("Ice or heat", "Either can ease it.")

    pk = reply.pk
    do_delete_quick_reply(reply, by=thread.sam)
    assert not QuickReply.objects.exists()
    whats = list(AuditEvent.objects.order_by("at", "pk").values_list("what", "clinic_id", "action"))
    assert whats == [
        (f"quick reply {pk} added", thread.clinic.pk, Action.CHANGED),
        (f"quick reply {pk} changed", thread.clinic.pk, Action.CHANGED),
        (f"quick reply {pk} deleted", thread.clinic.pk, Action.DELETED),
    ]


def test_a_quick_reply_of_another_clinic_cannot_be_changed(thread):
    reply = do_save_quick_reply(thread.clinic, "Ice", "Ice helps.", by=thread.sam)
    away = thread.away_admin.clinic
    with pytest.raises(PermissionError):
        do_save_quick_reply(away, "Mine now", "Taken.", by=thread.away_admin.user, reply=reply)
    reply.refresh_from_db()
    assert reply.title == "Ice"


@pytest.mark.parametrize(
    ("title", "body", "problem"),
    [
        ("", "Text", "short title"),
        ("x" * 81, "Text", "the most is 80"),
        ("Ice", "   ", "Write the text of the quick reply."),
        ("Ice", "x" * (BODY_MAX + 1), f"the most is {BODY_MAX}"),
    ],
)
def test_a_quick_reply_needs_a_title_and_a_text_of_bounded_length(thread, title, body, problem):
    with pytest.raises(MessageInvalid, match=problem):
        do_save_quick_reply(thread.clinic, title, body, by=thread.sam)
    assert not QuickReply.objects.exists()
