"""A session's date must be one it could have been done on (issue 10, High 3 and Medium 4).

A log dated 9999-12-31 used to be stored; from then on every session of that patient answered
500 and the daily alert check crashed for the whole site (the morning after 9999-12-31 does not
exist). Dates ahead of tomorrow are refused; rows stored before that cannot crash or silence
the alerts.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from backrehab.api.auth import issue_token
from backrehab.care import alerts, services
from backrehab.care.models import Alert, SessionLog
from backrehab.clinic.models import Patient
from tests.personas import World, build_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world(library_in_db) -> World:
    return build_world()


def session(world: World, day: dt.date | str, pain: int = 2, **extra: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "program": world.program.pk,
        "session": {"date": str(day), "pain_before": pain, **extra},
    }


def post_api(world: World, body: dict[str, Any]) -> Any:
    key = issue_token(world.subject.user, "phone")
    return Client().post(
        f"/api/v1/patients/{world.subject.pk}/sessions",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def post_page(world: World, body: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(world.subject.user)
    return client.post("/my/session/log", json.dumps(body), content_type="application/json")


def stored_row(patient: Patient, world: World, day: dt.date, pain: int = 0) -> SessionLog:
    """A row as an older version stored it, without today's date check."""
    return SessionLog.objects.create(
        patient=patient,
        program=world.program,
        client_id=uuid.uuid4(),
        performed_on=day,
        data={"date": day.isoformat(), "pain_before": pain},
    )


@pytest.mark.parametrize("post", [post_api, post_page], ids=["api", "session-page"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_a_session_dated_out_of_range_is_refused_naming_the_date(world, post, day):
    response = post(world, session(world, day))
    assert response.status_code == 422
    assert any(problem.startswith("date:") for problem in response.json()["errors"])
    assert not SessionLog.objects.filter(performed_on=day).exists()


@pytest.mark.parametrize("post", [post_api, post_page], ids=["api", "session-page"])
def test_a_session_dated_two_days_ahead_is_refused(world, post):
    response = post(world, session(world, TODAY + dt.timedelta(days=2)))
    assert response.status_code == 422
    assert any("date:" in problem for problem in response.json()["errors"])


@pytest.mark.parametrize("post", [post_api, post_page], ids=["api", "session-page"])
def test_a_session_dated_tomorrow_is_stored_for_a_phone_a_time_zone_ahead(world, post):
    assert post(world, session(world, TODAY + dt.timedelta(days=1))).status_code == 201


def test_a_stored_row_dated_9999_does_not_break_the_patients_next_session(world):
    stored_row(world.subject, world, dt.date.max, pain=3)
    response = post_api(world, session(world, TODAY))
    assert response.status_code == 201


def test_the_daily_check_survives_a_stored_row_dated_9999(world):
    stored_row(world.subject, world, dt.date.max, pain=3)
    SessionLog.objects.filter(patient=world.subject, performed_on__lt=dt.date.max).update(
        performed_on=TODAY - dt.timedelta(days=8)
    )
    counts = alerts.raise_time_based(TODAY)
    assert counts["no_session"] == 1


def test_a_future_dated_row_does_not_silence_the_quiet_week_alert(world):
    SessionLog.objects.filter(patient=world.subject).update(
        performed_on=TODAY - dt.timedelta(days=9)
    )
    stored_row(world.subject, world, TODAY + dt.timedelta(days=60))
    alerts.raise_time_based(TODAY)
    last_real = TODAY - dt.timedelta(days=9)
    assert Alert.objects.filter(
        patient=world.subject, kind="no_session", key=f"since-{last_real}"
    ).exists()


def test_a_future_dated_row_does_not_silence_the_pain_rising_alert(world):
    SessionLog.objects.filter(patient=world.subject).delete()
    for days_ago, pain in ((10, 2), (9, 2), (3, 6), (2, 7)):
        stored_row(world.subject, world, TODAY - dt.timedelta(days=days_ago), pain)
    stored_row(world.subject, world, TODAY + dt.timedelta(days=60), pain=0)
    assert alerts.check_pain_rising(world.subject, TODAY) is not None


def test_one_patient_the_check_cannot_judge_does_not_stop_the_others(world, monkeypatch, caplog):
    other = Patient.objects.get(user__username="other-patient")
    for patient in (world.subject, other):
        for days_ago, pain in ((10, 2), (3, 7)):
            stored_row(patient, world, TODAY - dt.timedelta(days=days_ago), pain)
    real = alerts._raise_pain_rising

    def broken_for_the_subject(patient: Patient, readings: Any) -> Any:
        if patient == world.subject:
            raise ValueError("an odd record")
        return real(patient, readings)

    monkeypatch.setattr(alerts, "_raise_pain_rising", broken_for_the_subject)
    counts = alerts.raise_time_based(TODAY)
    assert counts["pain_rising"] == 1
    assert Alert.objects.filter(patient=other, kind="pain_rising").exists()
    assert "Pain-rising check failed" in caplog.text


def test_the_date_rule_allows_today_and_tomorrow_only_ahead():
    assert services.session_date_problem(TODAY, TODAY) is None
    assert services.session_date_problem(TODAY + dt.timedelta(days=1), TODAY) is None
    assert services.session_date_problem(TODAY + dt.timedelta(days=2), TODAY) is not None
