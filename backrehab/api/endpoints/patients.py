"""Who is calling, the patients they may see, and one patient's record summary."""

from typing import Any

from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from backrehab.api import records
from backrehab.api.endpoints.common import ONE_PATIENT, SIGNED_IN, patient_for
from backrehab.api.pagination import Mapped, Paged
from backrehab.api.schemas import Id, Me, PatientDetail, PatientSummary
from backrehab.audit.log import Action, record
from backrehab.care.models import Alert, Evaluation, Program, SessionLog
from backrehab.clinic.access import access_of, own_patient, staff_member, visible_patients
from backrehab.clinic.models import Patient

router = Router(tags=["patients"])


def annotated(patients: QuerySet[Patient]) -> QuerySet[Patient]:
    """With what a list shows, in one query: each row's risk group and last session come from
    index lookups for the rows on the page only, not from reading every log."""
    latest = Evaluation.objects.filter(patient=OuterRef("pk")).order_by("-taken_at", "-pk")
    last_log = SessionLog.objects.filter(patient=OuterRef("pk")).order_by("-performed_on")
    return patients.select_related(
        "user", "clinician__user"
    ).annotate(
        risk_group=Subquery(
            latest.values("risk")[:1],  # the column kept from the scores
            output_field=CharField(),
        ),
        last_session=Subquery(last_log.values("performed_on")[:1]),
    )


@router.get("/me", response={200: Me, **SIGNED_IN}, url_name="me", summary="Who is calling")
def me(request: HttpRequest) -> Any:
    user = request.user
    staff = staff_member(user)
    patient = own_patient(user)
    clinic = staff.clinic if staff else patient.clinic if patient else None
    return {
        "username": user.get_username(),
        "name": records.person(user),  # type: ignore[arg-type]
        "role": access_of(user).value,
        "clinic": clinic.name if clinic else None,
        "patient_id": patient.pk if patient else None,
    }


@router.get(
    "/patients",
    response={200: list[PatientSummary], **SIGNED_IN, 422: ONE_PATIENT[422]},
    url_name="patient-list",
    summary="List patients",
)
@paginate(Paged)
def patient_list(request: HttpRequest) -> Any:
    """Staff: their clinic's patients, by id. A patient: a list of one, themself."""
    patients = annotated(visible_patients(request.user)).order_by("pk")
    return Mapped(patients, records.patient_summary)


@router.get(
    "/patients/{patient_id}",
    response={200: PatientDetail, **ONE_PATIENT},
    url_name="patient-detail",
    summary="One patient",
)
def patient_detail(request: HttpRequest, patient_id: Id) -> Any:
    patient = patient_for(request, patient_id)
    row = annotated(Patient.objects.filter(pk=patient.pk)).get()
    record(request, Action.VIEWED, "record summary (API)", patient)
    active = Program.objects.filter(patient=patient, is_active=True).values_list("pk", flat=True)
    return {
        **records.patient_summary(row),
        "clinic": patient.clinic.name,
        "joined_on": patient.joined_on,
        "language": patient.language,
        "active_program_id": active.first(),
        "open_alerts": Alert.objects.filter(patient=patient, acknowledged_at__isnull=True).count(),
        "sessions": SessionLog.objects.filter(patient=patient).count(),
    }
