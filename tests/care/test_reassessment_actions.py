"""A re-assessment adjusts the program in force; larger changes wait for the clinician."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from backrehab.audit.models import AuditEvent
from backrehab.care import services
from backrehab.care.actions.programs import (
    do_approve_proposal,
    do_reassess,
    do_reject_proposal,
    pending_proposal,
)
from backrehab.care.actions.sessions import do_apply_progression, do_log_session
from backrehab.care.models import Alert, Evaluation, Program, ProgramProposal
from backrehab.clinic.models import Patient
from tests import personas
from tests.care.test_progression_applied import comfortable_session

pytestmark = pytest.mark.django_db


def progressed_patient(weeks: int = 3, *, break_days: int = 0) -> tuple[Patient, Program]:
    """The demo patient after `weeks` of comfortable sessions, progressed by the rules. The last
    session was a few days ago (no break in training lowers the doses), or `break_days` more."""
    start = timezone.localdate() - dt.timedelta(weeks=weeks, days=break_days)
    patient = personas.patient(personas.clinic("Clinic", "c"), None, "p", joined_on=start)
    program = personas.evaluated(patient)
    # Dated as it happened: the evaluation the day before the first session, each new version
    # on the day of the session that made it.
    Evaluation.objects.filter(patient=patient).update(taken_at=at(start - dt.timedelta(days=1)))
    Program.objects.filter(pk=program.pk).update(created_at=at(start - dt.timedelta(days=1)))
    for day in range(0, 7 * weeks, 3):
        session = comfortable_session(program, 1)
        session["date"] = (start + dt.timedelta(days=day)).isoformat()
        do_log_session(patient, program, uuid.uuid4(), session)
        new = do_apply_progression(patient)
        if new is not None:
            Program.objects.filter(pk=new.pk).update(created_at=at(start + dt.timedelta(days=day)))
            program = new
    program.refresh_from_db()
    return patient, program


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(18)))


def doses(program: Program) -> dict[str, tuple[Any, ...]]:
    return {
        i["exercise"]: (i["sets"], i["reps"], i["hold_seconds"], i["duration_seconds"])
        for i in program.plan["items"]
    }


def flexion_preference() -> dict[str, Any]:
    answers = personas.alex_answers()
    answers["repeated_movements"] = {"flexion": "centralises", "extension": "peripheralises"}
    answers["worse_with"] = ["standing", "walking"]
    answers["better_with"] = ["sitting", "bending-forward"]
    return answers


def test_a_check_in_with_the_same_findings_keeps_every_progressed_dose(library_in_db):
    patient, program = progressed_patient()
    before = doses(program)
    assert before != doses(Program.objects.filter(patient=patient).order_by("created_at")[0])
    answers = personas.alex_answers()
    answers["pain"] = {"now": 3, "best": 2, "worst": 4}
    result = do_reassess(patient, answers)
    assert result.proposal is None
    assert result.program is not None and doses(result.program) == before
    assert result.evaluation.kind == Evaluation.Kind.REASSESSMENT


def test_the_old_reassessment_path_adjusts_instead_of_rebuilding(library_in_db):
    patient, program = progressed_patient()
    before = doses(program)
    result = services.evaluate(patient, personas.alex_answers(), kind=Evaluation.Kind.REASSESSMENT)
    assert result.program is not None and doses(result.program) == before


def test_a_larger_change_waits_for_the_clinician_and_the_patient_keeps_the_program(
    library_in_db,
):
    patient, program = progressed_patient()
    result = do_reassess(patient, flexion_preference())
    assert result.proposal is not None
    assert pending_proposal(patient) == result.proposal
    in_force = Program.objects.get(patient=patient, is_active=True)
    # Only what became unsafe left at once; the rest of the program in force continues.
    kept = set(doses(in_force))
    assert kept <= set(doses(program))
    assert Alert.objects.filter(patient=patient, kind=Alert.Kind.PROPOSAL).count() == 1


def test_approving_puts_the_change_in_force_and_says_why(library_in_db):
    patient, _ = progressed_patient()
    proposal = do_reassess(patient, flexion_preference()).proposal
    assert proposal is not None
    clinician = personas.staff(patient.clinic, username="pt").user
    new = do_approve_proposal(proposal, by=clinician)
    proposal.refresh_from_db()
    assert proposal.status == ProgramProposal.Status.APPROVED and proposal.result == new
    assert new.is_active and new.created_by == clinician
    assert [i["exercise"] for i in new.plan["items"]] == [
        i["exercise"] for i in proposal.plan["items"]
    ]
    assert new.changes and all(c["reasons"] for c in new.changes)
    assert AuditEvent.objects.filter(what__startswith="approved program change").exists()


def test_the_clinician_may_edit_the_proposal_before_approving(library_in_db):
    patient, _ = progressed_patient()
    proposal = do_reassess(patient, flexion_preference()).proposal
    assert proposal is not None
    clinician = personas.staff(patient.clinic, username="pt").user
    first_only = proposal.plan["items"][:1]
    new = do_approve_proposal(proposal, by=clinician, items=first_only)
    assert [i["exercise"] for i in new.plan["items"]] == [first_only[0]["exercise"]]


def test_rejecting_keeps_the_program_and_needs_a_reason(library_in_db):
    patient, _ = progressed_patient()
    proposal = do_reassess(patient, flexion_preference()).proposal
    assert proposal is not None
    in_force = Program.objects.get(patient=patient, is_active=True)
    clinician = personas.staff(patient.clinic, username="pt").user
    with pytest.raises(services.CareInputInvalid):
        do_reject_proposal(proposal, by=clinician, note=" ")
    do_reject_proposal(proposal, by=clinician, note="Extension still centralises in clinic.")
    assert Program.objects.get(patient=patient, is_active=True) == in_force
    assert pending_proposal(patient) is None


def test_a_newer_check_in_supersedes_a_waiting_proposal(library_in_db):
    patient, _ = progressed_patient()
    first = do_reassess(patient, flexion_preference()).proposal
    do_reassess(patient, flexion_preference())
    assert first is not None
    first.refresh_from_db()
    assert first.status == ProgramProposal.Status.SUPERSEDED
    assert ProgramProposal.objects.filter(status=ProgramProposal.Status.PENDING).count() == 1


def test_a_clinic_setting_applies_larger_changes_automatically(library_in_db):
    patient, _ = progressed_patient()
    patient.clinic.auto_apply_reassessment = True
    patient.clinic.save()
    result = do_reassess(patient, flexion_preference())
    assert result.proposal is None and result.applied


def test_no_important_change_after_four_weeks_alerts_the_clinician(library_in_db):
    patient, _ = progressed_patient(weeks=1)
    first = Evaluation.objects.get(patient=patient)
    first.taken_at = timezone.now() - dt.timedelta(days=30)
    first.save()
    do_reassess(patient, personas.alex_answers())
    alert = Alert.objects.get(patient=patient, kind=Alert.Kind.NO_CHANGE)
    assert "No important change after 4 weeks" in alert.detail


def test_logging_a_session_writes_an_audit_event_in_the_same_action(library_in_db):
    patient, program = progressed_patient(weeks=0)
    do_log_session(patient, program, uuid.uuid4(), comfortable_session(program, 3))
    event = AuditEvent.objects.get(what__startswith="session log of")
    assert event.patient_id == patient.pk and event.actor_name == "p"


def test_a_two_point_morning_rise_alerts_the_clinician_from_the_engines_output(library_in_db):
    patient, program = progressed_patient(weeks=0)
    session = comfortable_session(program, 3)
    session["next_morning_pain"] = 5  # pain before 3
    do_log_session(patient, program, uuid.uuid4(), session)
    do_apply_progression(patient)
    assert Alert.objects.filter(patient=patient, kind=Alert.Kind.MORNING_RISE).count() == 1
