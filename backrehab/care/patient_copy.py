"""The parts of the patient's own data download (/my/data/) that issue 11's re-assessment adds:
the larger program changes proposed to their clinician, how often a re-assessment is offered,
and the weekdays their sessions fall on.

`clinic.rights.patient_data` gathers the rest; the download adds these under their own keys.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User

from backrehab.care.models import ProgramProposal, ReassessmentSchedule, SessionDays
from backrehab.clinic.models import Patient


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _name(user: AbstractBaseUser | None) -> str | None:
    if user is None:
        return None
    assert isinstance(user, User)
    return user.get_full_name() or user.get_username()


def proposals(patient: Patient) -> list[dict[str, Any]]:
    """Every proposed change, oldest first: what it would make the program, why, and what the
    clinician decided (waiting, approved, rejected or replaced by a later re-assessment)."""
    rows = (
        ProgramProposal.objects.filter(patient=patient)
        .select_related("decided_by")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": proposal.pk,
            "created_at": _when(proposal.created_at),
            "from_evaluation": proposal.evaluation_id,
            "program_in_force_then": proposal.program_id,
            "status": proposal.status,
            "plan": proposal.plan,
            "changes": proposal.changes,
            "decided_by": _name(proposal.decided_by),
            "decided_at": _when(proposal.decided_at),
            "decision_note": proposal.decision_note,
            "became_program": proposal.result_id,
        }
        for proposal in rows
    ]


def reassessment_schedule(patient: Patient) -> dict[str, Any] | None:
    """The re-assessment interval the clinician set (None: the default applies)."""
    schedule = ReassessmentSchedule.objects.filter(patient=patient).select_related("set_by").first()
    if schedule is None:
        return None
    return {
        "every_days": schedule.every_days,
        "set_by": _name(schedule.set_by),
        "set_at": _when(schedule.set_at),
    }


def session_days(patient: Patient) -> dict[str, Any] | None:
    """The weekdays chosen for the sessions (Monday = 0; None: never chosen)."""
    chosen = SessionDays.objects.filter(patient=patient).select_related("set_by").first()
    if chosen is None:
        return None
    return {
        "weekdays": chosen.weekdays,
        "set_by": _name(chosen.set_by),
        "set_at": _when(chosen.set_at),
    }
