"""Reading a patient's referrals: which one still stands, and which red-flag questions an
evaluation left unanswered. The changes (recording, clearing) are in care.actions.evaluations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backrehab.care.models import Evaluation, ReferralClearance
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import RedFlags
from backrehab.clinical.red_flags import STOPS_PROGRAM

STOPPING_URGENCIES = sorted(u.value for u in STOPS_PROGRAM)


def stops_program(referral: Mapping[str, Any] | None) -> bool:
    return bool(referral) and str(referral.get("urgency")) in STOPPING_URGENCIES  # type: ignore[union-attr]


def latest_stopping_referral(patient: Patient) -> Evaluation | None:
    """The newest evaluation whose referral stopped the program, cleared or not."""
    return (
        Evaluation.objects.filter(patient=patient, referral__urgency__in=STOPPING_URGENCIES)
        .select_related("clearance")
        .order_by("-taken_at", "-pk")
        .first()
    )


def standing_referral(patient: Patient) -> Evaluation | None:
    """The referral that still stops a new program: the newest stopping referral, unless a
    clinician has cleared it. Clearing the newest one covers the ones before it (the clinician
    cleared the patient as they are now)."""
    latest = latest_stopping_referral(patient)
    if latest is None:
        return None
    try:
        latest.clearance  # noqa: B018 - the reverse one-to-one raises when there is none
    except ReferralClearance.DoesNotExist:
        return latest
    return None


def latest_clearance(patient: Patient) -> ReferralClearance | None:
    return (
        ReferralClearance.objects.filter(patient=patient)
        .select_related("evaluation")
        .order_by("-cleared_at", "-pk")
        .first()
    )


def unanswered_red_flags(answers: Mapping[str, Any]) -> list[str]:
    """The red-flag questions with no answer in these raw answers (before defaults fill them in).

    A program is built only when every red-flag screen was answered in this evaluation: an answer
    left out must not silently count as "no".
    """
    given = answers.get("red_flags")
    given = given if isinstance(given, Mapping) else {}
    return [name for name in RedFlags.model_fields if name not in given]
