"""A clinician corrects an evaluation's finding after examining the patient.

The patient's answers are what they reported; an examination may show otherwise (a repeated-
movement test in the clinic that centralises the pain, where the patient had not tested it).
The finding is stored as a new evaluation (kind "examination": the latest answers with the
finding put in), the engine re-runs on it, and the resulting change to the program in force is
proposed to the clinician on the proposal page, never applied silently: the clinician sees what
the finding changes and approves (or edits) it, as for a re-assessment's larger change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError

from backrehab.audit.log import Action, record
from backrehab.care.actions.evaluations import engine_clearance
from backrehab.care.errors import CareInputInvalid
from backrehab.care.locking import lock_patient
from backrehab.care.models import Evaluation, Program, ProgramProposal
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import Intake, Response, describe_errors
from backrehab.clinical.program import Program as EngineProgram
from backrehab.clinical.program import generate_program
from backrehab.clinical.reassessment import adjust_program, changes_json
from backrehab.library.catalog import Catalog


@dataclass(frozen=True)
class FindingResult:
    evaluation: Evaluation
    proposal: ProgramProposal | None  # None: the program in force already fits the finding


@transaction.atomic
def do_record_repeated_movement_finding(
    patient: Patient,
    *,
    flexion: Response,
    extension: Response,
    by: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> FindingResult:
    """Record what repeated flexion and extension did when tested in the clinic, and propose
    the program the engine builds with it."""
    lock_patient(patient)
    latest = Evaluation.objects.filter(patient=patient).order_by("-taken_at", "-pk").first()
    if latest is None:
        raise CareInputInvalid(["evaluation: the patient has no evaluation to correct yet"])
    answers = dict(latest.answers)
    answers["repeated_movements"] = {"flexion": str(flexion), "extension": str(extension)}
    try:
        intake = Intake.model_validate(answers)
    except ValidationError as exc:
        raise CareInputInvalid(describe_errors(exc.errors())) from exc
    library = Catalog.for_clinic(patient.clinic_id).library()
    plan = generate_program(intake, library, clearance=engine_clearance(patient))
    evaluation = Evaluation.objects.create(
        patient=patient,
        kind=Evaluation.Kind.EXAMINATION,
        answers=intake.model_dump(mode="json"),
        scores=plan.scores.model_dump(mode="json"),
        referral=plan.referral.model_dump(mode="json") if plan.referral else None,
    )
    record(
        request,
        Action.CHANGED,
        f"examination finding: repeated flexion {flexion}, extension {extension}",
        patient,
        actor=by,
    )
    in_force = Program.objects.filter(patient=patient, is_active=True).first()
    if in_force is None or plan.program is None:
        return FindingResult(evaluation, None)
    adjustment = adjust_program(
        EngineProgram.model_validate(in_force.plan),
        plan,
        library,
        previous_scores=latest.scores,
        had_referral=bool(latest.referral),
        auto_apply=False,
    )
    target = adjustment.target or adjustment.now
    if target is None or not adjustment.changes:
        return FindingResult(evaluation, None)
    # The newest finding replaces a proposal still waiting.
    ProgramProposal.objects.filter(patient=patient, status=ProgramProposal.Status.PENDING).update(
        status=ProgramProposal.Status.SUPERSEDED, decided_at=timezone.now()
    )
    proposal = ProgramProposal.objects.create(
        patient=patient,
        evaluation=evaluation,
        program=in_force,
        plan=target.model_dump(mode="json"),
        changes=changes_json(adjustment.changes),
    )
    return FindingResult(evaluation, proposal)
