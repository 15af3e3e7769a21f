"""A clinician at a desk finds an exercise with the picker (seeing first what another one would
warn about), adds it with a note to the patient, puts it first and saves; the patient opens the
session player on their phone and reads the note with the exercise. The program then becomes a
clinic template."""

from __future__ import annotations

import pytest

from backrehab.care import prescribing
from backrehab.clinic.models import Role
from backrehab.library.catalog import Catalog
from tests import personas
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, serious_accessibility_problems

pytestmark = pytest.mark.browser

NOTE = "Keep the range small for the first week."
RISKY = "knee-to-chest"  # Alex's leg pain spreads with bending forward: a precaution speaks


def signed_in(browser, base_url: str, username: str, viewport: dict[str, int]):
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", personas.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return context, page


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def search(page, words: str) -> None:
    """Type in the picker's search box and press Enter, as a clinician would."""
    page.fill("#id_pick-q", words)
    with page.expect_navigation():
        page.press("#id_pick-q", "Enter")


def test_the_clinician_adds_an_exercise_with_a_note_and_the_patient_reads_it_in_the_player(
    site, browser
):
    clinic = personas.clinic("Riverside Physio", "riverside")
    dana = personas.staff(clinic, Role.CLINICIAN, "dana", "Dana", "Okafor")
    alex = personas.patient(clinic, dana, "alex", "Alex", "Rivera")
    program = personas.evaluated(alex)
    catalog = Catalog.for_clinic(clinic.pk)
    in_program = {i["exercise"] for i in program.plan["items"]}
    candidates = [s for s in ("glute-bridge", "bird-dog", "band-row") if s not in in_program]
    warned = prescribing.candidate_warnings(alex, candidates, catalog.library())
    chosen = next(slug for slug in candidates if not warned[slug])
    name = catalog.name(chosen)

    desk, clinician = signed_in(browser, site.url, "dana", DESKTOP)
    phone, patient = signed_in(browser, site.url, "alex", PHONE)
    try:
        clinician.goto(f"{site.url}/clinic/patients/{alex.pk}/prescribe/")
        # Before anything is added, the picker says what a risky exercise would warn about.
        search(clinician, "knee hug")
        risky = clinician.locator(f".pick[data-exercise={RISKY}]")
        assert "Adding it will need a reason" in risky.inner_text()
        rows_before = clinician.locator("tbody.item").count()
        assert rows_before == len(program.plan["items"])  # Enter searched, nothing else

        search(clinician, name.lower())
        result = clinician.locator(f".pick[data-exercise={chosen}]")
        assert result.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
        shot(clinician, "prescribing-picker-search-desktop")
        with clinician.expect_navigation():
            result.locator("button", has_text="Add").click()
        assert clinician.locator("tbody.item").count() == rows_before + 1
        last = rows_before
        clinician.fill(f"#id_items-{last}-note", NOTE)
        clinician.fill(f"#id_items-{last}-rest_seconds", "45")
        # Put it first: the draft, note included, is kept through each press.
        for n in range(last, 0, -1):
            with clinician.expect_navigation():
                clinician.click(f"button[name=action][value='up-{n}']")
        assert clinician.input_value("#id_items-0-note") == NOTE
        assert serious_accessibility_problems(clinician) == []
        shot(clinician, "prescribing-picker-added-desktop")
        clinician.fill("#id_reason", "A gentle strength start")
        with clinician.expect_navigation():
            clinician.click("button[name=action][value=save]")
        assert clinician.url.endswith(f"/clinic/patients/{alex.pk}/#program")
        assert NOTE in clinician.inner_text("main")

        # The program becomes a clinic template, which opens for editing with the picker.
        clinician.goto(f"{site.url}/clinic/templates/")
        clinician.select_option("#id_patient", str(alex.pk))
        clinician.fill("#id_name", "Gentle strength start")
        with clinician.expect_navigation():
            clinician.click("#from-program button[type=submit]")
        assert NOTE in clinician.inner_text("article.template")
        assert serious_accessibility_problems(clinician) == []
        shot(clinician, "prescribing-templates-desktop")
        with clinician.expect_navigation():
            clinician.click("article.template a:has-text('Edit exercises and doses')")
        assert clinician.input_value("#id_items-0-note") == NOTE
        assert serious_accessibility_problems(clinician) == []

        # The patient opens the player on their phone: the first exercise, with the note.
        patient.goto(f"{site.url}/my/session/")
        patient.click("[data-scale=pain_before] button:text-is('3')")
        patient.wait_for_selector(f"h2.exercise-name:text-is('{name}')")
        note = patient.locator("[data-screen=exercise] .therapist-note")
        assert note.is_visible() and NOTE in note.inner_text()
        shot(patient, "prescribing-picker-player-note-phone")
        patient.goto(f"{site.url}/my/program/")
        assert NOTE in patient.inner_text("main")
    finally:
        desk.close()
        phone.close()
