"""In a real browser, with the real Content-Security-Policy, no page breaks a rule of it.

A violation means something on the page (an inline script, handler or style, or a file from
another host) was blocked: the page then looks or works differently than tested elsewhere.
"""

from __future__ import annotations

import contextlib

import pytest

from .conftest import DESKTOP, sign_in

pytestmark = pytest.mark.browser

# Runs before any page script, through the DevTools protocol (not subject to the policy).
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' +
  (e.sourceFile || location.pathname) + ':' + e.lineNumber + ' ' + (e.sample || '')));
"""

INLINE_STYLE = "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')"

PATIENT_PAGES = [
    "/my/",
    "/my/program/",
    "/my/progress/",
    "/my/learn/",
    "/my/learn/pain-and-activity/",
    "/my/reminders/",
    "/my/days/",
    "/my/data/",
    "/exercises/",
    "/exercises/glute-bridge/",
]


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport=DESKTOP, device_scale_factor=1)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(10000)
    page.console_csp = []
    page.on(
        "console",
        lambda m: page.console_csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()


def _violations_on(page, url: str, settle_ms: int = 300) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(settle_ms)  # scripts that draw after load (figures, charts)
    found = page.evaluate("window.__violations")
    found += page.console_csp
    page.console_csp.clear()
    return found


@pytest.fixture
def demo(site):
    from backrehab.operations.demo import seed_demo_clinic

    seed_demo_clinic()
    return site


def test_patient_pages_break_no_policy_rule(demo, watched):
    sign_in(watched, demo.url, "demo-alex", "demo-alex-pass")
    # The check itself works: a style attribute added by script is reported.
    watched.evaluate(INLINE_STYLE)
    watched.wait_for_timeout(100)
    assert any("style-src" in v for v in watched.evaluate("window.__violations"))
    watched.console_csp.clear()
    found = {url: _violations_on(watched, demo.url + url) for url in PATIENT_PAGES}
    assert {url: v for url, v in found.items() if v} == {}


def test_the_session_player_breaks_no_policy_rule(demo, watched):
    sign_in(watched, demo.url, "demo-alex", "demo-alex-pass")
    found = _violations_on(watched, demo.url + "/my/session/?speed=20", settle_ms=1500)
    begin = watched.locator("[data-action=begin]:visible")
    if begin.count():
        begin.first.click()
        watched.wait_for_timeout(1500)
        found += watched.evaluate("window.__violations") + watched.console_csp
    assert found == []


def test_clinic_pages_break_no_policy_rule(demo, watched):
    from django.urls import NoReverseMatch, reverse

    from backrehab.clinic.models import Patient

    alex = Patient.objects.get(user__username="demo-alex")
    urls = ["/clinic/audit/", f"/clinic/patients/{alex.pk}/delete/"]
    for name, kwargs in (("dashboard", {}), ("patient-record", {"patient_id": alex.pk})):
        with contextlib.suppress(NoReverseMatch):  # the workspace pages, once there
            urls.append(reverse(name, kwargs=kwargs))
    sign_in_staff(watched, demo.url)
    found = {url: _violations_on(watched, demo.url + url) for url in urls}
    assert {url: v for url, v in found.items() if v} == {}


def sign_in_staff(page, base_url: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "demo-admin")
    page.fill("#id_password", "demo-admin-pass")
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
