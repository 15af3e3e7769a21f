"""The migration to reminder times with minutes keeps the hour each patient had chosen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import personas

BEFORE = ("portal", "0005_invite_language")
AFTER = ("portal", "0006_reminder_time_in_minutes")


@pytest.mark.django_db(transaction=True)
def test_each_patient_keeps_their_hour():
    clinic = personas.clinic("Riverside Physio", "riverside")
    early = personas.patient(clinic, None, "early", "Early", "Bird")
    late = personas.patient(clinic, None, "late", "Night", "Owl")
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("portal", "CalendarFeed")
    old.objects.create(patient_id=early.pk, token="early-token", reminder_hour=7)
    old.objects.create(patient_id=late.pk, token="late-token", reminder_hour=21)

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps.get_model("portal", "CalendarFeed")
    times = dict(new.objects.values_list("token", "reminder_time"))
    assert times == {"early-token": dt.time(7, 0), "late-token": dt.time(21, 0)}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
