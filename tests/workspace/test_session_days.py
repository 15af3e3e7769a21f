"""The clinician sees the patient's session days on the record and can change them; the
dashboard does not call a new patient's program "No program" before the first session is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backrehab.audit.models import AuditEvent
from backrehab.care.actions.schedule import do_set_session_days
from backrehab.care.models import SessionDays
from backrehab.portal.actions import do_choose_session_days
from backrehab.portal.services import today_for
from tests import personas
from tests.workspace.conftest import active_program, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, people):
    client.force_login(people.me.user)
    return client


def record(client: Any, patient: Any) -> str:
    return client.get(reverse("patient-record", kwargs={"patient_id": patient.pk})).text


def set_days(client: Any, patient: Any, days: list[int]) -> Any:
    return client.post(
        reverse("session-days-set", kwargs={"patient_id": patient.pk}),
        {"weekdays": [str(d) for d in days]},
    )


def test_the_record_shows_the_default_days_until_someone_chooses(signed_in, alex):
    page = record(signed_in, alex)
    assert "Session days" in page
    assert "Not chosen yet: the default spread through the week." in page
    assert page.count('name="weekdays"') == 7


def test_the_record_shows_the_days_the_patient_chose(signed_in, alex):
    n = active_program(alex).sessions_per_week
    do_set_session_days(alex, list(range(1, n + 1)), by=alex.user)
    page = record(signed_in, alex)
    assert "Tuesday" in page and "Chosen by Alex Turner" in page


def test_the_record_shows_the_time_the_patient_chose_for_reminders(signed_in, alex):
    assert "reminders and calendar events come at" not in record(signed_in, alex)
    n = active_program(alex).sessions_per_week
    do_choose_session_days(alex, list(range(n)), dt.time(18, 30))
    assert "The patient's reminders and calendar events come at 18:30." in record(signed_in, alex)


def test_the_clinician_changes_the_days_and_the_patient_s_today_follows(signed_in, alex):
    n = active_program(alex).sessions_per_week
    days = list(range(7 - n, 7))  # the end of the week
    response = set_days(signed_in, alex, days)
    assert response.status_code == 302 and response["Location"].endswith("#session-days")
    assert SessionDays.objects.get(patient=alex).weekdays == days
    event = AuditEvent.objects.filter(patient_id=alex.pk, what__startswith="session days").get()
    assert event.actor_name == "me"
    today = timezone.localdate()
    sunday = today + dt.timedelta(days=7 + 6 - today.weekday())  # after day one
    assert today_for(alex, sunday).session_day
    assert not today_for(alex, sunday - dt.timedelta(days=6)).session_day  # the Monday


def test_ticking_the_wrong_number_of_days_says_how_many(signed_in, alex):
    n = active_program(alex).sessions_per_week
    response = set_days(signed_in, alex, [0])
    page = signed_in.get(response["Location"]).text
    assert f"The program has {n} sessions a week: tick {n} days." in page
    assert not SessionDays.objects.filter(patient=alex).exists()


def test_a_weekday_that_is_not_a_number_is_refused_clearly(signed_in, alex):
    response = signed_in.post(
        reverse("session-days-set", kwargs={"patient_id": alex.pk}), {"weekdays": ["monday"]}
    )
    assert (
        "Choose the session days from the list of weekdays."
        in signed_in.get(response["Location"]).text
    )


def test_another_clinic_cannot_change_the_days(client, people, alex):
    client.force_login(people.stranger.user)
    assert set_days(client, alex, [0, 2, 4]).status_code == 404
    assert not SessionDays.objects.filter(patient=alex).exists()


def test_the_dashboard_says_no_session_due_yet_not_no_program_before_day_one(signed_in, people):
    new = make_patient(people.clinic, people.me, "nova", "Nova", "Reed")
    program = personas.evaluated(new)
    today = timezone.localdate()
    new.joined_on = today
    new.save(update_fields=["joined_on"])
    # Evaluated this evening: the first session is due tomorrow at the earliest.
    program.created_at = timezone.make_aware(dt.datetime.combine(today, dt.time(19, 30)))
    program.save(update_fields=["created_at"])
    page = signed_in.get(reverse("dashboard")).text
    assert "No session due yet" in page
    assert "No program" not in page
