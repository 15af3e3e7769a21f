"""A guided session on a phone: timers that count, questions after each exercise, a saved log."""

from __future__ import annotations

import pytest

from .conftest import (
    PHONE,
    sam_on_the_scripted_program,
    screenshot,
    serious_accessibility_problems,
    sign_in,
    while_the_server_is_busy,
)

pytestmark = pytest.mark.browser
SPEED = 20


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(10000)
    page.viewport_name = "phone"
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def sam_signed_in(site, phone):
    from backrehab.operations.demo import seed_demo_clinic

    seed_demo_clinic()
    sam_on_the_scripted_program()
    sign_in(phone, site.url, "demo-sam", "demo-sam-pass")
    return phone


def timer_changes(page) -> bool:
    timer = page.locator("[data-screen=exercise] .timer")
    first = timer.inner_text()
    page.wait_for_function(
        "t => document.querySelector('[data-screen=exercise] .timer').textContent !== t", arg=first
    )
    return True


def rate(page, pain: int, effort: int) -> None:
    page.wait_for_selector("[data-screen=rate]:not([hidden])")
    page.click(f"[data-scale=pain_during] button:text-is('{pain}')")
    page.click(f"[data-scale=effort] button:text-is('{effort}')")
    page.click("[data-action=rated]")


def test_a_whole_session_is_guided_rated_and_saved_once(site, sam_signed_in):
    from backrehab.care.models import SessionLog

    page = sam_signed_in
    before = SessionLog.objects.filter(patient__user__username="demo-sam").count()
    page.goto(f"{site.url}/my/session/?speed={SPEED}")
    items = page.evaluate("JSON.parse(document.getElementById('session-plan').textContent).items")
    assert [i["exercise"] for i in items[:3]] == [
        "knee-rotations",
        "quadruped-rocking",
        "side-plank-knees",
    ]
    screenshot(page, "session-1-pain-before")
    page.click("[data-scale=pain_before] button:text-is('3')")

    # 1. A timed exercise: get ready 3-2-1, then a visible countdown.
    page.wait_for_selector("h2.exercise-name:text-is('Knee rotations')")
    screenshot(page, "session-2-exercise-intro")
    page.click("text=Start this exercise")
    page.wait_for_selector(".instruction:text-is('Keep going')")
    assert timer_changes(page)
    screenshot(page, "session-3-timed")
    rate(page, 2, 4)

    # 2. Repetitions paced by a tempo, two sets with a rest between.
    page.wait_for_selector("h2.exercise-name:text-is('Quadruped rocking')")
    page.click("text=Start this exercise")
    page.wait_for_selector(".counter:has-text('repetition')")
    page.click("[data-action=slower]")
    assert page.inner_text("[data-bind=tempo-text]") == "3.5 s per repetition"
    # The figure moves at the same pace: one animation cycle per repetition.
    page.wait_for_function(
        "dur => document.querySelector('[data-bind=figure] svg animate')"
        ".getAttribute('dur') === dur",
        arg=f"{3.5 / SPEED:.2f}s",
    )
    screenshot(page, "session-4-reps")
    page.wait_for_selector(".instruction:text-is('Rest')", timeout=15000)
    assert timer_changes(page)
    screenshot(page, "session-5-rest")
    rate(page, 3, 5)

    # 3. Holds on each side: the player switches sides by itself; then skip with a reason.
    page.wait_for_selector("h2.exercise-name:text-is('Side plank on knees')")
    page.evaluate(
        """() => { window.shown = [];
        const node = document.querySelector('[data-bind=instruction]');
        new MutationObserver(() => window.shown.push(node.textContent))
            .observe(node, {childList: true, characterData: true, subtree: true}); }"""
    )
    page.click("text=Start this exercise")
    page.wait_for_selector(".instruction:text-is('Hold')", timeout=10000)
    assert timer_changes(page)
    screenshot(page, "session-6-hold")
    page.wait_for_selector(".counter:has-text('right side')", timeout=15000)
    assert "Now the left side" in page.evaluate("window.shown")
    assert "Now the right side" in page.evaluate("window.shown")
    page.click("text=Skip this exercise")
    screenshot(page, "session-7-skip")
    # A skipped exercise is not rated: the player asks why, then goes on to the next one.
    page.click("text=Too painful")
    assert page.locator("[data-screen=rate]").is_hidden()

    # The rest: skipped for lack of time.
    for n, _ in enumerate(items[3:], start=4):
        page.wait_for_selector(f"[data-bind=progress]:text-is('Exercise {n} of {len(items)}')")
        page.click("text=Skip this exercise")
        page.click("text=No time")

    page.wait_for_selector("[data-screen=end]:not([hidden])")
    page.click("[data-scale=pain_after] button:text-is('2')")
    page.fill("#session-note", "Felt easier than last time.")
    screenshot(page, "session-9-end")
    page.click("text=Finish and save")
    page.wait_for_selector("[data-outbox-status]:text-is('Saved.')")
    screenshot(page, "session-10-saved")

    logs = SessionLog.objects.filter(patient__user__username="demo-sam")
    assert logs.count() == before + 1
    log = logs.order_by("-received_at").first()
    assert log.data["pain_before"] == 3
    done = {e["exercise"]: e for e in log.data["exercises"]}
    assert done["knee-rotations"]["sets"] == 1 and done["knee-rotations"]["pain_during"] == 2
    assert done["quadruped-rocking"]["sets"] == 2 and done["quadruped-rocking"]["effort"] == 5
    assert set(done) == {"knee-rotations", "quadruped-rocking"}
    assert log.data["skipped"] == [
        {"exercise": "side-plank-knees", "reason": "too painful"},
        *({"exercise": i["exercise"], "reason": "no time"} for i in items[3:]),
    ]
    assert page.evaluate("localStorage.getItem('backrehab.outbox')") == "[]"
    assert [u for u in page.requests if not u.startswith(site.url)] == []
    assert page.errors == []


def test_the_player_screens_have_no_serious_accessibility_problems(site, sam_signed_in):
    page = sam_signed_in
    page.goto(f"{site.url}/my/session/?speed={SPEED}")
    assert serious_accessibility_problems(page) == []
    page.click("[data-scale=pain_before] button:text-is('3')")
    page.click("text=Start this exercise")
    page.wait_for_selector(".instruction:text-is('Keep going')")
    assert serious_accessibility_problems(page) == []


PLAYER_OVERFLOW = """() => Math.max(0, ...[...document.querySelectorAll('#player *')]
    .filter(e => e.offsetParent !== null)
    .map(e => e.getBoundingClientRect().right - window.innerWidth))"""


def test_text_is_at_least_16_px_and_the_player_fits_the_phone(site, sam_signed_in):
    page = sam_signed_in
    page.goto(f"{site.url}/my/session/?speed={SPEED}")
    page.click("[data-scale=pain_before] button:text-is('3')")
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('#player *')]
            .filter(e => e.offsetParent !== null && e.childNodes.length
                    && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= 16
    sizes = page.evaluate(
        "['.instruction', '.timer'].map(s => parseFloat(getComputedStyle("
        "document.querySelector(s)).fontSize))"
    )
    assert all(size >= 28 for size in sizes)
    assert page.evaluate(PLAYER_OVERFLOW) <= 0
    # The busiest screen: repetitions with the tempo buttons.
    page.click("text=Skip this exercise")
    page.click("text=No time")
    page.click("text=Start this exercise")
    page.wait_for_selector("[data-action=slower]")
    assert page.evaluate(PLAYER_OVERFLOW) <= 0


def test_the_mute_switch_is_remembered(site, sam_signed_in):
    page = sam_signed_in
    page.goto(f"{site.url}/my/session/")
    page.click("[data-action=mute]")
    assert page.inner_text("[data-action=mute]") == "Sound off"
    page.reload()
    assert page.inner_text("[data-action=mute]") == "Sound off"


def test_pause_stops_the_clock_and_resume_goes_on(site, sam_signed_in):
    page = sam_signed_in
    page.goto(f"{site.url}/my/session/?speed=5")
    page.click("[data-scale=pain_before] button:text-is('3')")
    page.click("text=Start this exercise")
    page.wait_for_selector(".instruction:text-is('Keep going')")
    page.click("[data-action=pause]")
    frozen = page.inner_text(".timer")
    page.wait_for_timeout(800)
    assert page.inner_text(".timer") == frozen
    page.click("[data-action=pause]")
    assert timer_changes(page)


def test_a_reload_mid_session_keeps_the_exercises_already_done(site, sam_signed_in):
    from backrehab.care.models import SessionLog

    page = sam_signed_in
    page.goto(f"{site.url}/my/session/?speed={SPEED}")
    items = page.evaluate("JSON.parse(document.getElementById('session-plan').textContent).items")
    page.click("[data-scale=pain_before] button:text-is('6')")
    page.click("text=Start this exercise")
    rate(page, 5, 6)
    page.wait_for_selector("h2.exercise-name:text-is('Quadruped rocking')")

    page.once("dialog", lambda dialog: dialog.accept())  # "leave the page?"
    page.reload()
    page.wait_for_selector("text=You did 1 of")
    screenshot(page, "session-resume")
    page.click("[data-action=resume]")
    for n, _ in enumerate(items[1:], start=2):
        page.wait_for_selector(f"[data-bind=progress]:text-is('Exercise {n} of {len(items)}')")
        page.click("text=Skip this exercise")
        page.click("text=No time")
    page.click("text=Finish and save")
    page.wait_for_selector("[data-outbox-status]:text-is('Saved.')")
    log = SessionLog.objects.filter(patient__user__username="demo-sam").order_by("-received_at")[0]
    assert log.data["pain_before"] == 6
    assert [e["exercise"] for e in log.data["exercises"]] == [items[0]["exercise"]]
    assert [e["exercise"] for e in log.data["skipped"]] == [i["exercise"] for i in items[1:]]
    assert log.data["exercises"][0]["pain_during"] == 5
    assert page.evaluate("localStorage.getItem('backrehab.session-draft')") is None


def test_the_patient_can_count_repetitions_by_tapping(site, sam_signed_in):
    page = sam_signed_in
    page.goto(f"{site.url}/my/session/?speed={SPEED}")
    items = page.evaluate("JSON.parse(document.getElementById('session-plan').textContent).items")
    reps = items[1]["reps"]
    page.click("[data-scale=pain_before] button:text-is('3')")
    page.click("text=Skip this exercise")
    page.click("text=No time")
    page.click("text=Start this exercise")
    page.click("text=I will count myself")
    tap = page.locator("[data-action=tap]")
    for n in range(1, reps):
        tap.click()
        assert page.inner_text(".timer") == f"{n} / {reps}"
    assert page.inner_text(".instruction") != "Rest"  # nothing moves on by itself
    tap.click()
    page.wait_for_selector(".instruction:text-is('Rest')")


def test_the_directional_exercise_asks_whether_leg_pain_moved_back(site, sam_signed_in):
    from backrehab.care.models import Program, SessionLog

    # Knee rotations stand in for the directional exercise; Sam's own one (flexion) is not.
    program = Program.objects.get(patient__user__username="demo-sam", is_active=True)
    first, *others = program.plan["items"]
    directional = {"focus-preference", "focus-preference-training"}
    for item in others:
        item["reasons"] = [r for r in item["reasons"] if r["rule"] not in directional]
    first["reasons"] = [
        {"rule": "focus-preference", "text": "Eases your pain in its direction."},
        *first["reasons"],
    ]
    while_the_server_is_busy(lambda: program.save(update_fields=["plan"]))
    page = sam_signed_in
    page.goto(f"{site.url}/my/session/?speed={SPEED}")
    page.click("[data-scale=pain_before] button:text-is('5')")
    page.click("text=Start this exercise")
    page.wait_for_selector("[data-screen=rate]:not([hidden])")
    assert page.is_visible("text=The pain in my leg moved back toward my back")
    page.check("[data-bind=centralised]")
    rate(page, 6, 4)
    page.click("text=Start this exercise")
    page.wait_for_selector("[data-screen=rate]:not([hidden])", timeout=20000)
    assert not page.is_visible("text=The pain in my leg moved back toward my back")
    rate(page, 2, 4)
    items = page.evaluate("JSON.parse(document.getElementById('session-plan').textContent).items")
    for n, _ in enumerate(items[2:], start=3):
        page.wait_for_selector(f"[data-bind=progress]:text-is('Exercise {n} of {len(items)}')")
        page.click("text=Skip this exercise")
        page.click("text=No time")
    page.click("[data-scale=pain_after] button:text-is('3')")
    page.click("text=Finish and save")
    page.wait_for_selector("[data-outbox-status]:text-is('Saved.')")
    log = SessionLog.objects.filter(patient__user__username="demo-sam").order_by("-received_at")[0]
    done = {e["exercise"]: e for e in log.data["exercises"]}
    assert done[first["exercise"]]["centralised"] is True
    assert done[items[1]["exercise"]]["centralised"] is False
    assert page.errors == []
