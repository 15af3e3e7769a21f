"""A clinician at a desk and a patient on their phone write to each other: each sees the other's
message arrive as an unread count (the dashboard and the patient's navigation), opening the
thread reads it, and the writer then sees "Read". Every message page passes axe without serious
problems."""

from __future__ import annotations

import pytest

from backrehab.clinic.models import Role
from tests import personas
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, serious_accessibility_problems

pytestmark = pytest.mark.browser


def signed_in(browser, base_url: str, username: str, viewport: dict[str, int]):
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", personas.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return context, page


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def nav_badge(page) -> str | None:
    badge = page.locator("header.top nav .nav-badge")
    return badge.inner_text().split()[0] if badge.count() else None


def test_a_clinician_and_a_patient_exchange_messages_and_see_the_unread_counts(site, browser):
    clinic = personas.clinic("Riverside Physio", "riverside")
    sam = personas.staff(clinic, Role.CLINICIAN, "sam", "Sam", "Lee")
    alex = personas.patient(clinic, sam, "alex", "Alex", "Rivera")
    alex.user.email = "alex@example.org"
    alex.user.save(update_fields=["email"])

    phone, patient = signed_in(browser, site.url, "alex", PHONE)
    desk, clinician = signed_in(browser, site.url, "sam", DESKTOP)
    try:
        # The patient writes from their phone.
        patient.goto(f"{site.url}/my/messages/")
        assert serious_accessibility_problems(patient) == []
        patient.fill("#compose textarea", "Can I go swimming this week?")
        with patient.expect_navigation():
            patient.click("#compose button[type=submit]")
        assert patient.url.endswith("/my/messages/#latest")
        mine = patient.locator(".msg-mine").last
        assert "Can I go swimming this week?" in mine.inner_text()
        assert "Not read yet" in mine.inner_text()

        # The clinician sees it counted on the dashboard, per patient and in all.
        clinician.goto(f"{site.url}/clinic/")
        assert "1 unread message from 1 patient" in " ".join(
            clinician.inner_text("#unread-summary").split()
        )
        row = clinician.locator("table.caseload tbody tr", has_text="Alex Rivera")
        assert (
            row.locator(f"a[href='/clinic/patients/{alex.pk}/messages/'] .badge").inner_text()
            == "1"
        )
        shot(clinician, "messages-dashboard-desktop")

        # A quick reply for the whole clinic, then the thread: the reply goes into the box.
        clinician.goto(f"{site.url}/clinic/quick-replies/")
        clinician.fill("#id_title", "Swimming")
        clinician.fill("#id_body", "Yes: gentle swimming is good for your back.")
        clinician.click("#reply-form button[type=submit]")
        clinician.wait_for_url("**/clinic/quick-replies/")
        assert serious_accessibility_problems(clinician) == []
        shot(clinician, "messages-quick-replies-desktop")

        clinician.goto(f"{site.url}/clinic/")
        clinician.click(f"table.caseload a[href='/clinic/patients/{alex.pk}/messages/']")
        clinician.wait_for_url(f"**/clinic/patients/{alex.pk}/messages/")
        assert "Can I go swimming this week?" in clinician.inner_text(".thread")
        assert "alex@example.org" in clinician.inner_text(".contact")
        clinician.click("a[data-quick-reply]")
        assert clinician.input_value("#compose textarea") == (
            "Yes: gentle swimming is good for your back."
        )
        assert clinician.url.endswith(f"/clinic/patients/{alex.pk}/messages/"), "no reload"
        clinician.locator("#compose textarea").press("End")
        clinician.locator("#compose textarea").type(" Start with 10 minutes.")
        assert serious_accessibility_problems(clinician) == []
        with clinician.expect_navigation():
            clinician.click("#compose button[type=submit]")
        reply = clinician.locator(".msg-mine").last.inner_text()
        assert "Start with 10 minutes." in reply and "Not read yet" in reply
        shot(clinician, "messages-team-thread-desktop")

        # Read: the clinician's count is back to none.
        clinician.goto(f"{site.url}/clinic/")
        assert "No unread messages" in clinician.inner_text("#unread-summary")

        # The patient's navigation counts the reply on any page, until they open the thread.
        patient.goto(f"{site.url}/my/learn/")
        assert nav_badge(patient) == "1"
        shot(patient, "messages-patient-badge-phone")
        patient.click("header.top nav a[href='/my/messages/']")
        patient.wait_for_url("**/my/messages/")
        assert nav_badge(patient) is None
        theirs = patient.locator(".msg-theirs").last.inner_text()
        assert "Yes: gentle swimming is good for your back. Start with 10 minutes." in theirs
        assert "Sam Lee" in theirs
        assert "Read " in patient.locator(".msg-mine").last.inner_text()
        assert serious_accessibility_problems(patient) == []
        shot(patient, "messages-patient-thread-phone")

        # An empty message gets the reason, on the phone, not an error page.
        patient.fill("#compose textarea", "   ")
        with patient.expect_navigation():
            patient.click("#compose button[type=submit]")
        assert "Write a message before sending." in patient.inner_text("#compose")
        shot(patient, "messages-patient-empty-phone")

        # And the clinician now sees that the patient read the reply.
        clinician.goto(f"{site.url}/clinic/patients/{alex.pk}/messages/")
        assert "Read " in clinician.locator(".msg-mine").last.inner_text()
    finally:
        phone.close()
        desk.close()


def poll_now(page) -> None:
    """What the page does every few seconds, done at once (the thread asks what changed)."""
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")


def test_an_open_thread_shows_a_new_message_and_the_read_receipt_without_a_reload(site, browser):
    clinic = personas.clinic("Riverside Physio", "riverside")
    sam = personas.staff(clinic, Role.CLINICIAN, "sam", "Sam", "Lee")
    alex = personas.patient(clinic, sam, "alex", "Alex", "Rivera")

    phone, patient = signed_in(browser, site.url, "alex", PHONE)
    desk, clinician = signed_in(browser, site.url, "sam", DESKTOP)
    try:
        clinician.goto(f"{site.url}/clinic/patients/{alex.pk}/messages/")
        patient.goto(f"{site.url}/my/messages/")
        patient.fill("#compose textarea", "My back feels better after the walk.")
        with patient.expect_navigation():
            patient.click("#compose button[type=submit]")
        assert "Not read yet" in patient.locator(".msg-mine").last.inner_text()

        # The clinician's thread, open all along, gets the message and says so.
        poll_now(clinician)
        clinician.wait_for_selector(".msg-theirs >> text=My back feels better after the walk.")
        assert clinician.inner_text("#thread-status") == "New messages in the thread."
        assert clinician.url.endswith(f"/clinic/patients/{alex.pk}/messages/"), "no reload"

        # Seeing it there read it: the patient's open thread turns "Not read yet" into "Read".
        poll_now(patient)
        patient.wait_for_selector(".msg-mine .read")
        assert "Read " in patient.locator(".msg-mine").last.inner_text()
        assert patient.inner_text("#thread-status") == ""  # their own message is not news
        assert serious_accessibility_problems(patient) == []
    finally:
        phone.close()
        desk.close()
