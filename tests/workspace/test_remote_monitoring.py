"""Clinician time and the monthly remote-monitoring report (issue 12, part 7)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backrehab.audit.models import Action, AuditEvent
from backrehab.care import services
from backrehab.care.actions.time import do_add_time, do_start_timer, do_stop_timer
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import Evaluation, Program, TimeEntry
from backrehab.clinic.models import Role
from backrehab.clinical.progression import done_as_prescribed
from backrehab.workspace.monitoring_report import Month, as_csv, month_rows
from tests import personas

pytestmark = pytest.mark.django_db

NOVEMBER = Month.of(dt.date(2026, 11, 1))


@pytest.fixture
def clinic(library_in_db):
    home = personas.clinic("Home")
    dana = personas.staff(home, Role.CLINICIAN, "dana", "Dana", "Okafor")
    alex = personas.patient(home, dana, "alex", "Alex", "Turner", joined_on=dt.date(2026, 10, 1))
    program = services.evaluate(alex, personas.alex_answers()).program
    assert program is not None
    first_day = timezone.make_aware(dt.datetime(2026, 10, 1, 9))
    Evaluation.objects.filter(patient=alex).update(taken_at=first_day)
    # The program started with the evaluation (day one of the schedule).
    Program.objects.filter(patient=alex).update(created_at=first_day)
    item = program.plan["items"][0]
    for day, pain in ((3, 5), (5, 4), (5, 4), (20, 2)):  # two logs on the 5th: one day of data
        services.record_session(
            alex,
            program,
            uuid.uuid4(),
            {
                "date": f"2026-11-{day:02d}",
                "pain_before": pain,
                "exercises": [done_as_prescribed(item, pain_during=2, effort=4)],
            },
        )
    return home, dana, alex


def test_a_timer_counts_started_minutes_and_needs_a_note(clinic):
    _home, dana, alex = clinic
    entry = do_start_timer(alex, by=dana.user)
    assert do_start_timer(alex, by=dana.user) == entry  # one running timer per patient
    with pytest.raises(CareInputInvalid, match="note"):
        do_stop_timer(alex, by=dana.user, note="  ")
    stopped = do_stop_timer(
        alex,
        by=dana.user,
        note="Reviewed the logs.",
        now=entry.started_at + dt.timedelta(minutes=7, seconds=5),
    )
    assert (stopped.minutes, stopped.by_timer) == (8, True)
    assert AuditEvent.objects.filter(
        patient_id=alex.pk, action=Action.CHANGED, what="clinician time: 8 min (timer)"
    ).exists()


def test_manual_time_is_refused_in_the_future_or_without_a_note(clinic):
    _home, dana, alex = clinic
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(CareInputInvalid) as refused:
        do_add_time(alex, by=dana.user, day=tomorrow, minutes=0, note="")
    assert [p.split(":")[0] for p in refused.value.problems] == ["minutes", "day", "note"]
    assert not TimeEntry.objects.exists()


def test_the_month_counts_days_with_data_sessions_pain_and_time(clinic):
    _home, dana, alex = clinic
    do_add_time(alex, by=dana.user, day=dt.date(2026, 11, 10), minutes=15, note="Call.")
    do_add_time(alex, by=dana.user, day=dt.date(2026, 11, 21), minutes=9, note="Messages.")
    do_add_time(alex, by=dana.user, day=dt.date(2026, 10, 30), minutes=40, note="October.")

    [row] = month_rows(dana, NOVEMBER, dt.date(2026, 12, 3))

    assert (row.days_with_data, row.sessions) == (3, 4)
    assert (row.pain_first, row.pain_last, row.pain_change) == (5, 2, -3)
    assert row.minutes == 24 and row.enough_time and not row.enough_data
    assert row.scheduled > 0 and row.adherence_percent is not None
    assert row.psfs_first == row.psfs_last == 2.7 and row.psfs_change == 0.0


def test_the_csv_has_a_row_per_patient_and_cannot_start_a_formula(clinic):
    _home, dana, alex = clinic
    alex.user.first_name = "=HYPERLINK"
    alex.user.save()
    text = as_csv(month_rows(dana, NOVEMBER, dt.date(2026, 12, 3)), NOVEMBER)
    lines = text.strip().splitlines()
    assert lines[0].startswith("Month,Patient record,Patient")
    assert len(lines) == 2 and "'=HYPERLINK" in lines[1] and lines[1].startswith("2026-11,")


def test_the_report_page_and_export_are_audited_for_the_clinic(clinic):
    home, dana, _alex = clinic
    client = Client()
    client.force_login(dana.user)
    page = client.get(reverse("monitoring-report"), {"month": "2026-11"})
    assert page.status_code == 200 and "Alex Turner" in page.content.decode()
    export = client.get(reverse("monitoring-report"), {"month": "2026-11", "format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert "backrehab-monitoring-2026-11.csv" in export["Content-Disposition"]
    actions = set(AuditEvent.objects.filter(clinic_id=home.pk).values_list("action", "what"))
    assert (Action.VIEWED, "remote monitoring report 2026-11") in actions
    assert (Action.EXPORTED, "remote monitoring report 2026-11 (CSV)") in actions


@pytest.mark.parametrize("n", [10, 1000])
def test_the_report_makes_the_same_few_queries_for_10_or_1000_patients(
    clinic, n, django_assert_max_num_queries
):
    home, dana, _alex = clinic
    from django.contrib.auth.models import User

    from backrehab.clinic.models import Patient

    users = User.objects.bulk_create(User(username=f"p{i}") for i in range(n))
    Patient.objects.bulk_create(
        Patient(user=u, clinic=home, clinician=dana, joined_on=dt.date(2026, 9, 1)) for u in users
    )
    client = Client()
    client.force_login(dana.user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("monitoring-report"), {"month": "2026-11"})
    assert response.status_code == 200


def test_the_record_page_starts_and_stops_a_timer(clinic):
    _home, dana, alex = clinic
    client = Client()
    client.force_login(dana.user)
    client.post(reverse("time-start", kwargs={"patient_id": alex.pk}))
    page = client.get(reverse("patient-record", kwargs={"patient_id": alex.pk})).content.decode()
    assert "Timer running since" in page
    client.post(
        reverse("time-stop", kwargs={"patient_id": alex.pk}), {"note": "Reviewed the week."}
    )
    assert TimeEntry.objects.get(patient=alex).note == "Reviewed the week."
