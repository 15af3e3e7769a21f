"""The patient chooses their session days and reminder time; every schedule follows them; day
one is a session day when the evaluation is finished before the evening; sessions in a row and
the progress summary count the first session at once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from icalendar import Calendar

from backrehab.audit.models import AuditEvent
from backrehab.care.actions.schedule import do_set_session_days
from backrehab.care.models import Program, SessionDays, SessionLog
from backrehab.clinic.models import Patient
from backrehab.portal.models import CalendarFeed
from backrehab.portal.progress_data import progress_for
from backrehab.portal.reminders import due_reminders, session_events
from backrehab.portal.services import today_for
from tests import personas

pytestmark = pytest.mark.django_db

# A Monday well after the days are chosen (chosen days apply from the day they are set).
MONDAY = dt.date.today() + dt.timedelta(days=14 - dt.date.today().weekday())


@pytest.fixture
def patient(library_in_db) -> Patient:
    found = personas.patient(personas.clinic("Harbour Physio"), None, "robin", "Robin")
    program = personas.evaluated(found)
    # Started long ago (day one is behind us) unless a test says otherwise.
    start(program, dt.datetime(2026, 11, 2, 9, 0))
    return found


def start(program: Program, when: dt.datetime) -> None:
    program.created_at = timezone.make_aware(when)
    program.save(update_fields=["created_at"])


def per_week(patient: Patient) -> int:
    return Program.objects.get(patient=patient, is_active=True).sessions_per_week


def days_for(patient: Patient) -> list[int]:
    """As many days as the program has, none of them Monday (the default spread's first day)."""
    return list(range(1, per_week(patient) + 1))


def log(patient: Patient, day: dt.date) -> None:
    program = Program.objects.get(patient=patient, is_active=True)
    SessionLog.objects.create(
        patient=patient,
        program=program,
        client_id=uuid.uuid4(),
        performed_on=day,
        data={"date": day.isoformat(), "pain_before": 3, "exercises": []},
    )


def test_the_days_page_offers_the_seven_weekdays_and_says_how_many_to_choose(client, patient):
    client.force_login(patient.user)
    page = client.get("/my/days/").text
    assert page.count('name="weekdays"') == 7
    assert f"Your program has {per_week(patient)} sessions a week" in page


def test_the_patient_saves_their_days_and_reminder_time(client, patient):
    client.force_login(patient.user)
    days = days_for(patient)
    response = client.post("/my/days/", {"weekdays": days, "reminder_time": "18:30"})
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert SessionDays.objects.get(patient=patient).weekdays == days
    assert CalendarFeed.objects.get(patient=patient).reminder_time == dt.time(18, 30)
    assert AuditEvent.objects.filter(
        patient_id=patient.pk, what__startswith="session days"
    ).exists()
    assert "Your exercise days: Tuesday" in client.get("/my/").text


def test_the_wrong_number_of_days_is_refused_with_how_many_to_choose(client, patient):
    client.force_login(patient.user)
    response = client.post("/my/days/", {"weekdays": ["1"], "reminder_time": "09:00"})
    assert response.status_code == 400
    n = per_week(patient)
    assert f"choose {n} days (you chose 1)" in response.text
    assert not SessionDays.objects.filter(patient=patient).exists()


def test_a_weekday_that_does_not_exist_is_refused_not_a_crash(client, patient):
    client.force_login(patient.user)
    response = client.post("/my/days/", {"weekdays": ["9", "x"], "reminder_time": "18:10"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert "Choose a time from the list, between 05:00 and 22:45" in response.text


def test_today_the_calendar_and_the_reminder_e_mail_follow_the_chosen_days(patient):
    days = days_for(patient)
    do_set_session_days(patient, days, by=patient.user)
    tuesday = MONDAY + dt.timedelta(days=1)
    assert today_for(patient, tuesday).session_day
    assert not today_for(patient, MONDAY).session_day
    assert today_for(patient, MONDAY).next_session == tuesday
    assert {e.day.weekday() for e in session_events(patient, MONDAY)} == set(days)
    patient.user.email = "robin@example.org"
    patient.user.save()
    CalendarFeed.objects.create(patient=patient, reminders_by_email=True, reminder_time=dt.time(8))
    at_nine = timezone.make_aware(dt.datetime.combine(tuesday, dt.time(9, 0)))
    assert [f.patient for f in due_reminders(at_nine)] == [patient]
    on_monday = timezone.make_aware(dt.datetime.combine(MONDAY, dt.time(9, 0)))
    assert due_reminders(on_monday) == []


def test_the_calendar_feed_has_events_on_the_chosen_days_only(client, patient):
    days = days_for(patient)
    do_set_session_days(patient, days, by=patient.user)
    feed = CalendarFeed.objects.create(patient=patient)
    body = client.get(f"/calendar/{feed.token}.ics").content
    starts = [e.decoded("dtstart") for e in Calendar.from_ical(body).walk("VEVENT")]
    assert starts and {s.weekday() for s in starts} == set(days)


def test_a_new_prescription_with_fewer_sessions_keeps_chosen_days_and_asks_to_choose_again(
    client, patient
):
    n = per_week(patient)
    chosen = days_for(patient)
    do_set_session_days(patient, chosen, by=patient.user)
    program = Program.objects.get(patient=patient, is_active=True)
    program.plan = {**program.plan, "sessions_per_week": n - 1}
    program.save()
    summary = today_for(patient, MONDAY)
    assert summary.days is not None and not summary.days.fits
    assert len(summary.days.in_force) == n - 1
    assert set(summary.days.in_force) < set(chosen)
    client.force_login(patient.user)
    assert "Please choose your exercise days again" in client.get("/my/").text
    assert "Please choose again" in client.get("/my/days/").text


def test_a_session_day_on_day_one_when_the_evaluation_ends_before_the_evening(patient):
    program = Program.objects.get(patient=patient, is_active=True)
    do_set_session_days(patient, days_for(patient), by=patient.user)
    start(program, dt.datetime.combine(MONDAY, dt.time(17, 30)))  # Monday is not a chosen day
    assert today_for(patient, MONDAY).session_day
    start(program, dt.datetime.combine(MONDAY, dt.time(19, 0)))
    assert not today_for(patient, MONDAY).session_day


def test_the_first_session_is_one_in_a_row_that_evening_and_the_next_morning(client, patient):
    program = Program.objects.get(patient=patient, is_active=True)
    do_set_session_days(patient, days_for(patient), by=patient.user)
    sunday = MONDAY - dt.timedelta(days=1)
    start(program, dt.datetime.combine(sunday, dt.time(20, 0)))  # after the evening: no session due
    log(patient, sunday)
    assert today_for(patient, sunday).streak == 1
    assert today_for(patient, MONDAY).streak == 1


def test_one_session_done_is_not_first_sessions_coming_up(patient):
    program = Program.objects.get(patient=patient, is_active=True)
    do_set_session_days(patient, days_for(patient), by=patient.user)
    sunday = MONDAY - dt.timedelta(days=1)
    start(program, dt.datetime.combine(sunday, dt.time(20, 0)))
    log(patient, sunday)
    summary = progress_for(patient, MONDAY).adherence_summary
    assert "coming up" not in summary
    assert summary.startswith("1 session done so far")


def test_the_page_without_a_program_says_when_days_can_be_chosen(client, library_in_db):
    alone = personas.patient(personas.clinic("Quay Physio"), None, "kim")
    client.force_login(alone.user)
    response = client.get("/my/days/")
    assert response.status_code == 200
    assert "Once you have an exercise program" in response.text


def test_the_days_page_in_spanish(client, patient):
    client.force_login(patient.user)
    page = client.get("/my/days/", HTTP_ACCEPT_LANGUAGE="es").text
    assert "Sus días de ejercicio" in page and "Martes" in page and "Guardar mis días" in page


def test_the_chosen_days_are_in_the_patient_s_own_download(patient):
    from backrehab.records.rights import patient_data

    assert patient_data(patient)["session_days"] is None
    do_set_session_days(patient, days_for(patient), by=patient.user)
    found = patient_data(patient)["session_days"]
    assert found["weekdays"] == days_for(patient) and found["set_by"] == "Robin"


def test_choosing_new_days_keeps_the_sessions_in_a_row(patient):
    # Sessions on the default days up to yesterday; today the patient picks other days.
    today = timezone.localdate()
    plan_before = today_for(patient, today)
    done: list[dt.date] = []
    day = today - dt.timedelta(days=1)
    while len(done) < 3:
        if plan_before.program is not None and day.weekday() in plan_before.days.in_force:
            log(patient, day)
            done.append(day)
        day -= dt.timedelta(days=1)
    assert today_for(patient, today).streak == 3
    others = [d for d in range(7) if d not in plan_before.days.in_force]
    n = per_week(patient)
    chosen = sorted([*others, *plan_before.days.in_force][:n])
    do_set_session_days(patient, chosen, by=patient.user)
    assert today_for(patient, today).streak == 3


def test_a_program_a_red_flag_stopped_has_no_calendar_events_or_reminders(patient):
    program = Program.objects.get(patient=patient, is_active=True)
    program.plan = {**program.plan, "sessions_per_week": 0}
    program.save()
    assert session_events(patient, MONDAY) == []
    patient.user.email = "robin@example.org"
    patient.user.save()
    CalendarFeed.objects.create(patient=patient, reminders_by_email=True, reminder_time=dt.time(8))
    assert due_reminders(timezone.make_aware(dt.datetime.combine(MONDAY, dt.time(9)))) == []
