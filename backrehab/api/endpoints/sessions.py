"""A patient's session logs, and recording one (as the session player does)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from backrehab.api import records
from backrehab.api.endpoints.common import ONE_PATIENT, WITH_A_BODY, patient_for
from backrehab.api.errors import Invalid
from backrehab.api.pagination import Mapped, Paged
from backrehab.api.schemas import Error, Id, SessionIn, SessionOut, SessionStored
from backrehab.audit.log import Action, record
from backrehab.care import services
from backrehab.care.actions.sessions import do_log_session
from backrehab.care.models import Program, SessionLog
from backrehab.clinic.access import own_patient

router = Router(tags=["sessions"])


@router.get(
    "/patients/{patient_id}/sessions",
    response={200: list[SessionOut], **ONE_PATIENT},
    url_name="patient-sessions",
    summary="A patient's session logs",
)
@paginate(Paged)
def session_list(request: HttpRequest, patient_id: Id) -> Any:
    """Newest first: what was done of each exercise, pain and effort, and the patient's note."""
    patient = patient_for(request, patient_id)
    record(request, Action.VIEWED, "session logs (API)", patient)
    logs = SessionLog.objects.filter(patient=patient).order_by("-performed_on", "-received_at")
    return Mapped(logs, records.session)


@router.post(
    "/patients/{patient_id}/sessions",
    response={200: SessionStored, 201: SessionStored, 403: Error, **ONE_PATIENT, **WITH_A_BODY},
    url_name="patient-sessions",
    summary="Record a session",
)
def session_create(request: HttpRequest, patient_id: Id, payload: SessionIn) -> Any:
    """Store a finished session: 201 when new, 200 when this `client_id` was already stored
    (a device may send a log twice). Then the progression rules look at the sessions done, as
    after a session in the app, and may make a new program version. Only the patient records
    their own sessions, as in the app."""
    patient = patient_for(request, patient_id)
    if own_patient(request.user) != patient:
        raise PermissionDenied("Only the patient records their own sessions.")
    if payload.program is None:
        program = Program.objects.filter(patient=patient, is_active=True).first()
        if program is None:
            raise Invalid(["program: there is no program in force; name the program followed"])
    else:
        # Any of the patient's programs, not only the one in force: a log kept on the phone
        # while offline may arrive after the program has moved on.
        program = Program.objects.filter(pk=payload.program, patient=patient).first()
        if program is None:
            raise Invalid(["program: not one of this patient's programs"])
    try:
        # The action writes the audit event (naming this request) in the log's own transaction.
        log, created = do_log_session(
            patient,
            program,
            payload.client_id,
            payload.session.model_dump(mode="json"),
            request=request,
        )
    except services.CareInputInvalid as exc:
        raise Invalid(exc.problems) from exc
    services.apply_progression(patient)
    active = Program.objects.filter(patient=patient, is_active=True).values_list("pk", flat=True)
    return Status(
        201 if created else 200,
        {"created": created, "session": records.session(log), "active_program_id": active.first()},
    )
