"""A clinic admin adds a clinician, who chooses a password from the welcome e-mail (Django's
locmem outbox, read in this process: the live server runs in a thread of it); that clinician
invites a patient, who signs up on a phone from the e-mailed link. The new pages pass axe."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from backrehab.clinic.models import Patient, Role
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, serious_accessibility_problems
from tests.personas import PASSWORD, clinic, staff

pytestmark = pytest.mark.browser

CLINICIAN_PASSWORD = "harbour-lantern-meadow-73"
PATIENT_PASSWORD = "quiet-river-stone-42"


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", str(message.body))
    assert found, message.body
    return found.group(0)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _accessible(page, name: str) -> None:
    assert serious_accessibility_problems(page) == [], name
    _shot(page, name)


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/clinic/")


def test_a_new_clinician_joins_and_invites_a_patient_who_signs_up_on_a_phone(site, browser):
    home = clinic("Harbour Physio", "harbour")
    staff(home, Role.ADMIN, "morgan", "Morgan", "Reyes")
    mail.outbox.clear()

    # The admin adds a clinician from the Staff page.
    desk = browser.new_context(viewport=DESKTOP, device_scale_factor=1)
    admin = desk.new_page()
    _sign_in(admin, site.url, "morgan", PASSWORD)
    admin.click("nav >> text=Staff")
    admin.wait_for_url("**/clinic/staff/")
    _accessible(admin, "accounts-staff-list")
    admin.click("text=Add a clinician")
    admin.wait_for_url("**/clinic/staff/add/")
    _accessible(admin, "accounts-staff-add")
    admin.fill("#id_email", "not-an-address")
    admin.click("main button[type=submit]")
    assert "does not look like an e-mail address" in admin.inner_text("main")
    admin.fill("#id_first_name", "Ana")
    admin.fill("#id_last_name", "Ruiz")
    admin.fill("#id_email", "ana@harbour.example")
    admin.check("input[name=role][value=clinician]")
    admin.click("main button[type=submit]")
    admin.wait_for_url("**/clinic/staff/")
    assert "a link to choose a password" in admin.inner_text(".messages")
    admin.click("table.staff-table a >> text=Ana Ruiz")
    admin.wait_for_url("**/clinic/staff/*/")
    _accessible(admin, "accounts-staff-member")

    # The clinician opens the welcome e-mail's link and chooses a password.
    (welcome,) = mail.outbox
    assert welcome.to == ["ana@harbour.example"]
    desk2 = browser.new_context(viewport=DESKTOP, device_scale_factor=1)
    ana = desk2.new_page()
    ana.goto(_link(welcome))
    assert "Welcome: choose your password" in ana.inner_text("h1")
    _accessible(ana, "accounts-welcome-set-password")
    ana.fill("#id_new_password1", CLINICIAN_PASSWORD)
    ana.fill("#id_new_password2", CLINICIAN_PASSWORD)
    ana.click("main button[type=submit]")
    ana.wait_for_url("**/clinic/")

    # She invites a patient from the dashboard; the page shows the link as a QR code.
    ana.click("text=Invite a patient")
    ana.wait_for_url("**/clinic/invitations/new/")
    _accessible(ana, "accounts-invite-new")
    ana.fill("#id_name", "Robin de la Cruz")
    ana.fill("#id_email", "robin@example.org")
    ana.click("main button[type=submit]")
    ana.wait_for_url("**/clinic/invitations/*/")
    assert ana.locator("figure.qr svg").is_visible()
    _accessible(ana, "accounts-invite-detail")
    ana.goto(f"{site.url}/clinic/invitations/")
    assert "Robin de la Cruz" in ana.inner_text("table")
    _accessible(ana, "accounts-invitations")

    # The patient signs up on a phone from the e-mailed link; the form is filled in.
    invitation = mail.outbox[-1]
    assert invitation.to == ["robin@example.org"]
    phone = browser.new_context(viewport=PHONE, device_scale_factor=1)
    robin = phone.new_page()
    robin.goto(_link(invitation))
    assert robin.input_value("#id_first_name") == "Robin"
    assert robin.input_value("#id_last_name") == "de la Cruz"
    assert robin.input_value("#id_email") == "robin@example.org"
    _accessible(robin, "accounts-join-phone")
    robin.fill("#id_username", "robin")
    robin.fill("#id_password1", PATIENT_PASSWORD)
    robin.fill("#id_password2", PATIENT_PASSWORD)
    robin.click("main button[type=submit]")
    robin.wait_for_url("**/my/evaluation/**")
    patient = Patient.objects.select_related("user", "clinician__user").get()
    assert patient.user.get_full_name() == "Robin de la Cruz"
    assert patient.user.email == "robin@example.org"
    assert patient.clinician is not None and patient.clinician.user.first_name == "Ana"

    # The admin sees the patient's clinician and sign-in page.
    admin.goto(f"{site.url}/clinic/patients/{patient.pk}/account/")
    _accessible(admin, "accounts-patient-account")
    for context in (desk, desk2, phone):
        context.close()


def test_the_password_pages_have_no_serious_accessibility_problems(site, browser):
    home = clinic("Harbour Physio", "harbour")
    person = staff(home, Role.CLINICIAN, "dana", "Dana")
    person.user.email = "dana@harbour.example"
    person.user.save()
    mail.outbox.clear()
    phone = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = phone.new_page()
    page.goto(f"{site.url}/login/")
    page.click("text=Forgot your password?")
    page.wait_for_url("**/password/forgot/")
    _accessible(page, "accounts-password-forgot")
    page.fill("#id_email", "dana@harbour.example")
    page.click("main button[type=submit]")
    page.wait_for_url("**/password/forgot/sent/")
    _accessible(page, "accounts-password-forgot-sent")
    page.goto(_link(mail.outbox[0]))
    _accessible(page, "accounts-password-set")
    page.fill("#id_new_password1", CLINICIAN_PASSWORD)
    page.fill("#id_new_password2", CLINICIAN_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/password/reset/done/")
    _accessible(page, "accounts-password-set-done")
    _sign_in(page, site.url, "dana", CLINICIAN_PASSWORD)
    page.click("text=Change your password")
    page.wait_for_url("**/password/change/")
    _accessible(page, "accounts-password-change")
    page.fill("#id_old_password", CLINICIAN_PASSWORD)
    page.fill("#id_new_password1", "second-harbour-lantern-81")
    page.fill("#id_new_password2", "second-harbour-lantern-81")
    page.click("main button[type=submit]")
    page.wait_for_url("**/password/change/done/")
    _accessible(page, "accounts-password-change-done")
    phone.close()
