"""A clinic admin manages the clinic's staff from the workspace: adds a clinician (who chooses a
password from the welcome e-mail), deactivates and reactivates them, moves patients between
clinicians, and e-mails a patient or a colleague a password link. Only their own clinic's."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from backrehab.audit.models import AuditEvent
from backrehab.clinic.models import Patient, Role, StaffMember
from backrehab.workspace.actions.accounts import (
    AccountChangeRefused,
    do_deactivate_staff_member,
)
from tests import personas
from tests.workspace.conftest import make_patient

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tidal-meadow-lantern-58"


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", str(message.body))
    assert found, message.body
    return found.group(0)


@pytest.fixture
def admin_client(client, people):
    client.force_login(people.admin.user)
    return client


def test_the_staff_page_lists_the_clinics_people_and_their_caseloads(admin_client, people):
    make_patient(people.clinic, people.me, "p1")
    make_patient(people.clinic, people.me, "p2")
    page = admin_client.get(reverse("staff-list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dana Okafor" in text and "Lee Chen" in text and "Morgan Reyes" in text
    assert "stranger" not in text  # the other clinic's clinician
    row = text[text.index("Dana Okafor") :]
    assert re.search(r"<td>2</td>", row[:1200])


def test_a_clinician_cannot_open_the_staff_pages(client, people):
    client.force_login(people.me.user)
    assert client.get(reverse("staff-list")).status_code == 403
    assert client.get(reverse("staff-member", args=[people.colleague.pk])).status_code == 403


def test_adding_a_clinician_sends_a_link_that_sets_their_first_password(admin_client, people):
    response = admin_client.post(
        reverse("staff-add"),
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "email": "Ana.Ruiz@Example.org",
            "role": "clinician",
        },
    )
    assert response.status_code == 302
    member = StaffMember.objects.get(user__username="ana.ruiz@example.org")
    assert member.clinic == people.clinic and member.role == Role.CLINICIAN
    assert (member.user.first_name, member.user.last_name) == ("Ana", "Ruiz")
    assert not member.user.has_usable_password()
    assert AuditEvent.objects.filter(what__startswith=f"staff account #{member.pk} added").exists()

    (message,) = mail.outbox
    assert message.to == ["ana.ruiz@example.org"]
    assert "Home Clinic" in message.subject
    link = link_in(message)
    assert "/welcome/" in link

    newcomer = admin_client.__class__()
    form = newcomer.get(link, follow=True)
    assert form.status_code == 200
    assert "ana.ruiz@example.org" in form.content.decode()  # "your user name is ..."
    done = newcomer.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("dashboard")
    member.user.refresh_from_db()
    assert member.user.check_password(NEW_PASSWORD)
    # The link works once.
    again = admin_client.__class__().get(link, follow=True)
    assert "This link cannot be used" in again.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_name": "", "email": "x@example.org", "role": "clinician"}, "Give the first name."),
        ({"first_name": "A", "email": "not-an-address", "role": "clinician"}, "does not look"),
        ({"first_name": "A", "email": "x@example.org", "role": "boss"}, "Select a valid choice"),
    ],
)
def test_bad_input_on_add_says_what_is_wrong(admin_client, data, message):
    response = admin_client.post(reverse("staff-add"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not mail.outbox


def test_an_address_already_in_use_is_refused(admin_client, people):
    people.me.user.email = "dana@example.org"
    people.me.user.save()
    response = admin_client.post(
        reverse("staff-add"),
        {"first_name": "D", "email": "DANA@example.org", "role": "clinician"},
    )
    assert response.status_code == 400
    assert "already has an account" in response.content.decode()


def test_deactivating_moves_the_caseload_and_stops_sign_in(admin_client, people):
    alex = make_patient(people.clinic, people.me, "alex")
    signed_in = admin_client.__class__()
    signed_in.force_login(people.me.user)
    response = admin_client.post(
        reverse("staff-deactivate", args=[people.me.pk]), {"to": people.colleague.pk}
    )
    assert response.status_code == 302
    people.me.user.refresh_from_db()
    alex.refresh_from_db()
    assert people.me.user.is_active is False
    assert alex.clinician == people.colleague
    assert AuditEvent.objects.filter(patient_id=alex.pk, what__startswith="clinician changed")
    sign_in = admin_client.__class__().post(
        reverse("login"), {"username": "me", "password": "a-long-test-password"}
    )
    assert sign_in.status_code == 200  # the form again, not a redirect into the app
    assert signed_in.get(reverse("dashboard")).status_code == 302  # their session has ended

    admin_client.post(reverse("staff-reactivate", args=[people.me.pk]))
    people.me.user.refresh_from_db()
    assert people.me.user.is_active is True


def test_an_admin_cannot_deactivate_themselves(admin_client, people):
    response = admin_client.post(reverse("staff-deactivate", args=[people.admin.pk]))
    assert response.status_code == 400
    people.admin.user.refresh_from_db()
    assert people.admin.user.is_active


def test_the_last_active_admin_stays(people):
    second = personas.staff(people.clinic, Role.ADMIN, "second-admin")
    do_deactivate_staff_member(second, by=people.admin.user)  # two admins: one may go
    with pytest.raises(AccountChangeRefused, match="only active admin"):
        do_deactivate_staff_member(people.admin, by=second.user)
    people.admin.user.refresh_from_db()
    assert people.admin.user.is_active


def test_an_admin_promotes_a_clinician_and_the_last_admin_cannot_be_demoted(admin_client, people):
    promote = admin_client.post(reverse("staff-role", args=[people.me.pk]), {"role": "admin"})
    assert promote.status_code == 302
    people.me.refresh_from_db()
    assert people.me.role == Role.ADMIN
    assert AuditEvent.objects.filter(what=f"staff account #{people.me.pk} role set to admin")
    # Two admins: one may become a clinician; then the other is the last and stays.
    admin_client.post(reverse("staff-role", args=[people.me.pk]), {"role": "clinician"})
    refused = admin_client.post(
        reverse("staff-role", args=[people.admin.pk]), {"role": "clinician"}
    )
    assert refused.status_code == 400
    assert "only active admin" in refused.content.decode()
    people.admin.refresh_from_db()
    assert people.admin.role == Role.ADMIN
    bad = admin_client.post(reverse("staff-role", args=[people.me.pk]), {"role": "owner"})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()


def test_reassigning_a_whole_caseload(admin_client, people):
    mine = [make_patient(people.clinic, people.me, f"p{i}") for i in range(3)]
    response = admin_client.post(
        reverse("staff-reassign", args=[people.me.pk]), {"to": people.colleague.pk}
    )
    assert response.status_code == 302
    assert set(Patient.objects.filter(clinician=people.colleague)) == set(mine)


def test_patients_move_only_to_an_active_clinician_of_the_clinic(admin_client, people):
    alex = make_patient(people.clinic, people.me, "alex")
    stranger = admin_client.post(
        reverse("patient-reassign", args=[alex.pk]), {"to": people.stranger.pk}
    )
    assert stranger.status_code == 400
    assert "Choose an active clinician of your clinic." in stranger.content.decode()
    people.colleague.user.is_active = False
    people.colleague.user.save()
    gone = admin_client.post(
        reverse("patient-reassign", args=[alex.pk]), {"to": people.colleague.pk}
    )
    assert gone.status_code == 400
    alex.refresh_from_db()
    assert alex.clinician == people.me


def test_one_patient_moves_to_another_clinician(admin_client, people):
    alex = make_patient(people.clinic, people.me, "alex")
    response = admin_client.post(
        reverse("patient-reassign", args=[alex.pk]), {"to": people.colleague.pk}
    )
    assert response.status_code == 302
    alex.refresh_from_db()
    assert alex.clinician == people.colleague


def test_a_patient_gets_a_password_link_by_email(admin_client, people):
    alex = make_patient(people.clinic, people.me, "alex", "Alex")
    no_address = admin_client.post(reverse("patient-password-link", args=[alex.pk]))
    assert no_address.status_code == 400
    assert "no e-mail address" in no_address.content.decode()
    alex.user.email = "alex@example.org"
    alex.user.save()
    alex.language = "es"
    alex.save()
    response = admin_client.post(reverse("patient-password-link", args=[alex.pk]))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["alex@example.org"]
    assert "contraseña" in message.subject  # in the patient's language
    link = link_in(message)
    assert "/password/reset/" in link
    patient_client = admin_client.__class__()
    form = patient_client.get(link, follow=True)
    patient_client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    alex.user.refresh_from_db()
    assert alex.user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(patient_id=alex.pk, what__startswith="password link")


def test_a_colleague_gets_a_password_link(admin_client, people):
    people.me.user.email = "dana@example.org"
    people.me.user.save()
    response = admin_client.post(reverse("staff-password-link", args=[people.me.pk]))
    assert response.status_code == 302
    assert mail.outbox[0].to == ["dana@example.org"]
    assert "/password/reset/" in link_in(mail.outbox[0])


def test_another_clinics_admin_finds_nobody_of_ours(client, people):
    away_admin = personas.staff(people.other_clinic, Role.ADMIN, "away-admin")
    alex = make_patient(people.clinic, people.me, "alex")
    alex.user.email = "alex@example.org"
    alex.user.save()
    people.me.user.email = "dana@example.org"
    people.me.user.save()
    client.force_login(away_admin.user)
    assert "Dana" not in client.get(reverse("staff-list")).content.decode()
    for name, args, data in [
        ("staff-member", [people.me.pk], None),
        ("staff-deactivate", [people.me.pk], {}),
        ("staff-role", [people.me.pk], {"role": "admin"}),
        ("staff-reassign", [people.me.pk], {"to": away_admin.pk}),
        ("staff-password-link", [people.me.pk], {}),
        ("patient-account", [alex.pk], None),
        ("patient-reassign", [alex.pk], {"to": away_admin.pk}),
        ("patient-password-link", [alex.pk], {}),
    ]:
        url = reverse(name, args=args)
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 404, name
    people.me.user.refresh_from_db()
    alex.refresh_from_db()
    people.me.refresh_from_db()
    assert people.me.user.is_active and people.me.role == Role.CLINICIAN
    assert alex.clinician == people.me
    assert not mail.outbox


def test_the_staff_pages_speak_spanish(admin_client, people):
    page = admin_client.get(reverse("staff-list"), HTTP_ACCEPT_LANGUAGE="es")
    assert "Añadir un profesional" in page.content.decode()


def test_a_mail_server_that_fails_keeps_the_account_and_says_so(admin_client, monkeypatch):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("mail server down")

    monkeypatch.setattr("backrehab.workspace.mail.send_mail", refuse)
    response = admin_client.post(
        reverse("staff-add"),
        {"first_name": "Ana", "email": "ana@example.org", "role": "clinician"},
        follow=True,
    )
    assert response.status_code == 200
    assert "the e-mail could not be sent" in response.content.decode()
    assert StaffMember.objects.filter(user__username="ana@example.org").exists()
