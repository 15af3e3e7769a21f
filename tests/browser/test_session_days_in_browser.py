"""Choosing session days on a phone: the patient ticks their days and a time, Today names them;
the clinician sees and changes them on the record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from backrehab.care.models import Program, SessionDays
from backrehab.clinic.models import Patient
from backrehab.operations.demo import seed_demo_clinic
from backrehab.portal.models import CalendarFeed

from .conftest import PHONE, SCREENSHOTS, screenshot, serious_accessibility_problems, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.viewport_name = "phone"
    yield page
    context.close()


def test_a_patient_chooses_their_days_on_a_phone(phone, site):
    seed_demo_clinic()
    alex = Patient.objects.get(user__username="demo-alex")
    n = Program.objects.get(patient=alex, is_active=True).sessions_per_week
    sign_in(phone, site.url, "demo-alex", "demo-alex-pass")
    phone.goto(f"{site.url}/my/days/")
    boxes = phone.locator("input[name=weekdays]")
    assert boxes.count() == 7
    for i in range(7):
        if boxes.nth(i).is_checked():
            boxes.nth(i).uncheck()
    for i in range(n):
        boxes.nth(6 - i).check()  # the end of the week
    phone.select_option("select[name=reminder_time]", "18:30")
    screenshot(phone, "session-days")
    assert serious_accessibility_problems(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    phone.get_by_role("button", name="Save my days").click()
    phone.wait_for_url(f"{site.url}/my/")
    assert "Your exercise days: " in phone.content()
    assert "Sunday" in phone.locator(".today").inner_text()
    assert sorted(SessionDays.objects.get(patient=alex).weekdays) == list(range(7 - n, 7))
    assert CalendarFeed.objects.get(patient=alex).reminder_time == dt.time(18, 30)
    screenshot(phone, "today-with-days")


def test_the_clinician_sees_and_changes_the_days_on_the_record(phone, site):
    seed_demo_clinic()
    alex = Patient.objects.get(user__username="demo-alex")
    n = Program.objects.get(patient=alex, is_active=True).sessions_per_week
    phone.goto(f"{site.url}/login/")
    phone.fill("#id_username", "demo-clinician")
    phone.fill("#id_password", "demo-clinician-pass")
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/clinic/**")
    phone.goto(f"{site.url}/clinic/patients/{alex.pk}/#session-days")
    section = phone.locator("#session-days")
    assert "Not chosen yet" in section.inner_text()
    boxes = section.locator("input[name=weekdays]")
    for i in range(7):
        boxes.nth(i).set_checked(i < n)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.locator("#program").screenshot(path=str(SCREENSHOTS / "record-session-days-phone.png"))
    assert serious_accessibility_problems(phone) == []
    section.get_by_role("button", name="Save the days").click()
    phone.wait_for_load_state()
    assert "Session days saved" in phone.content()
    assert SessionDays.objects.get(patient=alex).set_by == User.objects.get(
        username="demo-clinician"
    )


def test_after_a_new_prescription_a_spanish_reader_is_asked_to_choose_again(browser, site):
    seed_demo_clinic()
    alex = Patient.objects.get(user__username="demo-alex")
    program = Program.objects.get(patient=alex, is_active=True)
    n = program.sessions_per_week
    SessionDays.objects.create(patient=alex, weekdays=list(range(n)))
    program.plan = {**program.plan, "sessions_per_week": n - 1}
    program.save()
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="es-ES")
    phone = context.new_page()
    phone.viewport_name = "phone-es"
    sign_in(phone, site.url, "demo-alex", "demo-alex-pass")
    assert "Vuelva a elegir sus días de ejercicio" in phone.content()
    screenshot(phone, "today-choose-again")
    phone.get_by_role("link", name="Elegir mis días").click()
    assert "Elija de nuevo, por favor" in phone.content()
    assert phone.locator("input[name=weekdays]:checked").count() == n - 1
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "session-days-choose-again")
    context.close()
