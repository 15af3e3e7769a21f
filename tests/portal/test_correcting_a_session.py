"""A patient corrects a session they logged (issue 13, item 2): the log takes the corrected
values, keeps what it said before, and the clinician sees both."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from backrehab.audit.models import Action, AuditEvent
from backrehab.care import services
from backrehab.care.actions.corrections import do_correct_session
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import SessionLog
from backrehab.clinic.models import Role
from backrehab.clinical.progression import done_as_prescribed
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(library_in_db):
    home = personas.clinic("Home")
    dana = personas.staff(home, Role.CLINICIAN, "dana")
    alex = personas.patient(home, dana, "alex", "Alex", "Turner")
    program = personas.evaluated(alex)
    items = program.plan["items"]
    log, _ = services.record_session(
        alex,
        program,
        uuid.uuid4(),
        {
            "date": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "pain_before": 4,
            "exercises": [done_as_prescribed(items[0], pain_during=3, effort=5)],
        },
    )
    return alex, dana, log, items


def test_a_correction_keeps_what_the_log_said_before(logged):
    alex, _dana, log, items = logged
    before = dict(log.data)
    corrected = {**log.data, "pain_before": 2}
    do_correct_session(log, corrected, by=alex.user)
    log.refresh_from_db()
    assert log.data["pain_before"] == 2
    assert [c["before"] for c in log.corrections] == [before]
    assert AuditEvent.objects.filter(
        patient_id=alex.pk, action=Action.CHANGED, what__endswith="corrected"
    ).exists()


def test_a_session_older_than_a_week_or_an_invalid_one_is_refused(logged):
    alex, _dana, log, _items = logged
    with pytest.raises(CareInputInvalid, match="pain_before"):
        do_correct_session(log, {**log.data, "pain_before": 11}, by=alex.user)
    SessionLog.objects.filter(pk=log.pk).update(performed_on=dt.date.today() - dt.timedelta(days=8))
    log.refresh_from_db()
    with pytest.raises(CareInputInvalid, match="last 7 days"):
        do_correct_session(log, {**log.data, "pain_before": 2}, by=alex.user)


def test_the_patient_adds_a_forgotten_exercise_and_the_clinician_sees_the_change(logged):
    alex, dana, log, items = logged
    client = Client()
    client.force_login(alex.user)
    assert "Correct this session" in client.get(reverse("my-sessions")).content.decode()
    url = reverse("correct-session", kwargs={"log_id": log.pk})
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None}
    data.update({"e0_pain": "2", "add": items[1]["exercise"]})
    response = client.post(url, data)
    assert response.status_code == 302
    log.refresh_from_db()
    assert [e["exercise"] for e in log.data["exercises"]] == [
        items[0]["exercise"],
        items[1]["exercise"],
    ]
    assert log.data["exercises"][0]["pain_during"] == 2
    staff = Client()
    staff.force_login(dana.user)
    record = staff.get(reverse("patient-record", kwargs={"patient_id": alex.pk})).content.decode()
    assert "Corrected by the patient once" in record and "pain 3/10" in record


def test_bad_numbers_come_back_as_messages(logged):
    alex, _dana, log, _items = logged
    client = Client()
    client.force_login(alex.user)
    url = reverse("correct-session", kwargs={"log_id": log.pk})
    response = client.post(url, {"pain_before": "12", "e0_sets": "-1"})
    assert response.status_code == 400
    assert "Please check the answers marked below." in response.content.decode()


def test_another_patients_session_is_not_found(logged):
    alex, _dana, log, _items = logged
    other = personas.patient(alex.clinic, None, "sam")
    client = Client()
    client.force_login(other.user)
    assert client.get(reverse("correct-session", kwargs={"log_id": log.pk})).status_code == 404
