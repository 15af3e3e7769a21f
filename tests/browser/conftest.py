"""Headless Chromium (Debian's package) driven by Playwright against the live test server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

# Playwright's sync API runs an event loop in this thread; the test code itself stays
# synchronous, so Django's guard against ORM calls from async code does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# How Debian's Chromium runs here: headless, no sandbox as root, and never calling home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
T = TypeVar("T")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make test-machine` (as root it installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, live_server, library) -> Iterator[object]:
    """The live server with the bundled library loaded."""
    from backrehab.library.actions import do_sync_bundled_library

    do_sync_bundled_library(library)
    yield live_server
    # A request the browser started late (the installed app's service worker fetching pages in
    # the background) may still hold a table lock when the test ends; the test database's flush
    # would then fail at once. Empty the tables here, waiting out such a lock, so that flush
    # finds nothing to wait for.
    from django.core.management import call_command

    while_the_server_is_busy(
        lambda: call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True),
        seconds=30,
    )


@pytest.fixture(params=["phone", "desktop"])
def page(request, browser):
    viewport = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    page.viewport_name = request.param
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, one line each.

    The script is evaluated through the DevTools protocol, so the page's own content security
    policy does not block it.
    """
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci` (make test does)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the real form and land on the patient's Today page."""
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my/")


# The player tests script a session step by step, so they play a program whose first three
# exercises have a known shape: a timed exercise, repetitions in two sets (a rest between them),
# then holds on each side. The engine's choice for Sam (stenosis) changes as its rules do - it now
# starts with flexed walking intervals - so the script's three are put first, at these doses, and
# the rest of Sam's program (walking intervals included) follows in the engine's order.
SCRIPTED_ITEMS = (
    {"exercise": "knee-rotations", "sets": 1, "duration_seconds": 90},
    {"exercise": "quadruped-rocking", "sets": 2, "reps": 10},
    {"exercise": "side-plank-knees", "sets": 2, "reps": 4, "hold_seconds": 10, "per_side": True},
)


def sam_on_the_scripted_program() -> None:
    """Demo Sam's program in force, with the scripted exercises first (see SCRIPTED_ITEMS)."""
    from backrehab.care.models import Program

    program = Program.objects.get(patient__user__username="demo-sam", is_active=True)
    engine = {i["exercise"]: i for i in program.plan["items"]}
    first = []
    for scripted in SCRIPTED_ITEMS:
        chosen = engine.get(scripted["exercise"], {})
        first.append(
            {
                "reps": None,
                "hold_seconds": None,
                "duration_seconds": None,
                "per_side": False,
                "times_per_day": None,
                "reasons": chosen.get("reasons", []),
                **scripted,
            }
        )
    names = {i["exercise"] for i in first}
    rest = [i for i in program.plan["items"] if i["exercise"] not in names]
    program.plan = {**program.plan, "items": first + rest}
    program.save(update_fields=["plan"])


def while_the_server_is_busy(action: Callable[[], T], seconds: float = 10) -> T:
    """Run a database `action` from the test while the live server may be writing: the test
    database is SQLite in memory with a shared cache, where a table another connection is
    writing answers "table is locked" at once instead of waiting (the installed app's service
    worker fetches pages in the background)."""
    import time

    from django.core.management.base import CommandError
    from django.db import OperationalError

    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except (OperationalError, CommandError) as exc:  # flush wraps the lock in CommandError
            if "locked" not in f"{exc} {exc.__cause__}" or time.monotonic() > deadline:
                raise
            time.sleep(0.1)
