"""A patient with three weeks of progression does the check-in (the evaluation wizard's
re-assessment path); the program keeps its doses; the larger change the check-in suggests waits
for the clinician, who approves it on the record; the patient then sees the change and why."""

from __future__ import annotations

import pytest

from backrehab.care.models import Program, ProgramProposal
from backrehab.clinical.intake import RED_FLAG_SCREENS
from backrehab.portal.intake import steps_for
from backrehab.portal.models import IntakeDraft
from tests import personas
from tests.care.test_reassessment_actions import doses, flexion_preference, progressed_patient

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_check_in_keeps_the_doses_and_a_larger_change_waits_for_approval(site, browser):
    patient, program = progressed_patient(weeks=3)
    progressed = doses(program)
    personas.staff(patient.clinic, username="pt")
    # The check-in's answers, all but the last screen given (the wizard helper shortens it).
    steps = steps_for("reassessment", flexion_preference())
    IntakeDraft.objects.create(
        user=patient.user,
        kind="reassessment",
        answers=flexion_preference(),
        step=steps[-2].slug,
        screens_answered=[screen.id for screen in RED_FLAG_SCREENS],
    )

    phone = browser.new_context(viewport={"width": 360, "height": 640}).new_page()
    phone.goto(f"{site.url}/login/")
    phone.fill("#id_username", "p")
    phone.fill("#id_password", personas.PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/my/")
    phone.goto(f"{site.url}/my/evaluation/")
    phone.click("button.next")
    phone.wait_for_url("**/my/program/")
    assert "A change to your program is pending" in phone.inner_text("main")
    phone.viewport_name = "phone"
    screenshot(phone, "check-in-change-pending")
    in_force = Program.objects.get(patient=patient, is_active=True)
    kept = doses(in_force)
    assert kept and all(progressed[e] == d for e, d in kept.items())  # no dose lost
    proposal = ProgramProposal.objects.get(patient=patient, status="pending")

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    desk.goto(f"{site.url}/login/")
    desk.fill("#id_username", "pt")
    desk.fill("#id_password", personas.PASSWORD)
    desk.click("main button[type=submit]")
    desk.goto(f"{site.url}/clinic/patients/{patient.pk}/")
    desk.click("text=Review the proposed change")
    desk.wait_for_url("**/proposal/")
    desk.click("text=Approve the change")
    desk.wait_for_url(f"**/clinic/patients/{patient.pk}/**")
    assert "Change approved" in desk.inner_text(".messages")
    proposal.refresh_from_db()
    assert proposal.status == "approved"

    phone.goto(f"{site.url}/my/")
    text = phone.inner_text("main")
    assert "A change to your program is pending" not in text
    assert "What changed in your program" in text
    assert "after your check-in" in text
