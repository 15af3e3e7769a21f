"""Re-assessment of the program in force, and the clinician's approval of a larger change.

A re-assessment adjusts the program (clinical.reassessment): minor changes apply at once as a
new program version; larger ones become a ProgramProposal the clinician approves (possibly after
editing it) or rejects from the record, while the patient keeps the program in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError

from backrehab.audit.log import Action, record
from backrehab.care import alerts
from backrehab.care.models import Alert, Evaluation, Program, ProgramProposal
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import Intake, describe_errors
from backrehab.clinical.monitoring import describe_outcomes, no_important_change
from backrehab.clinical.program import Program as EngineProgram
from backrehab.clinical.program import ProgramItem, generate_program
from backrehab.clinical.reassessment import adjust_program, changes_json
from backrehab.library.catalog import Catalog

REASSESSED = "Adjusted after your check-in: kept what works, changed what your answers call for."
APPROVED = "Change after your check-in, approved by your physical therapist."


@dataclass(frozen=True)
class ReassessmentResult:
    evaluation: Evaluation
    program: Program | None  # the program in force afterwards (None: a referral stopped it)
    proposal: ProgramProposal | None  # a larger change waiting for the clinician
    applied: bool  # a new program version was made now


def _invalid(problems: list[str]) -> Exception:
    from backrehab.care.services import CareInputInvalid

    return CareInputInvalid(problems)


@transaction.atomic
def do_reassess(
    patient: Patient,
    answers: dict[str, Any],
    *,
    by: AbstractBaseUser | None = None,
    request: HttpRequest | None = None,
) -> ReassessmentResult:
    """Store a re-assessment and adjust the program in force to it (see the module docstring).

    Without a program in force there is nothing to adjust: the program is built from the
    answers, as at the first evaluation.
    """
    try:
        intake = Intake.model_validate(answers)
    except ValidationError as exc:
        raise _invalid(describe_errors(exc.errors())) from exc
    library = Catalog.for_clinic(patient.clinic_id).library()
    plan = generate_program(intake, library)
    program = Program.objects.select_for_update().filter(patient=patient, is_active=True).first()
    previous = Evaluation.objects.filter(patient=patient).order_by("-taken_at", "-pk").first()
    first = Evaluation.objects.filter(patient=patient).order_by("taken_at", "pk").first()
    evaluation = Evaluation.objects.create(
        patient=patient,
        kind=Evaluation.Kind.REASSESSMENT,
        answers=intake.model_dump(mode="json"),
        scores=plan.scores.model_dump(mode="json"),
        referral=plan.referral.model_dump(mode="json") if plan.referral else None,
    )
    record(request, Action.CHANGED, "re-assessment", patient, actor=by or patient.user)
    alerts.after_evaluation(evaluation)
    _escalate_no_change(patient, first, evaluation)
    # A newer re-assessment replaces a proposal still waiting.
    ProgramProposal.objects.filter(patient=patient, status=ProgramProposal.Status.PENDING).update(
        status=ProgramProposal.Status.SUPERSEDED, decided_at=timezone.now()
    )

    if plan.program is None:
        Program.objects.filter(patient=patient, is_active=True).update(is_active=False)
        return ReassessmentResult(evaluation, None, None, applied=False)
    if program is None:
        new = Program.objects.create(
            patient=patient,
            evaluation=evaluation,
            created_by=by,  # type: ignore[misc]
            plan=plan.program.model_dump(mode="json"),
            reason="Built by the program engine from the re-assessment.",
        )
        return ReassessmentResult(evaluation, new, None, applied=True)

    adjustment = adjust_program(
        EngineProgram.model_validate(program.plan),
        plan,
        library,
        previous_scores=previous.scores if previous else None,
        had_referral=bool(previous and previous.referral),
        auto_apply=patient.clinic.auto_apply_reassessment,
    )
    in_force = program
    if adjustment.now is not None:
        in_force = _new_version(
            program,
            evaluation,
            adjustment.now,
            reason=REASSESSED,
            changes=changes_json(
                adjustment.changes, major=None if not adjustment.needs_approval else False
            ),
            by=by,
        )
    proposal = None
    if adjustment.needs_approval and adjustment.target is not None:
        proposal = ProgramProposal.objects.create(
            patient=patient,
            evaluation=evaluation,
            program=in_force,
            plan=adjustment.target.model_dump(mode="json"),
            changes=changes_json(adjustment.changes),
        )
        names = Catalog.for_clinic(patient.clinic_id, "en").names()
        alerts.raise_alert(
            patient,
            Alert.Kind.PROPOSAL,
            f"proposal-{proposal.pk}",
            "The re-assessment suggests a larger program change: "
            + _summary(adjustment.changes, names)
            + ". The patient keeps the program in force until you approve or reject it.",
            alerts.message(
                "proposal",
                changes=[
                    {"kind": c.kind, "exercise": c.exercise} for c in adjustment.changes if c.major
                ],
            ),
        )
    return ReassessmentResult(evaluation, in_force, proposal, applied=in_force != program)


@transaction.atomic
def do_approve_proposal(
    proposal: ProgramProposal,
    *,
    by: AbstractBaseUser,
    items: list[dict[str, Any]] | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Program:
    """Put the proposed program in force (with the clinician's edits to its items, if any).

    Exercises of the program in force that the proposal keeps keep their current dose: the
    patient may have progressed since the re-assessment."""
    proposal = ProgramProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProgramProposal.Status.PENDING:
        raise _invalid(["proposal: already decided"])
    target = EngineProgram.model_validate(proposal.plan)
    if items is not None:
        try:
            chosen = [ProgramItem.model_validate(i) for i in items]
        except ValidationError as exc:
            raise _invalid(describe_errors(exc.errors())) from exc
        if not chosen:
            raise _invalid(["items: choose at least one exercise"])
        target = target.model_copy(update={"items": chosen})
    current = Program.objects.filter(patient=proposal.patient, is_active=True).first()
    if current is not None:
        in_force = {i["exercise"]: i for i in current.plan.get("items", [])}
        target = target.model_copy(
            update={
                "items": [
                    ProgramItem.model_validate(in_force[i.exercise])
                    if i.exercise in in_force
                    else i
                    for i in target.items
                ]
            }
        )
    base = current or proposal.program
    new = _new_version(
        base,
        proposal.evaluation,
        target,
        reason=APPROVED,
        changes=proposal.changes,
        by=by,
    )
    proposal.status = ProgramProposal.Status.APPROVED
    proposal.decided_by = by  # type: ignore[assignment]
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.result = new
    proposal.save()
    record(
        request,
        Action.CHANGED,
        f"approved program change {proposal.pk}",
        proposal.patient,
        actor=by,
    )
    return new


@transaction.atomic
def do_reject_proposal(
    proposal: ProgramProposal,
    *,
    by: AbstractBaseUser,
    note: str,
    request: HttpRequest | None = None,
) -> ProgramProposal:
    """Keep the program in force; the reason is recorded with the proposal."""
    proposal = ProgramProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProgramProposal.Status.PENDING:
        raise _invalid(["proposal: already decided"])
    if not note.strip():
        raise _invalid(["note: say why the change is not made"])
    proposal.status = ProgramProposal.Status.REJECTED
    proposal.decided_by = by  # type: ignore[assignment]
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()
    proposal.save()
    record(
        request,
        Action.CHANGED,
        f"rejected program change {proposal.pk}",
        proposal.patient,
        actor=by,
    )
    return proposal


def pending_proposal(patient: Patient) -> ProgramProposal | None:
    return ProgramProposal.objects.filter(
        patient=patient, status=ProgramProposal.Status.PENDING
    ).first()


def _new_version(
    program: Program,
    evaluation: Evaluation,
    plan: EngineProgram,
    *,
    reason: str,
    changes: list[dict[str, Any]],
    by: AbstractBaseUser | None,
) -> Program:
    Program.objects.filter(patient=program.patient, is_active=True).update(is_active=False)
    return Program.objects.create(
        patient=program.patient,
        evaluation=evaluation,
        created_by=by,  # type: ignore[misc]
        plan={**program.plan, **plan.model_dump(mode="json")},
        reason=reason,
        changes=changes,
        overrides=program.overrides,
    )


def _summary(changes: Any, names: dict[str, str]) -> str:
    words = {"add": "add", "remove": "remove", "pathway": "new pathway", "referral": "referral"}
    return ", ".join(
        f"{words[c.kind]} {names.get(c.exercise, c.exercise)}".strip() for c in changes if c.major
    )


def _escalate_no_change(patient: Patient, first: Evaluation | None, latest: Evaluation) -> None:
    """No important change after 4-6 weeks of care goes to the clinician."""
    if first is None:
        return
    days: int = (latest.taken_at - first.taken_at) // dt.timedelta(days=1)
    outcomes = no_important_change(first.scores, latest.scores, days)
    if outcomes is None:
        return
    alerts.raise_alert(
        patient,
        Alert.Kind.NO_CHANGE,
        f"evaluation-{latest.pk}",
        f"No important change after {days // 7} weeks of care ({describe_outcomes(outcomes)}): "
        "consider reviewing the diagnosis and the plan.",
        alerts.message(
            "no-change",
            weeks=days // 7,
            outcomes=[
                {"measure": o.measure.value, "baseline": o.baseline, "latest": o.latest}
                for o in outcomes
            ],
        ),
    )
