"""The camera coach in headless Chromium with a fake camera showing a still photograph of a person.

The photograph is the full-length figure in the `@vladmandic/human` npm package's assets
(samples.jpg; installed by `npm ci`, never committed), made into a Y4M video at set-up
(bench/fake_camera.py), which Chromium's fake capture device plays as the phone's camera.
MediaPipe Pose then runs for real: the model loads from this site's static files, finds the 33
landmarks, and the framing check passes. Every request the page makes is watched: none leaves
this machine (127.0.0.1), and none carries an image or anything image-sized.

WebGL: Chromium 156 gives headless pages WebGL 2 through SwiftShader (ANGLE on SwiftShader's
Vulkan) even with --disable-gpu; no --use-gl / --use-angle=swiftshader /
--enable-unsafe-swiftshader flag is needed (tried: each gives the same renderer). Only
--disable-software-rasterizer takes WebGL away, and then MediaPipe cannot start at all ("Cannot
read properties of undefined (reading 'loadGraph')"): the player then does not offer the camera
(the last test here). On a software renderer the player runs the model on the CPU (camera.js
softwareRenderer), which bench/bench_pose.py measured ten to twenty times faster here than
through the emulated GPU.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.fake_camera import (
    NoPhotograph,
    camera_flags,
    write_fake_camera,
    write_repetitions,
    y4m_from_rgb,
)

from .conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    serious_accessibility_problems,
    sign_in,
    while_the_server_is_busy,
)

pytestmark = pytest.mark.browser

# A session log is a few kilobytes; a camera frame, even a small JPEG, is tens of kilobytes.
MOST_BYTES_SENT = 8_000
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"RIFF", b"data:image", b"YUV4MPEG")
LOOPBACK = {"127.0.0.1", "localhost"}
COACH_ITEM = {"exercise": "quadruped-rocking", "sets": 2, "reps": 10}


def test_the_pure_python_y4m_writer_makes_the_colours_it_is_given():
    white, red = bytes([255, 255, 255]), bytes([255, 0, 0])
    video = y4m_from_rgb((white * 2 + red * 2) * 2, 4, 2, frames=1)
    header, _, body = video.partition(b"\n")
    assert header == b"YUV4MPEG2 W4 H2 F30:1 Ip A1:1 C420jpeg"
    assert body.startswith(b"FRAME\n")
    planes = body[len(b"FRAME\n") :]
    assert planes[:4] == bytes([255, 255, 76, 76])  # luma of white, white, red, red
    assert len(planes) == 8 + 2 + 2
    assert planes[10:12] == bytes([128, 255])  # V: none for white, most for red


@pytest.fixture(scope="module")
def fake_camera(tmp_path_factory) -> Path:
    try:
        return write_fake_camera(tmp_path_factory.mktemp("camera") / "person.y4m")
    except NoPhotograph as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def camera_browser(browser, fake_camera):
    """A second Chromium from the same Playwright, with a fake camera playing the picture."""
    camera = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            *camera_flags(fake_camera),
        ],
    )
    yield camera
    camera.close()


def _first_in_sams_program(item: dict) -> None:
    from backrehab.care.models import Program

    def change() -> None:
        program = Program.objects.get(patient__user__username="demo-sam", is_active=True)
        rest = [i for i in program.plan["items"] if i["exercise"] != item["exercise"]]
        first = {
            "hold_seconds": None,
            "duration_seconds": None,
            "per_side": False,
            "times_per_day": None,
            "reasons": [],
            **item,
        }
        program.plan = {**program.plan, "items": [first, *rest]}
        program.save(update_fields=["plan"])

    while_the_server_is_busy(change)


@pytest.fixture
def sam_coached(site):
    """Demo Sam, with an exercise the camera counts first in the program."""
    from backrehab.operations.demo import seed_demo_clinic

    seed_demo_clinic()
    _first_in_sams_program(COACH_ITEM)
    return site


def _watch_requests(page) -> list[dict]:
    seen: list[dict] = []

    def note(request) -> None:
        body = request.post_data_buffer or b""
        seen.append({"url": request.url, "method": request.method, "body": body})

    page.on("request", note)
    return seen


def _start_first_exercise(page, base_url: str, opt_in: bool) -> None:
    sign_in(page, base_url, "demo-sam", "demo-sam-pass")
    page.goto(f"{base_url}/my/session/?speed=20")
    page.click("[data-scale=pain_before] button:text-is('2')")
    page.wait_for_selector("[data-action=begin]:visible")
    if opt_in:
        page.check("[data-bind=coach-wanted]")
        page.wait_for_selector("[data-bind=coach-setup]:visible")


def test_the_pose_model_runs_on_the_phone_and_nothing_leaves_it(camera_browser, sam_coached):
    context = camera_browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20000)
    requests = _watch_requests(page)
    sign_in(page, sam_coached.url, "demo-sam", "demo-sam-pass")
    page.goto(f"{sam_coached.url}/my/session/?speed=20")
    page.click("[data-scale=pain_before] button:text-is('2')")
    # Offered under the button, before the exercise starts.
    offer = page.locator("[data-bind=coach-offer]")
    assert offer.is_visible()
    assert "nothing is recorded or sent" in offer.inner_text()
    # Nothing of the coach (code, tracking models, pose model) before the patient says yes.
    assert not [
        r["url"]
        for r in requests
        if any(
            part in r["url"] for part in ("mediapipe", "camera.js", "counter.js", "/session/motion")
        )
    ]
    page.check("[data-bind=coach-wanted]")
    # The set-up help for this exercise, with the figure, before it starts.
    setup = page.locator("[data-bind=coach-setup]")
    setup.wait_for()
    assert "metres" in setup.inner_text()
    assert page.locator("[data-bind=figure] svg").is_visible()
    assert page.evaluate("document.querySelector('[data-bind=coach-video]').srcObject") is None
    page.click("[data-action=begin]")

    view = page.locator("[data-bind=coach-view]")
    page.wait_for_selector("[data-bind=coach-view][data-landmarks='33']", timeout=90000)
    page.wait_for_selector("[data-bind=coach-view][data-framing='ok']", timeout=30000)
    # The framing check passed: the exercise itself started (the countdown of set 1).
    page.wait_for_selector(".counter:has-text('Set 1 of 2')", timeout=30000)
    assert view.is_visible()
    page.wait_for_selector(".instruction:text-is('The camera counts your repetitions')")
    assert page.inner_text(".timer") == "0 / 10"

    urls = [r["url"] for r in requests]
    model_files = [u for u in urls if "/static/vendor/mediapipe-pose/" in u]
    names = {urlparse(u).path.rsplit("/", 1)[1] for u in model_files}
    assert {"pose.js", "pose_landmark_lite.tflite", "pose_solution_packed_assets.data"} <= names
    assert names & {"pose_solution_simd_wasm_bin.wasm", "pose_solution_wasm_bin.wasm"}
    hosts = {urlparse(u).hostname for u in urls if urlparse(u).scheme in ("http", "https")}
    # Only the test server, on this machine's loopback (pytest-django names it localhost).
    assert hosts == {urlparse(sam_coached.url).hostname}, hosts
    assert hosts <= LOOPBACK, hosts
    assert {urlparse(u).scheme for u in urls} <= {"http", "data", "blob"}
    for request in requests:
        assert len(request["body"]) <= MOST_BYTES_SENT, (request["url"], len(request["body"]))
        assert not any(sig in request["body"] for sig in IMAGE_SIGNATURES), request["url"]

    # Skipping the exercise switches the camera off.
    page.click("[data-action=skip]")
    page.click("[data-reason='no time']")
    page.wait_for_function("document.querySelector('[data-bind=coach-video]').srcObject === null")
    assert not view.is_visible()
    context.close()


def test_a_refused_camera_leaves_the_player_as_it_was(browser, sam_coached):
    """The ordinary test browser has no camera to give: the session carries on, paced."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20000)
    _start_first_exercise(page, sam_coached.url, opt_in=True)
    # The offer and the set-up help, as a phone shows them: nothing serious for accessibility.
    assert serious_accessibility_problems(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.click("[data-action=begin]")
    page.wait_for_selector("[data-bind=coach-note]:has-text('The camera could not be used')")
    page.wait_for_selector(".counter:has-text('Set 1 of 2')")
    page.wait_for_selector(".counter:has-text('repetition 1 of 10')")
    assert page.locator("[data-action=count-mode]").is_visible()
    assert not page.locator("[data-bind=coach-view]").is_visible()
    context.close()


def test_without_webgl_the_camera_is_not_offered(browser, sam_coached):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    context.add_init_script("HTMLCanvasElement.prototype.getContext = () => null;")
    page = context.new_page()
    page.set_default_timeout(20000)
    sign_in(page, sam_coached.url, "demo-sam", "demo-sam-pass")
    page.goto(f"{sam_coached.url}/my/session/?speed=20")
    page.click("[data-scale=pain_before] button:text-is('2')")
    page.wait_for_selector("[data-action=begin]:visible")
    assert not page.locator("[data-bind=coach-offer]").is_visible()
    assert not page.locator("[data-bind=coach-setup]").is_visible()
    page.click("[data-action=begin]")
    page.wait_for_selector(".counter:has-text('repetition 1 of 10')")
    context.close()


@pytest.fixture(scope="module")
def moving_camera_browser(browser, tmp_path_factory):
    """A camera showing a person with straight arms, then one with bent elbows, in turn."""
    try:
        video = write_repetitions(tmp_path_factory.mktemp("camera") / "reps.y4m")
    except NoPhotograph as exc:
        pytest.fail(str(exc))
    camera = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            *camera_flags(video),
        ],
    )
    yield camera
    camera.close()


def test_the_camera_counts_the_reps_and_the_patient_can_correct_the_count(
    moving_camera_browser, site
):
    """Each turn of the video is a wall push-up's bend and straighten: the camera's count drives
    the player, the summary says how many reached the full range, the patient corrects it, and
    the log says the camera counted."""
    from backrehab.operations.demo import seed_demo_clinic

    seed_demo_clinic()
    _first_in_sams_program({"exercise": "wall-push-up", "sets": 1, "reps": 3})
    context = moving_camera_browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20000)
    _start_first_exercise(page, site.url, opt_in=True)
    page.click("[data-action=begin]")
    page.wait_for_selector(
        ".instruction:text-is('The camera counts your repetitions')", timeout=90000
    )
    page.wait_for_selector(".timer:text-is('1 / 3')", timeout=30000)
    page.wait_for_selector(".timer:text-is('2 / 3')", timeout=30000)
    # The exercise ends when the camera has counted the third: no tap, no clock.
    page.wait_for_selector("[data-screen=rate]:not([hidden])", timeout=30000)
    summary = page.locator("[data-bind=coach-summary]")
    assert summary.is_visible()
    text = page.inner_text("[data-bind=coach-summary-text]")
    assert text.startswith("Repetitions the camera counted: 3.")
    assert " of 3 reached full range." in text
    assert page.inner_text("[data-bind=coach-count]") == "3"
    page.click("[data-action=coach-more]")
    assert page.inner_text("[data-bind=coach-count]") == "4"
    # The camera is off once the exercise is over.
    assert page.evaluate("document.querySelector('[data-bind=coach-video]').srcObject") is None
    page.click("[data-scale=pain_during] button:text-is('2')")
    page.click("[data-scale=effort] button:text-is('5')")
    page.click("[data-action=rated]")
    page.wait_for_selector("[data-screen=exercise]:not([hidden])")
    draft = page.evaluate("JSON.parse(localStorage.getItem('backrehab.session-draft'))")
    logged = draft["session"]["logs"][0]
    assert logged["exercise"] == "wall-push-up"
    assert logged["count_source"] == "camera"
    assert logged["reps_counted"] == 4 and logged["count_corrected"] is True
    assert 0 <= logged["full_range_reps"] <= 3
    context.close()


def _chromium_with_camera(browser, tmp_path_factory, name: str, **video):
    try:
        path = write_repetitions(tmp_path_factory.mktemp("camera") / name, **video)
    except NoPhotograph as exc:
        pytest.fail(str(exc))
    return browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            *camera_flags(path),
        ],
    )


@pytest.fixture(scope="module")
def holding_camera_browser(browser, tmp_path_factory):
    """The same two people, the second (elbows bent: the wall push-up's peak) held 3 s a turn."""
    camera = _chromium_with_camera(browser, tmp_path_factory, "holds.y4m", peak_seconds=3)
    yield camera
    camera.close()


@pytest.fixture(scope="module")
def leaving_camera_browser(browser, tmp_path_factory):
    """As above, then nobody in the picture for 4 s a turn."""
    video = {"peak_seconds": 3, "away_seconds": 4}
    camera = _chromium_with_camera(browser, tmp_path_factory, "leaving.y4m", **video)
    yield camera
    camera.close()


def test_a_hold_counts_down_only_while_the_camera_sees_the_end_position(
    holding_camera_browser, site
):
    """A wall push-up held 60 s (3 s at ?speed=20) against a video that shows the bent elbows
    for 3 s a turn, under 2 s of it settled at the peak: each hold runs, pauses while the
    straight arms show ("Back into the hold", the countdown still), resumes on the next turn and
    completes there; a completed hold is the counted repetition, and the log says camera."""
    from backrehab.operations.demo import seed_demo_clinic

    seed_demo_clinic()
    _first_in_sams_program({"exercise": "wall-push-up", "sets": 1, "reps": 2, "hold_seconds": 60})
    context = holding_camera_browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20000)
    _start_first_exercise(page, site.url, opt_in=True)
    # Every change of the instruction, the countdown and the counter, in order.
    page.evaluate(WATCH_THE_SCREEN)
    page.click("[data-action=begin]")
    # (The hold may start at once, if the peak is on screen: the first screens are read below.)
    page.wait_for_selector(".instruction:text-is('Hold')", timeout=90000)
    assert page.inner_text("[data-bind=coach-status]") == (
        "Each hold's clock runs while the camera sees you at the end position"
    )
    page.wait_for_selector("[data-screen=rate]:not([hidden])", timeout=60000)
    text = page.inner_text("[data-bind=coach-summary-text]")
    assert text.startswith("Repetitions the camera counted: 2."), text

    screens = _distinct(page.evaluate("window.screens"))
    first = "Hold each one 60 seconds at the end position"
    assert (first, "1:00", "Set 1 of 1 · repetition 1 of 2") in screens
    holding = [s for s in screens if s[0] in ("Hold", "Back into the hold")]
    assert holding and holding[0] == ("Hold", "1:00", "Set 1 of 1 · repetition 1 of 2")
    pauses = [i for i, s in enumerate(screens) if s[0] == "Back into the hold"]
    assert pauses, screens
    for i in pauses:
        # Paused where the hold stood, and resumed from there, not from the start.
        before, after = screens[i - 1], screens[i + 1]
        assert before[0] in ("Hold", "Back into the hold") and before[1] == screens[i][1]
        assert after[0] == "Hold" and after[1] == screens[i][1], (before, screens[i], after)
        assert screens[i][1] not in ("1:00", "0", "")
    # A completed hold is the repetition: "Relax", then the second one.
    relax = next(i for i, s in enumerate(screens) if s[0] == "Relax")
    assert screens[relax][2].endswith("repetition 2 of 2")
    assert any(s[0] == "Hold" and s[2].endswith("2 of 2") for s in screens[relax:])

    page.click("[data-scale=pain_during] button:text-is('2')")
    page.click("[data-scale=effort] button:text-is('5')")
    page.click("[data-action=rated]")
    page.wait_for_selector("[data-screen=exercise]:not([hidden])")
    draft = page.evaluate("JSON.parse(localStorage.getItem('backrehab.session-draft'))")
    logged = draft["session"]["logs"][0]
    assert logged["exercise"] == "wall-push-up" and logged["hold_seconds"] == 60
    assert logged["count_source"] == "camera"
    assert logged["reps_counted"] == 2 and logged["count_corrected"] is False
    context.close()


def test_a_hold_falls_back_to_the_clock_when_the_camera_loses_the_patient(
    leaving_camera_browser, site
):
    """The person leaves the picture for 4 s during the first hold: after 3 s the player says
    so once, switches the camera off and times the holds with its clock, as without a camera."""
    from backrehab.operations.demo import seed_demo_clinic

    seed_demo_clinic()
    _first_in_sams_program({"exercise": "wall-push-up", "sets": 1, "reps": 2, "hold_seconds": 60})
    context = leaving_camera_browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20000)
    _start_first_exercise(page, site.url, opt_in=True)
    page.click("[data-action=begin]")
    note = page.locator("[data-bind=coach-note]")
    note.wait_for(timeout=120000)
    assert note.inner_text() == "The camera lost sight of you: the clock times the holds now."
    assert page.evaluate("document.querySelector('[data-bind=coach-video]').srcObject") is None
    assert not page.locator("[data-bind=coach-view]").is_visible()
    # The clock's own holds: into position, hold (counted down by the clock), relax.
    page.wait_for_selector(".counter:has-text('repetition 2 of 2')", timeout=30000)
    page.wait_for_selector("[data-screen=rate]:not([hidden])", timeout=30000)
    assert not page.locator("[data-bind=coach-summary]").is_visible()
    page.click("[data-scale=pain_during] button:text-is('2')")
    page.click("[data-scale=effort] button:text-is('5')")
    page.click("[data-action=rated]")
    page.wait_for_selector("[data-screen=exercise]:not([hidden])")
    draft = page.evaluate("JSON.parse(localStorage.getItem('backrehab.session-draft'))")
    logged = draft["session"]["logs"][0]
    assert (logged["count_source"], logged["reps_counted"]) == ("paced", 2)
    context.close()


WATCH_THE_SCREEN = """() => {
  window.screens = [];
  const text = (selector) => document.querySelector(selector).textContent;
  new MutationObserver(() => window.screens.push([text(".instruction"), text(".timer"),
    text(".counter")])).observe(document.getElementById("player"),
    { subtree: true, childList: true, characterData: true });
}"""


def _distinct(screens: list[list[str]]) -> list[tuple[str, str, str]]:
    """The screens without repeats of the one before."""
    out: list[tuple[str, str, str]] = []
    for screen in screens:
        if not out or out[-1] != tuple(screen):
            out.append((screen[0], screen[1], screen[2]))
    return out
