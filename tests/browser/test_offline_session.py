"""The promise that a session log is never lost: the server goes away mid-session, and comes back.

The app runs as a separate process on its own SQLite file, so stopping it is real: the browser
gets "connection refused", exactly as on a phone that lost its signal.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SPEED = 40
SETUP = (
    "import django; django.setup()\n"
    "from django.core.management import call_command\n"
    "from backrehab.library.actions import do_sync_bundled_library\n"
    "from backrehab.operations.demo import seed_demo_clinic\n"
    "call_command('migrate', verbosity=0)\n"
    "do_sync_bundled_library()\n"
    "seed_demo_clinic()\n"
    "from tests.browser.conftest import sam_on_the_scripted_program\n"
    "sam_on_the_scripted_program()\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class App:
    """`manage.py runserver` in its own process, stopped and started at will."""

    def __init__(self, data: Path, port: int) -> None:
        self.db = data / "db.sqlite3"
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.db}",
            "BACKREHAB_DATA_DIR": str(data),
            "DJANGO_SETTINGS_MODULE": "backrehab.settings",
            "DEBUG": "1",
        }
        self.log = data / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def prepare(self) -> None:
        """What `manage.py migrate`, `backrehab load-library` and `backrehab demo` do."""
        subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=self.env, check=True)

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"the server did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None

    def count(self, sql: str, *args: object) -> int:
        with sqlite3.connect(self.db) as connection:
            return int(connection.execute(sql, args).fetchone()[0])


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    app = App(tmp_path, free_port())
    app.prepare()
    app.start()
    yield app
    if app.process is not None:
        app.stop()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.viewport_name = "phone"
    yield page
    context.close()


def wait_for_rating(page) -> None:
    page.wait_for_selector("[data-screen=rate]:not([hidden])", timeout=20000)


def rate(page, pain: int, effort: int) -> None:
    wait_for_rating(page)
    page.click(f"[data-scale=pain_during] button:text-is('{pain}')")
    page.click(f"[data-scale=effort] button:text-is('{effort}')")
    page.click("[data-action=rated]")


def test_a_session_finished_while_the_server_is_down_is_stored_exactly_once(app, phone):
    page = phone
    patient_logs = (
        "SELECT count(*) FROM care_sessionlog JOIN clinic_patient p ON p.id = patient_id "
        "JOIN auth_user u ON u.id = p.user_id WHERE u.username = ?"
    )
    before = app.count(patient_logs, "demo-sam")

    sign_in(page, app.url, "demo-sam", "demo-sam-pass")
    page.goto(f"{app.url}/my/session/?speed={SPEED}")
    items = page.evaluate("JSON.parse(document.getElementById('session-plan').textContent).items")
    assert len(items) >= 3
    page.click("[data-scale=pain_before] button:text-is('4')")

    # First exercise online, second one started...
    page.click("text=Start this exercise")
    rate(page, 3, 4)
    page.click("text=Start this exercise")
    page.wait_for_selector("[data-screen=exercise] .counter:has-text('Set 1')")

    # ...and the server goes away half way through the session.
    app.stop()
    timer = page.locator("[data-screen=exercise] .timer").inner_text()
    page.wait_for_function(
        "t => document.querySelector('[data-screen=exercise] .timer').textContent !== t", arg=timer
    )
    rate(page, 3, 5)
    for _ in items[2:]:
        page.wait_for_selector("[data-screen=exercise]:not([hidden])")
        # The figure travels with the page: it is there with no server.
        assert page.locator("[data-bind=figure] svg").count() == 1
        page.click("text=Skip this exercise")
        page.click("text=No time")
    page.click("[data-scale=pain_after] button:text-is('3')")
    page.click("text=Finish and save")

    status = page.locator("[data-outbox-status]")
    page.wait_for_function(
        "() => document.querySelector('[data-outbox-status]').textContent.includes('back online')"
    )
    assert status.inner_text() == "Saved on this phone – it will be sent when you're back online."
    screenshot(page, "session-offline-kept")
    outbox = page.evaluate("JSON.parse(localStorage.getItem('backrehab.outbox'))")
    assert len(outbox) == 1
    client_id = uuid.UUID(outbox[0]["client_id"]).hex
    assert app.count("SELECT count(*) FROM care_sessionlog WHERE client_id = ?", client_id) == 0

    # Back online: the outbox sends it by itself (it retries every 15 seconds).
    app.start()
    page.wait_for_function(
        "() => document.querySelector('[data-outbox-status]').textContent === 'Saved.'",
        timeout=25000,
    )
    screenshot(page, "session-offline-sent")
    assert page.evaluate("localStorage.getItem('backrehab.outbox')") == "[]"
    assert app.count("SELECT count(*) FROM care_sessionlog WHERE client_id = ?", client_id) == 1
    assert app.count(patient_logs, "demo-sam") == before + 1


KEPT = """async () => { const cache = await caches.open('backrehab-pages');
  return (await cache.keys()).map(r => new URL(r.url).pathname).sort(); }"""


def test_the_app_installs_and_a_session_opened_with_the_server_down_still_runs(app, phone):
    page = phone
    sign_in(page, app.url, "demo-sam", "demo-sam-pass")
    # Install criteria: a manifest with icons, start address and standalone display, and a
    # service worker in control of the page.
    manifest = page.evaluate(
        "async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()"
    )
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/my/"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function(
        KEPT.replace("return", "const kept = ").replace(".sort(); }", ".sort();")
        + " return kept.includes('/my/session/'); }"
    )
    assert page.evaluate(KEPT) == ["/my/", "/my/program/", "/my/session/"]
    assert page.evaluate("fetch('/favicon.ico').then(r => r.ok)")

    app.stop()  # before the session page is opened
    page.goto(f"{app.url}/my/session/?speed={SPEED}")
    items = page.evaluate("JSON.parse(document.getElementById('session-plan').textContent).items")
    page.click("[data-scale=pain_before] button:text-is('4')")
    page.click("text=Start this exercise")
    rate(page, 3, 4)
    for _ in items[1:]:
        page.wait_for_selector("[data-screen=exercise]:not([hidden])")
        assert page.locator("[data-bind=figure] svg").count() == 1
        page.click("text=Skip this exercise")
        page.click("text=No time")
    page.click("[data-scale=pain_after] button:text-is('3')")
    page.click("text=Finish and save")
    page.wait_for_function(
        "() => document.querySelector('[data-outbox-status]').textContent.includes('back online')"
    )
    client_id = uuid.UUID(
        page.evaluate("JSON.parse(localStorage.getItem('backrehab.outbox'))[0].client_id")
    ).hex

    app.start()
    page.wait_for_function(
        "() => document.querySelector('[data-outbox-status]').textContent === 'Saved.'",
        timeout=25000,
    )
    page.wait_for_timeout(500)
    assert app.count("SELECT count(*) FROM care_sessionlog WHERE client_id = ?", client_id) == 1


def test_signing_out_forgets_the_pages_kept_for_offline_use(app, phone):
    page = phone
    sign_in(page, app.url, "demo-sam", "demo-sam-pass")
    page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function(
        "async () => (await (await caches.open('backrehab-pages')).keys()).length === 3"
    )
    page.click("text=Sign out")
    page.wait_for_url("**/")
    assert page.evaluate(KEPT) == []
