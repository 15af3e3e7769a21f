"""Everyone can change their password, and "Forgot your password?" on the sign-in page sends a
one-time link by e-mail (Django's views, in our pages and both languages)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from backrehab.audit.models import AuditEvent
from tests.personas import PASSWORD, clinic, patient, staff

pytestmark = pytest.mark.django_db

NEW = "winter-orchard-ladder-19"


@pytest.fixture
def robin():
    home = clinic("Harbour Physio")
    person = patient(home, staff(home), "robin", "Robin")
    person.user.email = "robin@example.org"
    person.user.save()
    return person


def test_the_sign_in_page_offers_a_forgotten_password_link(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page and "Forgot your password?" in page


def test_a_forgotten_password_is_reset_from_the_emailed_link(client, robin):
    response = client.post(reverse("password_reset"), {"email": "ROBIN@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["robin@example.org"]
    assert "robin" in message.body  # the user name, which patients forget too
    link = re.search(r"https?://\S+", str(message.body)).group(0)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Password saved" in done.content.decode()
    robin.user.refresh_from_db()
    assert robin.user.check_password(NEW)
    assert AuditEvent.objects.filter(
        patient_id=robin.pk, actor=robin.user, what="own password set from an e-mailed link"
    ).exists()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, robin):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert not mail.outbox


def test_a_mismatched_new_password_is_named(client, robin):
    client.post(reverse("password_reset"), {"email": "robin@example.org"})
    link = re.search(r"https?://\S+", str(mail.outbox[0].body)).group(0)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW + "x"}
    )
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()


def test_a_patient_changes_their_password(client, robin):
    client.force_login(robin.user)
    assert reverse("password_change") in client.get(reverse("today")).content.decode()
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("password_change_done")
    robin.user.refresh_from_db()
    assert robin.user.check_password(NEW)
    assert AuditEvent.objects.filter(patient_id=robin.pk, what="own password changed").exists()
    assert client.get(reverse("today")).status_code == 200  # still signed in here


def test_staff_change_their_password_too(client):
    home = clinic("Harbour Physio")
    dana = staff(home, username="dana")
    client.force_login(dana.user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    dana.user.refresh_from_db()
    assert dana.user.check_password(NEW)
    assert AuditEvent.objects.filter(clinic_id=home.pk, what="own password changed").exists()


def test_the_password_pages_speak_spanish(client, robin):
    page = client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "¿Olvidó su contraseña?" in page
    client.post(
        reverse("password_reset"), {"email": "robin@example.org"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "contraseña" in mail.outbox[0].subject
