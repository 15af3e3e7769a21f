"""The player as a focused, full-screen app: on a phone, upright or on its side, the figure, the
words, the count and one large primary action are on the screen at every step, without scrolling.
Also the player's details: a resumed pause, a figure that holds still during a hold, sides named.
"""

from __future__ import annotations

import pytest

from .conftest import (
    sam_on_the_scripted_program,
    screenshot,
    sign_in,
    while_the_server_is_busy,
)

pytestmark = pytest.mark.browser
SPEED = 40

BOX = """sel => { const e = [...document.querySelectorAll(sel)].find(n => n.offsetParent !== null);
  if (!e) return null; const r = e.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
          innerWidth: window.innerWidth, innerHeight: window.innerHeight,
          scrollY: window.scrollY}; }"""


def assert_on_screen(page, selector: str, step: str) -> None:
    box = page.evaluate(BOX, selector)
    assert box is not None, f"{step}: nothing visible for {selector}"
    where = f"{step}: {selector} at {box}"
    assert box["scrollY"] == 0, where
    assert box["height"] > 0, where
    assert box["top"] >= 0 and box["bottom"] <= box["innerHeight"] + 0.5, where
    assert box["left"] >= 0 and box["right"] <= box["innerWidth"] + 0.5, where


def assert_in_reach(page, step: str, *, exercise: bool = False) -> None:
    assert_on_screen(page, "#player [data-primary]", step)
    assert page.locator("header.top").is_hidden(), f"{step}: the site navigation shows"
    if exercise:
        for part in (".stage svg", ".instruction", ".counter"):
            assert_on_screen(page, f"[data-screen=exercise] {part}", step)


@pytest.fixture
def patient(site):
    from backrehab.operations.demo import seed_demo_clinic

    seed_demo_clinic()
    sam_on_the_scripted_program()
    return site


def open_player(browser, site, viewport, *, language: str = "en"):
    context = browser.new_context(viewport=viewport, device_scale_factor=1, locale=language)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.viewport_name = f"{viewport['width']}x{viewport['height']}"
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    sign_in(page, site.url, "demo-sam", "demo-sam-pass")
    return context, page


@pytest.mark.parametrize(
    "viewport",
    [{"width": 360, "height": 640}, {"width": 640, "height": 360}, {"width": 412, "height": 915}],
    ids=["phone-upright", "phone-on-its-side", "large-phone"],
)
def test_the_primary_action_is_on_the_screen_at_every_step(browser, patient, viewport):
    context, page = open_player(browser, patient, viewport)
    page.goto(f"{patient.url}/my/session/?speed={SPEED}")
    assert_in_reach(page, "pain before")
    page.click("[data-scale=pain_before] button:text-is('3')")
    page.wait_for_selector("h2.exercise-name:text-is('Knee rotations')")
    assert_in_reach(page, "exercise intro")
    page.click("[data-action=begin]")
    page.wait_for_selector(".instruction:text-is('Keep going')")
    assert_in_reach(page, "timed exercise", exercise=True)
    page.click("[data-action=pause]")
    assert_in_reach(page, "paused", exercise=True)
    page.click("[data-action=pause]")
    page.wait_for_selector("[data-screen=rate]:not([hidden])")
    assert_in_reach(page, "rating")
    page.click("[data-scale=pain_during] button:text-is('2')")
    page.click("[data-scale=effort] button:text-is('3')")
    page.click("[data-action=rated]")
    page.click("[data-action=begin]")
    page.wait_for_selector(".counter:has-text('repetition')")
    assert_in_reach(page, "repetitions with the tempo", exercise=True)
    page.wait_for_selector(".instruction:text-is('Rest')")
    assert_in_reach(page, "rest", exercise=True)
    page.click("[data-action=skip-rest]")
    page.wait_for_selector(".counter:has-text('Set 2')")
    page.click("[data-action=skip]")
    assert_on_screen(page, "[data-reason='no time']", "why skipped")
    page.click("[data-reason='no time']")
    page.click("[data-action=begin]")
    page.wait_for_selector(".instruction:text-is('Hold')")
    assert_in_reach(page, "hold", exercise=True)
    screenshot(page, "player-hold")
    for _ in range(10):
        if page.locator("[data-screen=end]").is_visible():
            break
        page.click("[data-action=skip]")
        page.click("[data-reason='no time']")
    assert_in_reach(page, "pain after")
    page.click("[data-scale=pain_after] button:text-is('2')")
    page.click("[data-action=finish]")
    page.wait_for_selector("[data-screen=saved]:not([hidden])")
    assert_on_screen(page, "[data-screen=saved] [data-primary]", "saved")
    assert page.errors == []
    _wait_for_the_log_to_be_stored()
    context.close()


def _wait_for_the_log_to_be_stored() -> None:
    """The phone sends the finished session in the background; the test ends only once the
    server has stored it, so no request is still running when the test database goes away."""
    import time

    from backrehab.care.models import SessionLog

    for _ in range(100):
        stored = while_the_server_is_busy(
            SessionLog.objects.filter(patient__user__username="demo-sam").exists
        )
        if stored:
            return
        time.sleep(0.1)
    raise AssertionError("the finished session never reached the server")


def test_after_pause_and_resume_the_screen_no_longer_says_paused(browser, patient):
    context, page = open_player(browser, patient, {"width": 360, "height": 640})
    page.goto(f"{patient.url}/my/session/?speed=2")
    page.click("[data-scale=pain_before] button:text-is('3')")
    page.click("[data-action=begin]")
    page.wait_for_selector(".instruction:text-is('Keep going')")
    page.click("[data-action=pause]")
    assert page.inner_text(".instruction") == "Paused. Take your time."
    assert page.inner_text("[data-action=pause]") == "Resume"
    page.click("[data-action=pause]")
    assert page.inner_text(".instruction") == "Keep going"
    assert page.inner_text("[data-action=pause]") == "Pause"
    context.close()


FIGURE = """() => { const svg = document.querySelector('[data-bind=figure] svg');
  const dur = parseFloat(svg.querySelector('animate').getAttribute('dur'));
  return {paused: svg.animationsPaused(), at: svg.getCurrentTime() / dur}; }"""


def test_the_figure_holds_the_peak_pose_during_a_hold_and_moves_during_repetitions(
    browser, patient
):
    context, page = open_player(browser, patient, {"width": 360, "height": 640})
    page.goto(f"{patient.url}/my/session/?speed=4")
    items = page.evaluate("JSON.parse(document.getElementById('session-plan').textContent).items")
    page.click("[data-scale=pain_before] button:text-is('3')")
    # Knee rotations move (no hold); the side plank (third) holds.
    page.click("[data-action=begin]")
    page.wait_for_selector(".instruction:text-is('Keep going')")
    assert page.evaluate(FIGURE)["paused"] is False
    page.click("[data-action=skip]")
    page.click("[data-reason='no time']")
    page.click("[data-action=skip]")
    page.click("[data-reason='no time']")
    peak = items[2]["peak_at"]
    page.click("[data-action=begin]")
    page.wait_for_selector(".instruction:text-is('Hold')", timeout=20000)
    first = page.evaluate(FIGURE)
    assert first["paused"] is True
    assert first["at"] == pytest.approx(peak, abs=0.02)
    page.wait_for_timeout(600)
    assert page.evaluate(FIGURE) == first  # still, not lying flat or moving on
    # Pause and resume during a hold: the figure stays in the hold.
    page.click("[data-action=pause]")
    page.click("[data-action=pause]")
    assert page.evaluate(FIGURE)["paused"] is True
    context.close()


def test_sides_are_named_left_and_right_in_spanish_too(browser, patient):
    from backrehab.clinic.models import Patient

    Patient.objects.filter(user__username="demo-sam").update(language="es")
    context, page = open_player(browser, patient, {"width": 360, "height": 640}, language="es")
    page.goto(f"{patient.url}/my/session/?speed={SPEED}")
    page.evaluate("() => document.documentElement.lang")
    page.click("[data-scale=pain_before] button:text-is('3')")
    page.click("[data-action=skip]")
    page.click("[data-reason='no time']")
    page.click("[data-action=skip]")
    page.click("[data-reason='no time']")
    page.click("[data-action=begin]")
    page.wait_for_selector(".counter:has-text('lado izquierdo')")
    assert "first side" not in page.inner_text(".counter")
    page.wait_for_selector(".counter:has-text('lado derecho')", timeout=20000)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_player_and_today_have_no_serious_accessibility_problems(
    browser, patient, scheme, language
):
    from .conftest import serious_accessibility_problems

    context, page = open_player(browser, patient, {"width": 360, "height": 640}, language=language)
    page.emulate_media(color_scheme=scheme)
    assert serious_accessibility_problems(page) == []
    page.goto(f"{patient.url}/my/session/?speed={SPEED}")
    assert serious_accessibility_problems(page) == []
    page.click("[data-scale=pain_before] button:text-is('3')")
    page.click("[data-action=begin]")
    page.wait_for_selector("[data-screen=rate]:not([hidden])", timeout=20000)
    assert serious_accessibility_problems(page) == []
    context.close()
