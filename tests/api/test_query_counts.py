"""List endpoints read a fixed number of queries, however many patients, logs and alerts exist."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backrehab.care.models import Alert, Evaluation, SessionLog
from backrehab.clinic.models import Patient

pytestmark = pytest.mark.django_db


def _more_patients(world, count: int) -> None:
    """`count` more patients of the home clinic, each with an evaluation, logs and an alert."""
    evaluation = Evaluation.objects.get(patient=world.subject)
    clinician = world.user("clinician").staff
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(username=f"bulk-{n}") for n in range(start, start + count)
    )
    patients = Patient.objects.bulk_create(
        Patient(user=u, clinic=world.home, clinician=clinician, joined_on=dt.date(2026, 11, 1))
        for u in users
    )
    Evaluation.objects.bulk_create(
        Evaluation(patient=p, answers=evaluation.answers, scores=evaluation.scores)
        for p in patients
    )
    SessionLog.objects.bulk_create(
        SessionLog(
            patient=p,
            program=world.program,
            client_id=uuid.uuid4(),
            performed_on=dt.date(2026, 11, day),
            data=world.log.data,
        )
        for p in patients
        for day in (4, 5, 6)
    )
    Alert.objects.bulk_create(
        Alert(patient=p, kind=Alert.Kind.NO_SESSION, key="bulk", detail="No session.")
        for p in patients
    )


def _queries(client, path: str, **query) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, **query)
    assert response.status_code == 200
    return len(context.captured_queries), len(response.json()["items"])


@pytest.mark.parametrize("path", ["/patients", "/alerts", "/exercises"])
def test_a_list_reads_the_same_number_of_queries_for_10_and_60_patients(world, api_as, path):
    client = api_as("clinician")
    client.get("/me")  # the key's first use notes its time; later calls within a minute do not
    _more_patients(world, 8)
    few, shown_few = _queries(client, path, limit=200)
    _more_patients(world, 50)
    many, shown_many = _queries(client, path, limit=200)
    assert few == many, (few, many)
    assert path == "/exercises" or shown_many > shown_few
    assert many <= 6


def test_the_patient_list_shows_each_patients_latest_session(world, api_as):
    _more_patients(world, 3)
    items = api_as("clinician").get("/patients").json()["items"]
    bulk = [p for p in items if p["username"].startswith("bulk-")]
    assert [p["last_session"] for p in bulk] == ["2026-11-06"] * 3
    assert {p["risk_group"] for p in bulk} == {"low"}
