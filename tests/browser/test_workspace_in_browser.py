"""The demo clinician signs in, acknowledges an alert from the dashboard, and opens a record;
both pages pass axe without serious problems."""

from __future__ import annotations

import pytest

from backrehab.care.models import Alert
from backrehab.operations.demo import seed_demo_clinic
from tests.browser.conftest import screenshot, serious_accessibility_problems

pytestmark = pytest.mark.browser


def test_the_clinician_acknowledges_an_alert_and_reads_a_record(site, page):
    seed_demo_clinic()
    alert = Alert.objects.filter(acknowledged_at__isnull=True).first()
    assert alert is not None, "the demo clinic should show an open alert"
    page.goto(f"{site.url}/login/")
    page.fill("#id_username", "demo-clinician")
    page.fill("#id_password", "demo-clinician-pass")
    page.click("main button[type=submit]")
    page.goto(f"{site.url}/clinic/")
    assert page.locator(".alert-item").count() >= 1
    assert serious_accessibility_problems(page) == []
    screenshot(page, "workspace-dashboard")
    page.click(".alert-item button[type=submit] >> nth=0")
    page.wait_for_url("**/clinic/**")
    assert "Alert acknowledged" in page.inner_text(".messages")
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    assert alert.acknowledged_by.username == "demo-clinician"
    page.click("table.caseload tbody th a >> nth=0")
    page.wait_for_url("**/clinic/patients/*/")
    assert page.locator("#history").is_visible()
    assert serious_accessibility_problems(page) == []
    screenshot(page, "workspace-record")


def test_every_clinic_page_has_no_serious_accessibility_problems(site, page):
    """Prescribing, templates, the audit log, deleting a patient, an evaluation's answers, the
    remote-monitoring report, the clinic's settings and the open alerts, as the clinic admin,
    in English and Spanish."""
    seed_demo_clinic()
    page.goto(f"{site.url}/login/")
    page.fill("#id_username", "demo-admin")
    page.fill("#id_password", "demo-admin-pass")
    page.click("main button[type=submit]")
    page.wait_for_url("**/clinic/")
    page.goto(f"{site.url}/clinic/?scope=clinic")
    record = page.locator("table.caseload tbody th a >> nth=0").get_attribute("href")
    for path in (
        f"{record}prescribe/",
        "/clinic/templates/",
        "/clinic/audit/",
        f"{record}delete/",
        f"{record}evaluations/",
        "/clinic/monitoring/",
        "/clinic/settings/",
        "/clinic/alerts/?scope=clinic",
    ):
        page.goto(f"{site.url}{path}")
        assert serious_accessibility_problems(page) == [], path
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": site.url}])
    for path in (
        f"{record}evaluations/",
        "/clinic/monitoring/",
        "/clinic/settings/",
        "/clinic/alerts/?scope=clinic",
    ):
        page.goto(f"{site.url}{path}")
        assert page.locator("html").get_attribute("lang") == "es"
        assert serious_accessibility_problems(page) == [], path
