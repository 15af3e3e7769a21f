"""Acknowledging an alert: the one way, from the workspace and the API alike."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from backrehab.audit.log import Action, record
from backrehab.care.models import Alert


def acknowledgement(alert: Alert) -> str:
    """How the audit log describes acknowledging the alert (one description everywhere)."""
    return f"acknowledged alert {alert.pk} ({alert.get_kind_display()})"


@transaction.atomic
def do_acknowledge_alert(
    alert: Alert, *, by: AbstractBaseUser, request: HttpRequest | None = None
) -> Alert:
    """Record who acknowledged the alert and when; acknowledging twice keeps the first (and
    writes no second event: nothing changed)."""
    locked = Alert.objects.select_for_update().select_related("patient").get(pk=alert.pk)
    if locked.acknowledged_at is None:
        locked.acknowledged_by = by  # type: ignore[assignment]
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
        record(request, Action.CHANGED, acknowledgement(locked), locked.patient, actor=by)
    alert.acknowledged_by_id = locked.acknowledged_by_id
    alert.acknowledged_at = locked.acknowledged_at
    return alert
