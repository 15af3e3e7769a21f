"""Back after a break of two weeks or more (clinical-rules.md section 5): the first session back
is one rung easier - in the program the patient plays, with the history entry and the patient's
"what changed and why" - and only once for that break."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

import pytest
from django.utils import timezone

from backrehab.audit.models import AuditEvent
from backrehab.care.actions.programs import do_reassess
from backrehab.care.actions.sessions import (
    AFTER_BREAK,
    do_apply_progression,
    do_log_session,
    do_resume_after_break,
)
from backrehab.care.models import Alert, Program, SessionLog
from backrehab.clinical.library import load_library
from backrehab.clinical.program import Program as EngineProgram
from backrehab.clinical.progression import Kind, lower_dose
from tests import personas
from tests.care.test_progression_applied import comfortable_session
from tests.care.test_reassessment_actions import doses, progressed_patient

pytestmark = pytest.mark.django_db

LAST_SESSION_DAYS_AGO = 3  # progressed_patient's last session, without a break


def lowered(program: Program) -> dict[str, tuple]:
    """Each exercise's dose one rung back, as the ladder defines it (unchanged at the start)."""
    library = load_library()
    out = {}
    for item in EngineProgram.model_validate(program.plan).items:
        lower = lower_dose(item, library[item.exercise])
        out[item.exercise] = (
            (lower.sets, lower.reps, lower.hold_seconds, lower.duration_seconds)
            if lower is not None
            else doses(program)[item.exercise]
        )
    return out


def session_plan(client) -> dict:
    text = client.get("/my/session/").text
    match = re.search(
        r'<script id="session-plan" type="application/json">(.*?)</script>', text, re.S
    )
    assert match
    return json.loads(match.group(1))


def test_the_first_session_back_after_three_weeks_is_one_rung_easier(client, library_in_db):
    patient, progressed = progressed_patient(weeks=3, break_days=18)
    expected = lowered(progressed)
    assert expected != doses(progressed)  # the break has something to undo
    client.force_login(patient.user)

    plan = session_plan(client)

    in_force = Program.objects.get(patient=patient, is_active=True)
    assert in_force != progressed and doses(in_force) == expected
    assert plan["program"] == in_force.pk
    played = {
        i["exercise"]: (i["sets"], i["reps"], i["hold_seconds"], i["duration_seconds"])
        for i in plan["items"]
    }
    assert played == expected
    # The history says what changed and why, each eased exercise with the break rule.
    assert in_force.reason == AFTER_BREAK
    assert in_force.changes and all(c["decision"] == Kind.REGRESS for c in in_force.changes)
    assert {r["rule"] for c in in_force.changes for r in c["reasons"]} == {"regress-after-gap"}
    assert {c["exercise"] for c in in_force.changes} == {
        e for e, d in expected.items() if d != doses(progressed)[e]
    }
    assert AuditEvent.objects.filter(what__contains="days since the last session").count() == 1
    # A break is not a painful session: no "made easier after painful sessions" alert.
    assert not Alert.objects.filter(patient=patient, kind=Alert.Kind.REGRESS).exists()


def test_the_patient_reads_what_changed_and_why_in_their_language(client, library_in_db):
    patient, _ = progressed_patient(weeks=3, break_days=18)
    days = LAST_SESSION_DAYS_AGO + 18
    client.force_login(patient.user)
    text = client.get("/my/").text
    assert "What changed in your program" in text
    assert (
        f"It has been {days} days since the session before, so you restart one step lower" in text
    )
    patient.language = "es"
    patient.save(update_fields=["language"])
    text = client.get("/my/", HTTP_ACCEPT_LANGUAGE="es").text
    assert f"Han pasado {days} días desde la sesión anterior" in text


def test_the_break_lowers_the_program_once_and_the_session_back_does_not_lower_it_again(
    client, library_in_db
):
    patient, _ = progressed_patient(weeks=3, break_days=18)
    first = do_resume_after_break(patient)
    assert first is not None
    assert do_resume_after_break(patient) is None  # opening the app again changes nothing
    assert (
        do_resume_after_break(patient, today=timezone.localdate() + dt.timedelta(days=10)) is None
    )
    # The first session back, done comfortably at the eased dose: nothing is lowered again.
    session = comfortable_session(first, 1)
    session["date"] = timezone.localdate().isoformat()
    do_log_session(patient, first, uuid.uuid4(), session)
    do_apply_progression(patient)
    assert doses(Program.objects.get(patient=patient, is_active=True)) == doses(first)


def test_less_than_two_weeks_changes_nothing(library_in_db):
    patient, program = progressed_patient(weeks=3, break_days=10)  # 13 days
    assert do_resume_after_break(patient) is None
    assert Program.objects.get(patient=patient, is_active=True) == program
    fourteen = timezone.localdate() + dt.timedelta(days=1)
    assert do_resume_after_break(patient, today=fourteen) is not None


def test_a_check_in_after_the_break_keeps_the_doses_so_they_still_ease(library_in_db):
    patient, progressed = progressed_patient(weeks=3, break_days=18)
    answers = personas.alex_answers()
    answers["pain"] = {"now": 3, "best": 2, "worst": 4}
    assert do_reassess(patient, answers).program is not None
    eased = do_resume_after_break(patient)
    assert eased is not None and doses(eased) == lowered(progressed)


def test_a_program_a_clinician_prescribed_after_the_break_is_not_lowered(library_in_db):
    patient, progressed = progressed_patient(weeks=3, break_days=18)
    clinician = personas.staff(patient.clinic, username="pt").user
    Program.objects.filter(pk=progressed.pk).update(is_active=False)
    prescribed = Program.objects.create(
        patient=patient,
        evaluation=progressed.evaluation,
        created_by=clinician,
        plan=progressed.plan,
        reason="Seen in clinic today; doses checked.",
    )
    assert do_resume_after_break(patient) is None
    assert Program.objects.get(patient=patient, is_active=True) == prescribed


def test_a_patient_who_never_trained_starts_at_the_prescribed_dose(library_in_db):
    from tests.care.test_progression_applied import started_patient

    patient, program = started_patient()
    assert not SessionLog.objects.filter(patient=patient).exists()
    assert (
        do_resume_after_break(patient, today=timezone.localdate() + dt.timedelta(days=60)) is None
    )
    assert Program.objects.get(patient=patient, is_active=True) == program
