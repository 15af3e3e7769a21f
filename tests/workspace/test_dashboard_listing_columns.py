"""What the dashboard sorts and filters a whole clinic by - risk group, open alerts, unread
messages, sessions a week, the name - is kept on each patient by every write that changes it,
so the sort reads one table; a stale copy of a patient never writes over it, and the daily job
heals a column changed behind the app's back."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from backrehab.care.actions.alerts import do_acknowledge_alert
from backrehab.care.listing import PATIENT_AUTHOR, RANK_OF_RISK
from backrehab.care.models import Alert, Evaluation
from backrehab.clinic.models import Patient
from backrehab.messaging.actions import do_mark_thread_read, do_send_message
from backrehab.messaging.models import Side
from backrehab.workspace.actions.accounts import do_reassign_patient
from tests.workspace.conftest import active_program, make_patient

pytestmark = pytest.mark.django_db


def fresh(patient: Patient) -> Patient:
    return Patient.objects.get(pk=patient.pk)


def test_open_alerts_follow_raising_and_acknowledging(people, alex):
    alert = Alert.objects.create(patient=alex, kind=Alert.Kind.NO_SESSION, key="week-1")
    Alert.objects.create(patient=alex, kind=Alert.Kind.PAIN_RISING, key="week-1")
    assert fresh(alex).open_alert_count == 2
    do_acknowledge_alert(alert, by=people.me.user)
    assert fresh(alex).open_alert_count == 1


def test_unread_messages_follow_writing_and_reading(people, alex):
    do_send_message(alex, "Is the stiffness normal?", by=alex.user)
    do_send_message(alex, "It eased by lunchtime.", by=alex.user)
    assert fresh(alex).unread_by_team == 2
    do_send_message(alex, "Yes, that is common.", by=people.me.user)  # the team's own: read
    assert fresh(alex).unread_by_team == 2
    do_mark_thread_read(alex, by=people.me.user)
    assert fresh(alex).unread_by_team == 0


def test_risk_group_and_sessions_a_week_follow_the_evaluation_and_the_program(alex):
    latest = Evaluation.objects.filter(patient=alex, scored=True).latest("taken_at")
    program = active_program(alex)
    kept = fresh(alex)
    assert kept.risk_rank == RANK_OF_RISK[latest.risk]
    assert kept.sessions_per_week == program.sessions_per_week > 0
    program.is_active = False
    program.save()
    assert fresh(alex).sessions_per_week is None


def test_a_new_patient_and_a_changed_name_are_in_name_order(people):
    patient = make_patient(people.clinic, people.me, "robin", "Robin", "Ash")
    assert fresh(patient).sort_name == "ash robin robin"
    patient.user.last_name = "Young"
    patient.user.save()
    assert fresh(patient).sort_name == "young robin robin"


def test_saving_a_patient_loaded_earlier_keeps_what_was_kept_since(people, alex):
    stale = fresh(alex)
    Alert.objects.create(patient=alex, kind=Alert.Kind.NO_SESSION, key="week-2")
    stale.language = "es"
    stale.save()
    kept = fresh(alex)
    assert kept.language == "es"
    assert kept.open_alert_count == 1


def test_the_daily_job_heals_a_column_changed_behind_the_apps_back(alex):
    Alert.objects.create(patient=alex, kind=Alert.Kind.NO_SESSION, key="week-3")
    Patient.objects.filter(pk=alex.pk).update(open_alert_count=7, sort_name="zzz")
    call_command("raise_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    kept = fresh(alex)
    assert kept.open_alert_count == 1
    assert kept.sort_name == "turner alex alex"


def test_the_dashboard_sorts_and_filters_by_the_kept_columns(client, people, alex):
    quiet = make_patient(people.clinic, people.me, "quinn", "Quinn", "Able")
    Alert.objects.create(patient=alex, kind=Alert.Kind.NO_SESSION, key="week-4")
    client.force_login(people.me.user)
    by_alerts = client.get(reverse("dashboard"), {"sort": "-alerts"}).context["rows"]
    assert [r.patient.pk for r in by_alerts] == [alex.pk, quiet.pk]
    assert by_alerts[0].open_alerts == 1
    by_name = client.get(reverse("dashboard"), {"sort": "name"}).context["rows"]
    assert [r.patient.pk for r in by_name] == [quiet.pk, alex.pk]  # Able before Turner
    with_alerts = client.get(reverse("dashboard"), {"alerts": "on"}).context["rows"]
    assert [r.patient.pk for r in with_alerts] == [alex.pk]
    unscored = client.get(reverse("dashboard"), {"risk": "none"}).context["rows"]
    assert [r.patient.pk for r in unscored] == [quiet.pk]


def test_the_kept_unread_count_names_the_patients_side_as_messaging_does():
    assert PATIENT_AUTHOR == Side.PATIENT


def test_the_clinician_order_follows_a_reassignment_and_a_renamed_clinician(people, alex):
    colleague = people.colleague.user
    do_reassign_patient(alex, people.colleague, by=people.admin.user)
    expected = f"{colleague.last_name} {colleague.first_name}".lower()
    assert fresh(alex).clinician_sort_name == expected
    colleague.last_name = "Zimmer"
    colleague.save()
    assert fresh(alex).clinician_sort_name == f"zimmer {colleague.first_name}".lower()
    people.colleague.delete()
    assert fresh(alex).clinician_sort_name == ""
