"""Every patient page, on a phone, with no serious accessibility problem and no sideways scroll."""

from __future__ import annotations

import pytest

from backrehab.operations.demo import seed_demo_clinic

from .conftest import serious_accessibility_problems, sign_in

pytestmark = pytest.mark.browser
PAGES = [
    "/my/",
    "/my/program/",
    "/my/progress/",
    "/my/learn/",
    "/my/learn/lifting/",
    "/my/reminders/",
    "/my/days/",
    "/my/data/",
    "/my/session/",
]


@pytest.fixture
def signed_in(browser, site):
    seed_demo_clinic()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, site.url, "demo-alex", "demo-alex-pass")
    yield page
    context.close()


def test_patient_pages_have_no_serious_accessibility_problems(signed_in, site):
    problems = {}
    for path in PAGES:
        signed_in.goto(f"{site.url}{path}")
        found = serious_accessibility_problems(signed_in)
        overflow = signed_in.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found.append(f"scrolls sideways by {overflow}px")
        if found:
            problems[path] = found
    assert problems == {}
