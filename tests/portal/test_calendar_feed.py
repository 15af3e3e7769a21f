"""The calendar feed and the reminders page: subscribe once, see every session for eight weeks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from backrehab.care.models import Program
from backrehab.clinic.models import Patient
from backrehab.clinical.schedule import scheduled_days
from backrehab.operations.demo import seed_demo_clinic
from backrehab.portal.actions import do_save_reminder_settings
from backrehab.portal.models import CalendarFeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex(client):
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-alex"))
    return Patient.objects.get(user__username="demo-alex")


def events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_the_feed_is_made_on_the_first_visit_to_the_reminders_page(client, alex):
    assert not CalendarFeed.objects.filter(patient=alex).exists()
    text = client.get("/my/reminders/").text
    feed = CalendarFeed.objects.get(patient=alex)
    assert f"webcal://testserver/calendar/{feed.token}.ics" in text
    assert f"http://testserver/calendar/{feed.token}.ics" in text


def test_the_feed_has_one_event_per_session_for_eight_weeks(client, alex):
    client.get("/my/reminders/")
    feed = CalendarFeed.objects.get(patient=alex)
    response = Client().get(f"/calendar/{feed.token}.ics")  # calendar apps do not sign in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    per_week = Program.objects.get(patient=alex, is_active=True).plan["sessions_per_week"]
    today = timezone.localdate()
    expected = scheduled_days(today, today + dt.timedelta(days=55), per_week)
    found = events(response.content)
    assert [e.decoded("dtstart").date() for e in found] == expected
    assert len({str(e["uid"]) for e in found}) == len(found)


def test_events_start_at_the_reminder_time_in_clinic_time(client, alex, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    feed = do_save_reminder_settings(alex, by_email=False, at=dt.time(18, 45))
    found = events(Client().get(f"/calendar/{feed.token}.ics").content)
    start = found[0].decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (18, 45, "Europe/Berlin")
    assert b"BEGIN:VTIMEZONE" in Client().get(f"/calendar/{feed.token}.ics").content


def test_events_carry_the_session_length_and_a_reminder(client, alex):
    feed = do_save_reminder_settings(alex, by_email=False, at=dt.time(9))
    minutes = Program.objects.get(patient=alex, is_active=True).plan["minutes"]
    event = events(Client().get(f"/calendar/{feed.token}.ics").content)[0]
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=minutes)
    assert list(event.walk("VALARM"))
    assert feed.token not in str(event["uid"])


def test_an_unknown_token_is_not_found(client):
    assert Client().get("/calendar/not-a-token.ics").status_code == 404


def test_a_patient_without_a_program_gets_an_empty_calendar(client, alex):
    Program.objects.filter(patient=alex).update(is_active=False)
    feed = do_save_reminder_settings(alex, by_email=False, at=dt.time(9))
    assert events(Client().get(f"/calendar/{feed.token}.ics").content) == []


def test_a_new_address_stops_the_old_one(client, alex):
    client.get("/my/reminders/")
    old = CalendarFeed.objects.get(patient=alex).token
    client.post("/my/reminders/", {"action": "renew"})
    new = CalendarFeed.objects.get(patient=alex).token
    assert new != old
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/{new}.ics").status_code == 200


def test_the_reminder_switch_and_hour_are_saved(client, alex):
    response = client.post(
        "/my/reminders/",
        {"email": "alex@example.org", "reminders_by_email": "on", "reminder_time": "07:00"},
    )
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(patient=alex)
    assert (feed.reminders_by_email, feed.reminder_time) == (True, dt.time(7))
    client.post(
        "/my/reminders/",
        {"email": "alex@example.org", "reminders_by_email": "on", "reminder_time": "07:45"},
    )
    assert CalendarFeed.objects.get(patient=alex).reminder_time == dt.time(7, 45)
    assert 'value="07:45" selected' in client.get("/my/reminders/").text
    client.post("/my/reminders/", {"email": "alex@example.org", "reminder_time": "07:00"})
    assert CalendarFeed.objects.get(patient=alex).reminders_by_email is False


def test_an_impossible_time_is_refused(client, alex):
    response = client.post("/my/reminders/", {"reminders_by_email": "on", "reminder_time": "25:00"})
    assert response.status_code == 200
    assert "Choose a time from the list, between 05:00 and 22:45" in response.text
    response = client.post("/my/reminders/", {"reminders_by_email": "on", "reminder_time": "08:10"})
    assert "Choose a time from the list" in response.text
    with pytest.raises(ValueError):
        do_save_reminder_settings(alex, by_email=True, at=dt.time(8, 10))


def test_a_patient_without_an_email_address_is_told(client, alex):
    assert not alex.user.email
    assert "We do not have an e-mail address for you yet" in client.get("/my/reminders/").text


def test_the_patient_sets_their_email_address_and_the_language_of_the_emails(client, alex):
    response = client.post(
        "/my/reminders/",
        {
            "email": "alex@example.org",
            "language": "es",
            "reminders_by_email": "on",
            "reminder_time": "08:00",
        },
    )
    assert response.status_code == 302
    alex.refresh_from_db()
    assert (alex.user.email, alex.language) == ("alex@example.org", "es")
    page = client.get("/my/reminders/").text
    assert 'value="alex@example.org"' in page and '<option value="es" selected>' in page


def test_the_email_address_can_be_changed(client, alex):
    do_save_reminder_settings(alex, by_email=True, at=dt.time(8), email="old@example.org")
    client.post("/my/reminders/", {"email": "new@example.org", "reminder_time": "08:00"})
    alex.user.refresh_from_db()
    assert alex.user.email == "new@example.org"


def test_a_mistyped_email_address_is_refused_with_a_clear_message(client, alex):
    response = client.post(
        "/my/reminders/",
        {"email": "alex@example", "reminders_by_email": "on", "reminder_time": "08:00"},
    )
    assert response.status_code == 200
    assert "This does not look like an e-mail address" in response.text
    alex.user.refresh_from_db()
    assert alex.user.email == ""
    assert not CalendarFeed.objects.filter(patient=alex, reminders_by_email=True).exists()


def test_reminders_by_email_need_an_email_address(client, alex):
    response = client.post("/my/reminders/", {"reminders_by_email": "on", "reminder_time": "08:00"})
    assert response.status_code == 200
    assert "Please enter your e-mail address, so we can send the reminders." in response.text


def test_an_unknown_email_language_is_refused(client, alex):
    response = client.post(
        "/my/reminders/", {"email": "alex@example.org", "language": "xx", "reminder_time": "08:00"}
    )
    assert response.status_code == 200 and 'class="error"' in response.text
    alex.refresh_from_db()
    assert alex.language == ""


def test_the_email_language_starts_as_the_language_the_patient_reads_the_site_in(client, alex):
    page = client.get("/my/reminders/", HTTP_ACCEPT_LANGUAGE="es").text
    assert '<option value="es" selected>' in page
    client.post(
        "/my/reminders/",
        {"email": "alex@example.org", "language": "es", "reminder_time": "08:00"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    alex.refresh_from_db()
    assert alex.language == "es"


def test_saving_reminders_and_renewing_the_address_are_audited_as_the_patient(alex):
    from backrehab.audit.models import AuditEvent
    from backrehab.portal.actions import do_renew_calendar_address

    old = do_save_reminder_settings(alex, by_email=False, at=dt.time(7)).token
    new = do_renew_calendar_address(alex).token

    assert new != old
    events = AuditEvent.objects.filter(patient_id=alex.pk).values_list("what", "actor")
    assert ("reminder settings", alex.user_id) in list(events)
    assert ("calendar address renewed", alex.user_id) in list(events)
