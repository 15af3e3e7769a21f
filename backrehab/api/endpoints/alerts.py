"""Alerts for clinic staff: what needs looking at, and acknowledging it."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from backrehab.api import records
from backrehab.api.endpoints.common import ONE_PATIENT, SIGNED_IN, staff_or_403
from backrehab.api.pagination import Mapped, Paged
from backrehab.api.schemas import AlertFilters, AlertOut, Error, Id
from backrehab.care.actions.alerts import do_acknowledge_alert
from backrehab.care.models import Alert
from backrehab.clinic.access import visible_patients

router = Router(tags=["alerts"])


def _visible_alerts(request: HttpRequest) -> Any:
    return Alert.objects.filter(patient__in=visible_patients(request.user)).select_related(
        "patient__user", "acknowledged_by"
    )


@router.get(
    "/alerts",
    response={200: list[AlertOut], **SIGNED_IN, 403: Error, 422: Error},
    url_name="alert-list",
    summary="List alerts",
)
@paginate(Paged)
def alert_list(request: HttpRequest, filters: Query[AlertFilters]) -> Any:
    """Staff only: alerts of their clinic's patients, newest first; open ones by default."""
    staff_or_403(request)
    rows = _visible_alerts(request)
    if filters.status == "open":
        rows = rows.filter(acknowledged_at__isnull=True)
    if filters.patient is not None:
        rows = rows.filter(patient_id=filters.patient)
    return Mapped(rows.order_by("-raised_at", "-pk"), records.alert)


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response={200: AlertOut, 403: Error, **ONE_PATIENT},
    url_name="alert-acknowledge",
    summary="Acknowledge an alert",
)
def alert_acknowledge(request: HttpRequest, alert_id: Id) -> Any:
    """Records who acknowledged it and when; acknowledging again keeps the first."""
    staff_or_403(request)
    alert = _visible_alerts(request).filter(pk=alert_id).first()
    if alert is None:
        raise Http404("No such alert.")
    do_acknowledge_alert(alert, by=request.user, request=request)  # type: ignore[arg-type]
    return records.alert(alert)
