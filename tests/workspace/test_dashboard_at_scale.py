"""What the dashboard sorts a whole clinic by is kept on the patient when a session is logged
(and recounted daily, as the two-week window moves), so the sort never counts every patient's
sessions - and is never wrong when the count is out of date."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backrehab.care.activity import RECENT_DAYS, recount_activity
from backrehab.care.models import Evaluation, SessionLog
from backrehab.clinic.models import Patient
from tests.workspace.conftest import active_program, log_session, make_patient

pytestmark = pytest.mark.django_db


def fresh(patient: Patient) -> Patient:
    return Patient.objects.get(pk=patient.pk)


def test_logging_a_session_counts_the_days_of_the_last_two_weeks(alex):
    today = timezone.localdate()
    program = active_program(alex)
    for days_ago in (0, 3, 3, RECENT_DAYS - 1, RECENT_DAYS):
        log_session(alex, program, today - dt.timedelta(days=days_ago))
    alex = fresh(alex)
    # Today, 3 days ago (twice: one day) and 13 days ago; 14 days ago is outside the window.
    assert alex.recent_session_days == 3
    assert alex.last_session_on == today
    assert alex.activity_counted_on == today


def test_an_older_session_sent_late_keeps_the_last_session_day(alex):
    today = timezone.localdate()
    program = active_program(alex)
    log_session(alex, program, today - dt.timedelta(days=1))
    log_session(alex, program, today - dt.timedelta(days=5))  # from the phone's outbox
    alex = fresh(alex)
    assert alex.last_session_on == today - dt.timedelta(days=1)
    assert alex.recent_session_days == 2


def test_the_daily_job_moves_the_window(alex):
    today = timezone.localdate()
    program = active_program(alex)
    log_session(alex, program, today - dt.timedelta(days=RECENT_DAYS - 1))
    log_session(alex, program, today)
    assert fresh(alex).recent_session_days == 2

    tomorrow = today + dt.timedelta(days=1)
    call_command("raise_alerts", today=tomorrow, stdout=open("/dev/null", "w"))  # noqa: SIM115
    alex = fresh(alex)
    assert alex.activity_counted_on == tomorrow
    assert alex.recent_session_days == 1  # the first session has left the window
    assert alex.last_session_on == today


def test_a_removed_log_is_no_longer_counted(alex):
    today = timezone.localdate()
    program = active_program(alex)
    log_session(alex, program, today - dt.timedelta(days=2))
    log = log_session(alex, program, today)
    log.delete()
    recount_activity(Patient.objects.filter(pk=alex.pk), today)
    alex = fresh(alex)
    assert alex.recent_session_days == 1
    assert alex.last_session_on == today - dt.timedelta(days=2)


def test_filling_the_columns_for_patients_logged_before_them(people, alex):
    """The data migration counts the logs stored before the columns existed."""
    today = timezone.localdate()
    program = active_program(alex)
    for days_ago in (1, 2, 20):
        SessionLog.objects.create(
            patient=alex,
            program=program,
            client_id=uuid.uuid4(),
            performed_on=today - dt.timedelta(days=days_ago),
            data={},
        )
    quiet = make_patient(people.clinic, people.me, "quiet", "Quinn", "Quiet")
    migration = importlib.import_module("backrehab.clinic.migrations.0005_patient_recent_activity")
    migration.count_existing_sessions(apps, None)
    alex, quiet = fresh(alex), fresh(quiet)
    assert (alex.recent_session_days, alex.last_session_on) == (2, today - dt.timedelta(days=1))
    assert (quiet.recent_session_days, quiet.last_session_on) == (0, None)
    assert alex.activity_counted_on == quiet.activity_counted_on == today


def names_in_order(client, **params: str) -> list[str]:
    response = client.get(reverse("dashboard"), {"scope": "clinic", **params})
    assert response.status_code == 200
    return [row.patient.user.first_name for row in response.context["rows"]]


@pytest.fixture
def three_patients(people, alex):
    """Alex with 3 session days of the last two weeks, Blake with 1, Casey with none (all with
    the same program); Alex also logged one 20 days ago."""
    today = timezone.localdate()
    blake = make_patient(people.clinic, people.me, "blake", "Blake", "Moss")
    casey = make_patient(people.clinic, people.colleague, "casey", "Casey", "Lund")
    from tests import personas

    for patient in (blake, casey):
        personas.evaluated(patient)
    for days_ago in (0, 2, 4, 20):
        log_session(alex, active_program(alex), today - dt.timedelta(days=days_ago))
    log_session(blake, active_program(blake), today - dt.timedelta(days=1))
    return alex, blake, casey


def test_sorting_the_clinic_by_adherence_uses_the_kept_counts(client, people, three_patients):
    client.force_login(people.me.user)
    assert names_in_order(client, sort="adherence") == ["Casey", "Blake", "Alex"]
    assert names_in_order(client, sort="-adherence") == ["Alex", "Blake", "Casey"]


def test_a_count_made_on_another_day_is_not_trusted(client, people, three_patients):
    """Yesterday's count (the daily job has not run yet today) would put Casey first."""
    alex, blake, casey = three_patients
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Patient.objects.filter(pk=casey.pk).update(
        recent_session_days=9, activity_counted_on=yesterday, last_session_on=yesterday
    )
    client.force_login(people.me.user)
    assert names_in_order(client, sort="-adherence") == ["Alex", "Blake", "Casey"]
    assert names_in_order(client, sort="-last_session") == ["Alex", "Blake", "Casey"]
    rows = client.get(reverse("dashboard"), {"scope": "clinic"}).context["rows"]
    shown = {row.patient.pk: row.done for row in rows}
    assert shown == {alex.pk: 3, blake.pk: 1, casey.pk: 0}


def test_sorting_by_last_session(client, people, three_patients):
    client.force_login(people.me.user)
    assert names_in_order(client, sort="-last_session") == ["Alex", "Blake", "Casey"]
    assert names_in_order(client, sort="last_session") == ["Blake", "Alex", "Casey"]


def test_the_risk_group_is_kept_beside_the_scores(alex):
    evaluation = Evaluation.objects.get(patient=alex)
    risk = evaluation.scores["startback"]["risk"]
    assert evaluation.risk == risk
    assert evaluation.risk_rank == {"high": 3, "medium": 2, "low": 1}[risk]
    assert evaluation.scored is True


@pytest.mark.parametrize(
    "sort", ["adherence", "-adherence", "risk", "-risk", "last_session", "alerts", "messages"]
)
def test_no_sort_reads_a_json_document(client, people, three_patients, sort):
    """Sorting 10,000 patients must not take a value out of every evaluation's or program's
    JSON: the sort keys are columns (or counts on an index)."""
    client.force_login(people.me.user)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"), {"scope": "clinic", "sort": sort})
    sorting = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "clinic_patient"' in q["sql"]
        and " ORDER BY " in q["sql"]
        and " LIMIT " in q["sql"]
    ]
    assert sorting, "the page's ids are read on their own"
    for sql in sorting:
        lowered = sql.lower()
        assert "json" not in lowered and "->" not in lowered, sql


def test_a_page_past_the_end_shows_the_last_one_and_a_bad_number_the_first(
    client, people, three_patients
):
    client.force_login(people.me.user)
    for asked, shown in (("9", 1), ("abc", 1), ("-2", 1)):
        response = client.get(reverse("dashboard"), {"scope": "clinic", "page": asked})
        assert response.status_code == 200
        assert response.context["page"].number == shown
        assert response.context["page"].paginator.count == 3
        assert len(response.context["rows"]) == 3
