"""Alerts for the clinician: raised by events in a patient's care, cleared by acknowledging."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from backrehab.care.models import Alert


def acknowledge(alert: Alert, by: AbstractBaseUser) -> Alert:
    """Record who acknowledged the alert and when; acknowledging twice keeps the first."""
    if alert.acknowledged_at is None:
        alert.acknowledged_by = by  # type: ignore[assignment]
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    return alert
