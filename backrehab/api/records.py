"""Stored rows -> the API's response shapes (dicts the schemas in schemas.py validate).

Programs and logs hold JSON documents written by the engine or edited by a clinician; reading
them with defaults keeps one odd old document from breaking a whole list.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from backrehab.care.models import Alert, Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.scoring import interpret_change


def person(user: AbstractBaseUser | None) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def patient_summary(patient: Patient) -> dict[str, Any]:
    """Needs `user` and `clinician__user` selected, and the `risk_group` and `last_session`
    annotations of endpoints.patients.annotated()."""
    return {
        "id": patient.pk,
        "name": person(patient.user),
        "username": patient.user.get_username(),
        "clinician": person(patient.clinician.user) if patient.clinician else None,
        "risk_group": getattr(patient, "risk_group", None) or None,
        "last_session": getattr(patient, "last_session", None),
    }


def evaluation(row: Evaluation, program_id: int | None) -> dict[str, Any]:
    referral = row.referral if isinstance(row.referral, dict) else None
    return {
        "id": row.pk,
        "kind": row.kind,
        "taken_at": row.taken_at,
        "scores": _dict(row.scores),
        "referral": (
            {"urgency": str(referral.get("urgency", "")), "reasons": _list(referral.get("reasons"))}
            if referral
            else None
        ),
        "program_id": program_id,
    }


# The measure each score is judged by, and where its number sits in the stored scores.
_MEASURES = (
    ("nprs", ("nprs", "now")),
    ("odi", ("odi", "percent")),
    ("rmdq", ("rmdq", "score")),
    ("psfs", ("psfs", "mean")),
)


def _number(scores: dict[str, Any], path: tuple[str, str]) -> float | None:
    value = _dict(scores.get(path[0])).get(path[1])
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def changes(baseline: dict[str, Any], scores: dict[str, Any]) -> list[dict[str, Any]]:
    """Each score against the first evaluation's, judged by the minimal important change."""
    found = []
    for measure, path in _MEASURES:
        before, after = _number(baseline, path), _number(scores, path)
        if before is None or after is None:
            continue
        change = interpret_change(measure, Decimal(str(before)), Decimal(str(after)))
        found.append(
            {
                "measure": measure,
                "baseline": before,
                "value": after,
                "verdict": change.verdict.value,
                "reason": change.reason,
            }
        )
    return found


def program(row: Program) -> dict[str, Any]:
    plan = _dict(row.plan)
    return {
        "id": row.pk,
        "is_active": row.is_active,
        "created_at": row.created_at,
        "created_by": person(row.created_by),
        "evaluation_id": row.evaluation_id,
        "reason": row.reason,
        "sessions_per_week": plan.get("sessions_per_week"),
        "minutes": plan.get("minutes"),
        "items": _list(plan.get("items")),
        "excluded": _list(plan.get("excluded")),
        "education": _list(plan.get("education")),
        "changes": _list(row.changes),
        "overrides": _list(row.overrides),
    }


def session(row: SessionLog) -> dict[str, Any]:
    data = _dict(row.data)
    return {
        "id": row.pk,
        "client_id": row.client_id,
        "program_id": row.program_id,
        "performed_on": row.performed_on,
        "received_at": row.received_at,
        "pain_before": data.get("pain_before", 0),
        "pain_after": data.get("pain_after"),
        "next_morning_pain": data.get("next_morning_pain"),
        "new_red_flags": _list(data.get("new_red_flags")),
        "note": data.get("note") or "",
        "exercises": _list(data.get("exercises")),
        "skipped": _list(data.get("skipped")),
    }


def alert(row: Alert) -> dict[str, Any]:
    """Needs `patient__user` and `acknowledged_by` selected."""
    return {
        "id": row.pk,
        "patient_id": row.patient_id,
        "patient_name": person(row.patient.user),
        "kind": row.kind,
        "raised_at": row.raised_at,
        "detail": row.detail,
        "message": row.message or {},
        "acknowledged_at": row.acknowledged_at,
        "acknowledged_by": person(row.acknowledged_by),
    }
