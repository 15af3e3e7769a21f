"""Sessions in a row on the Today screen."""

from __future__ import annotations

import datetime as dt

import pytest

from backrehab.clinical.schedule import is_session_day


@pytest.mark.django_db
def test_a_session_done_today_on_a_rest_day_counts_in_the_row(library):
    from backrehab.care.models import SessionLog
    from backrehab.clinic.models import Patient
    from backrehab.library.actions import do_sync_bundled_library as sync_bundled_library
    from backrehab.operations.demo import seed_demo_clinic
    from backrehab.portal.services import active_program, today_for

    sync_bundled_library(library)
    seed_demo_clinic()
    patient = Patient.objects.get(user__username="demo-sam")
    program = active_program(patient)
    assert program is not None
    per_week = int(program.plan["sessions_per_week"])
    day = dt.date(2026, 12, 1)
    while is_session_day(day, per_week):
        day += dt.timedelta(days=1)
    SessionLog.objects.filter(patient=patient).delete()
    before = today_for(patient, day).streak
    SessionLog.objects.create(
        patient=patient,
        program=program,
        client_id="6f1c2a64-8a55-4c1b-9a1d-0d9a6f5e3b11",
        performed_on=day,
        data={"date": day.isoformat(), "pain_before": 3, "exercises": []},
    )
    assert today_for(patient, day).streak == before + 1
