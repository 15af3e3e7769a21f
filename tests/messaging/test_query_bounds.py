"""The message pages ask the database a fixed number of questions, whether the clinic has 10
patients or 1,000, and the thread 3 messages or 120 (a page shows the newest 50)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backrehab.care.listing import refresh_listing
from backrehab.clinic.models import Patient
from backrehab.messaging.models import Message, QuickReply, Side

pytestmark = pytest.mark.django_db

# Measured (sign-in included; marking the thread read and its audit event are 4 of them).
# The team reading a thread also updates the unread count the dashboard sorts by (one UPDATE).
BOUNDS = {"team-thread": 15, "patient-thread": 13, "quick-replies": 5, "dashboard": 11}


def populate(thread, n: int, per_thread: int) -> None:
    """n more patients of the clinic, each with `per_thread` messages both ways (the patient's
    unread), the subject with as many, and 30 quick replies."""
    users = User.objects.bulk_create([User(username=f"bulk-{i:05d}") for i in range(n)])
    patients = Patient.objects.bulk_create(
        [
            Patient(
                user=u,
                clinic=thread.clinic,
                clinician=thread.clinician,
                joined_on=dt.date(2026, 11, 1),
            )
            for u in users
        ]
    )
    now = timezone.now()
    Message.objects.bulk_create(
        [
            Message(
                patient=p,
                author=p.user if k % 2 else thread.sam,
                author_role=Side.PATIENT if k % 2 else Side.TEAM,
                author_name="x",
                body=f"Message {k}",
                created_at=now - dt.timedelta(minutes=per_thread - k),
            )
            for p in [*patients, thread.patient]
            for k in range(per_thread)
        ]
    )
    QuickReply.objects.bulk_create(
        [QuickReply(clinic=thread.clinic, title=f"Reply {i}", body="Text") for i in range(30)]
    )
    # Bulk inserts send no signals: what the app's writes keep for the dashboard, by hand.
    refresh_listing(Patient.objects.all())


@pytest.mark.parametrize(("n", "per_thread"), [(10, 3), (1000, 120)])
def test_the_message_pages_ask_a_fixed_number_of_questions(thread, n, per_thread):
    populate(thread, n, per_thread)
    record = reverse("patient-messages", kwargs={"patient_id": thread.patient.pk})
    pages = {
        "team-thread": (thread.sam, record, {"quick": "1"}),
        "patient-thread": (thread.alex, reverse("my-messages"), {}),
        "quick-replies": (thread.sam, reverse("quick-replies"), {}),
        "dashboard": (thread.sam, reverse("dashboard"), {"scope": "clinic", "sort": "-messages"}),
    }
    asked = {}
    for name, (user, url, params) in pages.items():
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200, name
        asked[name] = len(queries)
    assert {name: min(asked[name], BOUNDS[name]) for name in asked} == asked, asked
    assert len(response.context["rows"]) == min(50, n + 2)
    assert response.context["rows"][0].unread_messages == per_thread // 2
