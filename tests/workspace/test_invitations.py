"""Inviting a patient from the workspace: the link goes by e-mail (with no health data) and is
shown as a QR code; open and expired invitations are listed, re-sent with a new expiry, or
withdrawn. Every clinician of the clinic may invite; nobody sees another clinic's invitations."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from backrehab.audit.models import AuditEvent
from backrehab.portal.models import INVITE_DAYS, Invite
from backrehab.workspace.actions.invitations import InviteRefused, do_resend_invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def me_client(client, people):
    client.force_login(people.me.user)
    return client


def invite(people, **fields) -> Invite:
    defaults = {"clinic": people.clinic, "created_by": people.me, "name": "Robin Shaw"}
    return Invite.objects.create(**{**defaults, **fields})


def test_the_dashboard_offers_to_invite_a_patient(me_client):
    page = me_client.get(reverse("dashboard")).content.decode()
    assert reverse("invite-new") in page and "Invite a patient" in page


def test_the_clinician_defaults_to_the_one_inviting(me_client, people):
    page = me_client.get(reverse("invite-new")).content.decode()
    assert re.search(rf'<option value="{people.me.pk}" selected>Dana Okafor', page)
    assert "stranger" not in page  # another clinic's clinician is not offered


def test_inviting_emails_a_link_without_health_data_and_shows_a_qr_code(me_client, people):
    response = me_client.post(
        reverse("invite-new"),
        {
            "name": "Robin Shaw",
            "email": "robin@example.org",
            "phone": "+44 7700 900123",
            "clinician": people.colleague.pk,
        },
    )
    made = Invite.objects.get()
    assert response["Location"] == reverse("invite-detail", args=[made.pk])
    assert (made.clinic, made.created_by, made.clinician) == (
        people.clinic,
        people.me,
        people.colleague,
    )
    assert made.phone == "+44 7700 900123" and made.sent_at is not None
    (message,) = mail.outbox
    assert message.to == ["robin@example.org"]
    assert f"/join/{made.token}/" in message.body
    assert "Home Clinic" in message.body
    for private in ("pain", "Lee Chen", "Okafor", "+44"):
        assert private not in message.body
    assert AuditEvent.objects.filter(what=f"patient invitation #{made.pk} made").exists()

    page = me_client.get(response["Location"]).content.decode()
    assert "<svg" in page and 'class="segno"' in page
    assert f"/join/{made.token}/" in page


def test_a_phone_only_invitation_is_shown_and_not_emailed(me_client):
    response = me_client.post(reverse("invite-new"), {"name": "Sam", "phone": "0612345678"})
    assert response.status_code == 302
    assert not mail.outbox
    assert Invite.objects.get().sent_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Sam"}, "Give an e-mail address or a phone number (or both)."),
        ({"name": "", "email": "s@example.org"}, "Give the patient&#x27;s name."),
        ({"name": "Sam", "email": "sam-at-example"}, "does not look like an e-mail address"),
        ({"name": "Sam", "phone": "call me"}, "Use digits, spaces and an optional +"),
        ({"name": "Sam", "email": "s@example.org", "clinician": "999999"}, "Choose an active"),
    ],
)
def test_bad_input_says_what_is_wrong(me_client, data, message):
    response = me_client.post(reverse("invite-new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invite.objects.exists()


def test_another_clinics_clinician_cannot_be_chosen(me_client, people):
    response = me_client.post(
        reverse("invite-new"),
        {"name": "Sam", "email": "s@example.org", "clinician": people.stranger.pk},
    )
    assert response.status_code == 400
    assert not Invite.objects.exists()


def test_open_and_expired_invitations_are_listed_used_and_withdrawn_apart(me_client, people):
    invite(people, name="Open Olive")
    invite(people, name="Late Lou", expires_at=timezone.now() - dt.timedelta(days=1))
    invite(people, name="Gone Gil", withdrawn_at=timezone.now())
    Invite.objects.create(clinic=people.other_clinic, name="Away Ash")
    page = me_client.get(reverse("invitations")).content.decode()
    waiting = page[: page.index("Recently used or withdrawn")]
    assert "Open Olive" in waiting and "Late Lou" in waiting and "Expired on" in waiting
    assert "Gone Gil" not in waiting and "Gone Gil" in page
    assert "Away Ash" not in page


def test_resending_gives_a_new_expiry_and_emails_again(me_client, people):
    late = invite(people, email="lou@example.org", expires_at=timezone.now() - dt.timedelta(days=2))
    response = me_client.post(reverse("invite-resend", args=[late.pk]))
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.usable
    assert late.expires_at > timezone.now() + dt.timedelta(days=INVITE_DAYS - 1)
    assert len(mail.outbox) == 1 and f"/join/{late.token}/" in mail.outbox[0].body


def test_withdrawing_stops_the_link(me_client, client, people):
    made = invite(people)
    me_client.post(reverse("invite-withdraw", args=[made.pk]))
    made.refresh_from_db()
    assert made.withdrawn_at is not None and not made.usable
    me_client.logout()
    closed = client.get(reverse("join", args=[made.token]))
    assert closed.status_code == 410
    assert "withdrawn" in closed.content.decode()
    with pytest.raises(InviteRefused):
        do_resend_invite(made, by=people.me.user)


def test_a_used_invitation_cannot_be_withdrawn_or_resent(me_client, people, alex):
    used = invite(people, accepted_by=alex, accepted_at=timezone.now())
    me_client.post(reverse("invite-withdraw", args=[used.pk]))
    me_client.post(reverse("invite-resend", args=[used.pk]))
    used.refresh_from_db()
    assert used.withdrawn_at is None and not mail.outbox


def test_another_clinics_staff_find_nothing(client, people):
    made = invite(people, email="robin@example.org")
    client.force_login(people.stranger.user)
    for name in ("invite-detail", "invite-resend", "invite-withdraw"):
        url = reverse(name, args=[made.pk])
        response = client.get(url) if name == "invite-detail" else client.post(url)
        assert response.status_code == 404, name
    made.refresh_from_db()
    assert made.usable and not mail.outbox


def test_patient_joins_the_chosen_clinician(client, people):
    made = invite(people, clinician=people.colleague, email="robin@example.org")
    client.post(
        reverse("join", args=[made.token]),
        {
            "first_name": "Robin",
            "last_name": "Shaw",
            "email": "robin@example.org",
            "username": "robin",
            "password1": "calm-river-stone-42",
            "password2": "calm-river-stone-42",
        },
    )
    made.refresh_from_db()
    assert made.accepted_by is not None
    assert made.accepted_by.clinician == people.colleague


def test_the_invitation_pages_speak_spanish(me_client):
    page = me_client.get(reverse("invite-new"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Invitar a un paciente" in page


def test_a_mail_server_that_fails_keeps_the_invitation_and_shows_the_code(me_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("backrehab.workspace.mail.send_mail", refuse)
    response = me_client.post(
        reverse("invite-new"), {"name": "Sam", "email": "sam@example.org"}, follow=True
    )
    page = response.content.decode()
    assert "the e-mail could not be sent" in page
    assert 'class="segno"' in page
    assert Invite.objects.get().sent_at is None


def test_the_invitation_e_mail_is_in_the_language_chosen_for_the_patient(me_client, people):
    page = me_client.get(reverse("invite-new")).content.decode()
    assert re.search(r'<option value="en" selected>English', page)  # the page's language first

    me_client.post(
        reverse("invite-new"),
        {"name": "Lucía Pérez", "email": "lucia@example.org", "language": "es"},
    )

    made = Invite.objects.get()
    assert made.language == "es"
    (message,) = mail.outbox
    assert "Home Clinic" in message.body and f"/join/{made.token}/" in message.body
    assert "Hello" not in message.body and "Hola" in message.body

    mail.outbox.clear()
    do_resend_invite(made, by=people.me.user)
    (again,) = mail.outbox
    assert "Hola" in again.body  # re-sent in the same language, whoever re-sends it


def test_joining_through_an_invitation_is_audited(client, people):
    made = invite(people, email="robin@example.org")
    password = "calm-river-stone-42"
    client.post(
        f"/join/{made.token}/",
        {
            "first_name": "Robin",
            "last_name": "Shaw",
            "email": "robin@example.org",
            "username": "robin",
            "password1": password,
            "password2": password,
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    made.refresh_from_db()
    patient = made.accepted_by
    assert patient is not None and patient.language == "es"  # the language they joined in
    event = AuditEvent.objects.get(what=f"patient account made from invitation #{made.pk}")
    assert (event.patient_id, event.actor_id, event.clinic_id) == (
        patient.pk,
        patient.user_id,
        people.clinic.pk,
    )
