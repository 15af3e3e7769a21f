"""After sessions come in, the engine's decisions become the next program version."""

from __future__ import annotations

import uuid

import pytest

from backrehab.care import services
from backrehab.care.models import Program
from backrehab.clinic.models import Patient
from tests import personas

pytestmark = pytest.mark.django_db


def started_patient() -> tuple[Patient, Program]:
    """The demo patient (joined on 1 November 2026), just evaluated."""
    patient = personas.patient(personas.clinic("Clinic", "c"), None, "p")
    return patient, personas.evaluated(patient)


def comfortable_session(program: Program, day: int) -> dict:
    return {
        "date": f"2026-11-{day:02d}",
        "pain_before": 3,
        "next_morning_pain": 2,
        "exercises": [
            {
                "exercise": i["exercise"],
                "sets": i["sets"],
                "reps": i["reps"],
                "hold_seconds": i["hold_seconds"],
                "duration_seconds": i["duration_seconds"],
                "pain_during": 2,
                "effort": 4,
            }
            for i in program.plan["items"]
        ],
    }


def test_two_comfortable_sessions_progress_the_program_and_say_why(library_in_db):
    patient, program = started_patient()
    for day in (2, 4):
        services.record_session(patient, program, uuid.uuid4(), comfortable_session(program, day))
    new = services.apply_progression(patient)
    assert new is not None and new.is_active
    program.refresh_from_db()
    assert not program.is_active
    assert new.changes and all(c["decision"] != "hold" for c in new.changes)
    assert all(c["reasons"] for c in new.changes)
    assert new.plan["items"] != program.plan["items"]


def test_one_session_is_not_enough_to_change_anything(library_in_db):
    patient, program = started_patient()
    services.record_session(patient, program, uuid.uuid4(), comfortable_session(program, 2))
    assert services.apply_progression(patient) is None
    assert Program.objects.filter(patient=patient).count() == 1


def test_a_painful_session_regresses_the_exercise(library_in_db):
    patient, program = started_patient()
    session = comfortable_session(program, 2)
    session["exercises"][1]["pain_during"] = 8
    services.record_session(patient, program, uuid.uuid4(), session)
    new = services.apply_progression(patient)
    assert new is not None
    decisions = {c["exercise"]: c["decision"] for c in new.changes}
    assert decisions[program.plan["items"][1]["exercise"]] == "regress"
