"""The dashboard and the patient record ask the database a fixed number of questions, whether
the clinic has 10 patients or 1,000 (and every patient's sessions and alerts)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from backrehab.care.models import Alert, ClinicianNote, Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient
from tests.workspace.conftest import active_program

pytestmark = pytest.mark.django_db

# The page's patients' chosen session days and day one: one more for the whole page.
DASHBOARD_QUERIES = 13
ALERT_PAGE_QUERIES = (
    8  # session, user, staff member, count, the page of alerts with patients, unread
)
# The referral and clearance section, a proposed change, the re-assessment schedule, the
# unread-message count, the clinician-time section, the session days and the reminder time:
# one each.
RECORD_QUERIES = 22
LOGS_EACH = 6


def populate(people, alex, n: int) -> Patient:
    """n patients like Alex, half of them mine, each with sessions, an alert and a note;
    returns one of them with the most history."""
    evaluation = alex.evaluations.get()
    program = active_program(alex)
    today = dt.date.today()
    users = User.objects.bulk_create(
        [User(username=f"bulk-{i:05d}", last_name=f"B{i:05d}") for i in range(n)]
    )
    patients = Patient.objects.bulk_create(
        [
            Patient(
                user=user,
                clinic=people.clinic,
                clinician=people.me if i % 2 else people.colleague,
                joined_on=today - dt.timedelta(days=40),
            )
            for i, user in enumerate(users)
        ]
    )
    evaluations = Evaluation.objects.bulk_create(
        [
            Evaluation(patient=p, answers=evaluation.answers, scores=evaluation.scores)
            for p in patients
        ]
    )
    programs = Program.objects.bulk_create(
        [
            Program(
                patient=p,
                evaluation=e,
                plan=program.plan,
                sessions_per_week=program.sessions_per_week,
                created_by=people.me.user,
            )
            for p, e in zip(patients, evaluations, strict=True)
        ]
    )
    template = program.plan["items"][0]
    SessionLog.objects.bulk_create(
        [
            SessionLog(
                patient=p,
                program=pr,
                client_id=uuid.uuid4(),
                performed_on=today - dt.timedelta(days=2 * k),
                data={
                    "date": (today - dt.timedelta(days=2 * k)).isoformat(),
                    "pain_before": 3 + k % 3,
                    "exercises": [
                        {
                            **{
                                key: template[key]
                                for key in (
                                    "exercise",
                                    "sets",
                                    "reps",
                                    "hold_seconds",
                                    "duration_seconds",
                                )
                            },
                            "pain_during": 2,
                            "effort": 4,
                        }
                    ],
                },
            )
            for p, pr in zip(patients, programs, strict=True)
            for k in range(LOGS_EACH)
        ]
    )
    Alert.objects.bulk_create(
        [Alert(patient=p, kind="no_session", key="bulk", detail="Quiet.") for p in patients]
    )
    ClinicianNote.objects.bulk_create(
        [ClinicianNote(patient=p, author=people.me.user, text="Note.") for p in patients]
    )
    return patients[-1]


@pytest.mark.parametrize("n", [10, 1000])
def test_the_dashboard_query_count_does_not_grow(
    client, people, alex, n, django_assert_max_num_queries
):
    populate(people, alex, n)
    client.force_login(people.me.user)
    for params in (
        {},
        {"scope": "clinic", "sort": "-adherence"},
        {"alerts": "on", "risk": "medium", "page": "2"},
    ):
        with django_assert_max_num_queries(DASHBOARD_QUERIES):
            response = client.get(reverse("dashboard"), params)
        assert response.status_code == 200
    assert len(response.context["rows"]) <= 50


@pytest.mark.parametrize("n", [10, 1000])
def test_the_open_alerts_page_query_count_does_not_grow(
    client, people, alex, n, django_assert_max_num_queries
):
    populate(people, alex, n)
    client.force_login(people.me.user)
    for params in ({}, {"scope": "clinic", "page": "2"}):
        with django_assert_max_num_queries(ALERT_PAGE_QUERIES):
            response = client.get(reverse("open-alerts"), params)
        assert response.status_code == 200
    assert len(response.context["alerts"]) <= 50


@pytest.mark.parametrize("n", [10, 1000])
def test_the_patient_record_query_count_does_not_grow(
    client, people, alex, n, django_assert_max_num_queries
):
    patient = populate(people, alex, n)
    client.force_login(people.me.user)
    url = reverse("patient-record", kwargs={"patient_id": patient.pk})
    with django_assert_max_num_queries(RECORD_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["record"].log_views) == LOGS_EACH


# The prescribing page with the picker: the session, user and staff, the patient, the catalog,
# the program in force, the templates, the audit event, and the latest evaluation and the
# programs' changes, looked at by the warnings and by the picker's warnings before adding.
PRESCRIBE_QUERIES = 14
TEMPLATE_EDIT_QUERIES = 6  # the signed-in staff member and page, the template, the catalog
TEMPLATES_QUERIES = 7  # the list, its authors, and the patients with a program for "from"


@pytest.mark.parametrize("n", [10, 1000])
def test_the_prescribing_picker_query_count_does_not_grow(
    client, people, alex, n, django_assert_max_num_queries
):
    patient = populate(people, alex, n)
    client.force_login(people.me.user)
    url = reverse("prescribe", kwargs={"patient_id": patient.pk})
    for params in ({}, {"pick-q": "bridge"}, {"pick-category": "stretch", "pick-bias": "flexion"}):
        with django_assert_max_num_queries(PRESCRIBE_QUERIES):
            response = client.get(url, params)
        assert response.status_code == 200 and response.context["picker"].results


@pytest.mark.parametrize("n", [10, 1000])
def test_the_templates_pages_query_count_does_not_grow(
    client, people, alex, n, django_assert_max_num_queries
):
    from backrehab.care.models import ProgramTemplate

    populate(people, alex, n)
    template = ProgramTemplate.objects.create(
        clinic=people.clinic, name="Start", items=active_program(alex).plan["items"]
    )
    client.force_login(people.me.user)
    with django_assert_max_num_queries(TEMPLATE_EDIT_QUERIES):
        response = client.get(reverse("template-edit", kwargs={"template_id": template.pk}))
    assert response.status_code == 200
    with django_assert_max_num_queries(TEMPLATES_QUERIES):
        response = client.get(reverse("program-templates"))
    assert response.status_code == 200
