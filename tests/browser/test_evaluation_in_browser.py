"""A new patient on a phone: invite link, account, every evaluation screen, the program."""

from __future__ import annotations

import pytest

from backrehab.care.models import Program
from backrehab.portal.models import Invite
from tests import personas

from .conftest import DESKTOP, PHONE, screenshot, serious_accessibility_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.viewport_name = "phone"
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


@pytest.fixture
def invite(site):
    clinic = personas.clinic("Harbour Physio", "harbour")
    clinician = personas.staff(clinic, username="dana")
    return Invite.objects.create(clinic=clinic, created_by=clinician, name="Robin Shaw")


def choose(page, question: str, answer: str) -> None:
    """Click the answer button or box of one question, found by its legend."""
    fieldset = page.locator("fieldset.q", has=page.locator("legend", has_text=question))
    fieldset.locator("label.choice", has_text=answer).first.click()


def none_of_these(page) -> None:
    page.locator("label.choice", has_text="None of these").click()


SAFETY_SCREENS = (
    "bladder-and-bowel",
    "legs-and-nerves",
    "general-health",
    "spine-operations",
    "cancer-and-weight",
    "how-it-started",
    "stiffness-and-sleep",
    "other-signs",
)


def check_screen(page, name: str) -> None:
    screenshot(page, name)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways"
    assert serious_accessibility_problems(page) == [], name


def next_screen(page) -> None:
    page.click("button.next")
    page.wait_for_load_state()


def test_a_new_patient_signs_up_and_gets_a_program(phone, site, invite):
    page = phone
    page.goto(f"{site.url}/join/{invite.token}/")
    check_screen(page, "join")
    page.fill("#id_username", "robin")
    page.fill("#id_password1", "calm-river-stone-42")
    page.fill("#id_password2", "calm-river-stone-42")
    page.click("text=Create my account")
    page.wait_for_url("**/my/evaluation/about/")

    assert "Step 1 of" in page.inner_text(".step-count")
    next_screen(page)  # nothing answered yet: the messages name the questions
    assert "Please enter your age." in page.inner_text("main")
    check_screen(page, "evaluation-errors")
    page.fill("#id_age", "52")
    choose(page, "Your sex", "Female")
    check_screen(page, "evaluation-about")
    next_screen(page)

    for name in SAFETY_SCREENS:
        page.wait_for_url(f"**/my/evaluation/{name}/")
        if name == "bladder-and-bowel":
            next_screen(page)  # a blank safety screen is not an answer
            assert "Please tick each one that applies to you" in page.inner_text("main")
            check_screen(page, "evaluation-safety-errors")
        if name == "spine-operations":
            # Ticking the operation shows its questions; "None of these" hides them again.
            page.locator("label.choice", has_text="An operation or injection").click()
            assert page.locator("#q-surgery__procedure").is_visible()
            check_screen(page, "evaluation-spine-operations-ticked")
        none_of_these(page)
        if name == "spine-operations":
            assert not page.locator("#q-surgery__procedure").is_visible()
            assert not page.locator("input[value=recent_spinal_procedure]").is_checked()
        check_screen(page, f"evaluation-{name}")
        next_screen(page)

    page.wait_for_url("**/my/evaluation/pain/")
    choose(page, "Your pain right now", "4")
    choose(page, "least pain", "2")
    choose(page, "worst pain", "6")
    check_screen(page, "evaluation-pain")
    next_screen(page)

    choose(page, "How far does the pain reach?", "Into my buttock")
    choose(page, "one side or both?", "One side")
    choose(page, "pins and needles", "No")
    check_screen(page, "evaluation-where")
    next_screen(page)

    page.fill("#id_duration", "3")
    page.select_option("#id_unit", "months")
    choose(page, "bouts of back pain before", "Yes")
    choose(page, "Has a doctor looked", "No")
    check_screen(page, "evaluation-how-long")
    next_screen(page)

    choose(page, "makes your pain worse", "Sitting")
    choose(page, "makes your pain worse", "Lifting")
    choose(page, "eases your pain", "Walking")
    choose(page, "How much activity brings your pain on?", "A moderate amount")
    choose(page, "how long does it take to settle?", "Within an hour")
    check_screen(page, "evaluation-worse-better")
    next_screen(page)

    check_screen(page, "evaluation-movements")  # optional: left as "not tested"
    next_screen(page)

    choose(page, "told you that you have", "A strained back muscle")
    check_screen(page, "evaluation-conditions")
    next_screen(page)

    page.wait_for_url("**/my/evaluation/how-it-affects-you/")
    for fieldset in page.locator("fieldset.q").all()[:8]:
        fieldset.locator("label.choice", has_text="Disagree").click()
    choose(page, "how much has your back pain bothered you", "Moderately")
    check_screen(page, "evaluation-startback")
    next_screen(page)

    page.fill("#id_activity_1", "Gardening")
    page.select_option("#id_score_1", "4")
    page.fill("#id_activity_2", "Driving to work")
    page.select_option("#id_score_2", "6")
    check_screen(page, "evaluation-activities")
    next_screen(page)

    choose(page, "most like to get back to", "Less pain")
    choose(page, "most like to get back to", "Sitting for longer")
    check_screen(page, "evaluation-goals")
    next_screen(page)

    choose(page, "How many minutes", "20 minutes")
    choose(page, "How many days a week", "3 days")
    choose(page, "get down to the floor and up again", "Yes")
    choose(page, "How active are you", "Somewhat active")
    check_screen(page, "evaluation-routine")
    page.click("text=Finish and see my program")

    page.wait_for_url("**/my/program/")
    program = Program.objects.get(is_active=True)
    assert page.locator(".program-item").count() == len(program.plan["items"])
    assert program.plan["items"][0]["reasons"][0]["text"] in page.inner_text("main")
    page.wait_for_load_state("networkidle")
    figures = page.locator(".program-item img").evaluate_all(
        "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)"
    )
    page.locator(".program-item img").last.scroll_into_view_if_needed()
    check_screen(page, "program")
    assert page.get_attribute("text=Start your first session >> nth=0", "href") == "/my/session/"
    assert all(figures) or page.locator(".program-item img").count() > 0
    assert [u for u in page.requests if not u.startswith(site.url)] == []

    # The same page on a desktop screen: exercises side by side.
    page.set_viewport_size(DESKTOP)
    page.viewport_name = "desktop"
    page.reload()
    check_screen(page, "program")


def test_saddle_numbness_shows_the_emergency_page_on_a_phone(phone, site, invite):
    page = phone
    page.goto(f"{site.url}/join/{invite.token}/")
    page.fill("#id_username", "robin")
    page.fill("#id_password1", "calm-river-stone-42")
    page.fill("#id_password2", "calm-river-stone-42")
    page.click("text=Create my account")
    page.fill("#id_age", "40")
    choose(page, "Your sex", "Male")
    next_screen(page)
    page.locator("label.choice", has_text="Numbness or tingling between the inner thighs").click()
    next_screen(page)
    page.wait_for_url("**/my/referral/")
    assert "emergency department" in page.inner_text("h1")
    check_screen(page, "referral-emergency")
    assert not Program.objects.exists()


def test_a_clinician_makes_an_invite_and_copies_its_link(phone, site, invite):
    page = phone
    page.goto(f"{site.url}/admin/login/")
    page.fill("#id_username", "dana")
    page.fill("#id_password", personas.PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{site.url}/admin/portal/invite/add/")
    page.fill("#id_name", "Kim Park")
    page.click("input[name=_save]")
    link = page.locator("input[aria-label='Join link']").input_value()
    screenshot(page, "admin-invite-link")
    made = Invite.objects.get(name="Kim Park")
    assert link == f"{site.url}/join/{made.token}/"
    assert made.created_by == invite.created_by
