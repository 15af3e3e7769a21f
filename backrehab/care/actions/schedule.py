"""How often a patient is offered a re-assessment, as their clinician sets it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from backrehab.audit.log import Action, record
from backrehab.care.models import ReassessmentSchedule
from backrehab.clinic.models import Patient
from backrehab.clinical.monitoring import reassessment_interval


@transaction.atomic
def do_set_reassessment_schedule(
    patient: Patient,
    every_days: int,
    *,
    by: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> ReassessmentSchedule:
    """Offer a re-assessment every `every_days` days, kept within the clinical range (2-4
    weeks by default: clinical.monitoring)."""
    days = reassessment_interval(every_days)
    schedule, _created = ReassessmentSchedule.objects.update_or_create(  # type: ignore[misc]
        patient=patient,
        defaults={"every_days": days, "set_by": by, "set_at": timezone.now()},
    )
    record(request, Action.CHANGED, f"re-assessment every {days} days", patient, actor=by)
    return schedule
