"""A patient's evaluations (and a new intake), programs, scores and progression decisions."""

from typing import Any, Literal

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from backrehab.api import records
from backrehab.api.endpoints.common import ONE_PATIENT, WITH_A_BODY, patient_for
from backrehab.api.errors import Invalid
from backrehab.api.pagination import Mapped, Paged
from backrehab.api.schemas import (
    DecisionRecord,
    Error,
    EvaluationCreated,
    EvaluationOut,
    Id,
    ProgramOut,
    ScorePoint,
)
from backrehab.audit.log import Action, record
from backrehab.care.actions.evaluations import do_evaluate
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import Evaluation, Program
from backrehab.clinic.access import Access, access_of
from backrehab.clinical.intake import Intake

router = Router(tags=["care"])


def _with_program(evaluations: Any) -> Any:
    first_program = Program.objects.filter(evaluation=OuterRef("pk")).order_by("created_at", "pk")
    return evaluations.annotate(program_id=Subquery(first_program.values("pk")[:1]))


@router.get(
    "/patients/{patient_id}/evaluations",
    response={200: list[EvaluationOut], **ONE_PATIENT},
    url_name="patient-evaluations",
    summary="A patient's evaluations",
)
@paginate(Paged)
def evaluation_list(request: HttpRequest, patient_id: Id) -> Any:
    """The intake and every re-assessment, newest first, with scores and any referral."""
    patient = patient_for(request, patient_id)
    record(request, Action.VIEWED, "evaluations (API)", patient)
    rows = _with_program(Evaluation.objects.filter(patient=patient).order_by("-taken_at", "-pk"))
    return Mapped(rows, lambda row: records.evaluation(row, row.program_id))


@router.post(
    "/patients/{patient_id}/evaluations",
    response={201: EvaluationCreated, 403: Error, **ONE_PATIENT, **WITH_A_BODY},
    url_name="patient-evaluations",
    summary="Record an evaluation",
)
def evaluation_create(
    request: HttpRequest,
    patient_id: Id,
    answers: Intake,
    kind: Query[Literal["intake", "reassessment"]] = "intake",
) -> Any:
    """Store the answers, score them and, unless a red-flag answer stops it, build the
    program that replaces the one in force. The body is the intake record
    (`backrehab intake-schema`); each problem comes back as a 'field.path: problem' line."""
    patient = patient_for(request, patient_id)
    if access_of(request.user) is Access.OTHER:
        raise HttpError(403, "Only the patient or their clinic's staff record evaluations.")
    # Only the red-flag questions the body states count as answered: a program needs them all
    # (a left-out answer is not a "no"); the action names each one left out (422).
    stated = answers.model_dump(mode="json")
    stated["red_flags"] = {
        name: value
        for name, value in stated["red_flags"].items()
        if name in answers.red_flags.model_fields_set
    }
    try:
        result = do_evaluate(
            patient,
            stated,
            kind=kind,
            by=request.user if access_of(request.user) is not Access.PATIENT else None,  # type: ignore[arg-type]
            request=request,
        )
    except CareInputInvalid as exc:
        raise Invalid(exc.problems) from exc
    program_id = result.program.pk if result.program else None
    return Status(
        201,
        {
            "evaluation": records.evaluation(result.evaluation, program_id),
            "program_id": program_id,
        },
    )


@router.get(
    "/patients/{patient_id}/programs",
    response={200: list[ProgramOut], **ONE_PATIENT},
    url_name="patient-programs",
    summary="A patient's programs",
)
@paginate(Paged)
def program_list(request: HttpRequest, patient_id: Id) -> Any:
    """Every version, newest first; the one in force has `is_active`. Each version says who made
    it and why, the decisions that changed it and any safety warning overridden."""
    patient = patient_for(request, patient_id)
    record(request, Action.VIEWED, "programs (API)", patient)
    rows = Program.objects.filter(patient=patient).select_related("created_by")
    return Mapped(rows.order_by("-created_at", "-pk"), records.program)


@router.get(
    "/patients/{patient_id}/scores",
    response={200: list[ScorePoint], **ONE_PATIENT},
    url_name="patient-scores",
    summary="A patient's scores over time",
)
@paginate(Paged)
def score_list(request: HttpRequest, patient_id: Id) -> Any:
    """Newest first (the first is the latest), each with its change since the first evaluation."""
    patient = patient_for(request, patient_id)
    record(request, Action.VIEWED, "scores (API)", patient)
    evaluations = Evaluation.objects.filter(patient=patient).only(
        "pk", "kind", "taken_at", "scores"
    )
    baseline: dict[str, Any] = next(
        (e.scores for e in evaluations.order_by("taken_at", "pk") if e.scores),
        {},
    )

    def point(row: Evaluation) -> dict[str, Any]:
        scores = row.scores if isinstance(row.scores, dict) else {}
        return {
            "evaluation_id": row.pk,
            "kind": row.kind,
            "taken_at": row.taken_at,
            "scores": scores,
            "changes": records.changes(baseline, scores),
        }

    return Mapped(evaluations.order_by("-taken_at", "-pk"), point)


@router.get(
    "/patients/{patient_id}/decisions",
    response={200: list[DecisionRecord], **ONE_PATIENT},
    url_name="patient-decisions",
    summary="The progression decisions for a patient",
)
@paginate(Paged)
def decision_list(request: HttpRequest, patient_id: Id) -> Any:
    """Newest first: each decision of the progression rules, the reasons for it, and the
    program version it made."""
    patient = patient_for(request, patient_id)
    record(request, Action.VIEWED, "progression decisions (API)", patient)
    versions = (
        Program.objects.filter(patient=patient)
        .only("pk", "created_at", "changes")
        .order_by("-created_at", "-pk")
    )
    return [
        {**decision, "program_id": version.pk, "decided_at": version.created_at}
        for version in versions
        for decision in (version.changes if isinstance(version.changes, list) else [])
        if isinstance(decision, dict)
    ]
