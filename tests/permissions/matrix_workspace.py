"""The clinician workspace: staff of the patient's clinic get in; patients are refused; another
clinic's staff find nothing (404) behind a patient's or an alert's id."""

from __future__ import annotations

from typing import Any

from tests.permissions.matrix import (
    FORBIDDEN,
    OK,
    PATIENTS_REFUSED,
    REDIRECT,
    Entry,
    home_staff,
    roles,
    staff_page,
    subject_kwargs,
)
from tests.personas import World


def _prescription(world: World) -> dict[str, str]:
    items = world.program.plan["items"]
    data = {
        "start": "current",
        "sessions_per_week": str(world.program.plan["sessions_per_week"]),
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "action": "save",
        "reason": "Matrix check",
    }
    for n, item in enumerate(items):
        for key in ("exercise", "sets", "reps", "hold_seconds", "duration_seconds"):
            value = item.get(key)
            data[f"items-{n}-{key}"] = "" if value is None else str(value)
        if item.get("per_side"):
            data[f"items-{n}-per_side"] = "on"
    return data


def template_kwargs(world: World) -> dict[str, Any]:
    return {"template_id": world.template.pk}


def _template_items(world: World) -> dict[str, str]:
    items = world.template.items
    data = {
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "action": "save",
        "description": "Matrix check",
    }
    for n, item in enumerate(items):
        for key in ("exercise", "sets", "reps", "hold_seconds", "duration_seconds"):
            value = item.get(key)
            data[f"items-{n}-{key}"] = "" if value is None else str(value)
        if item.get("per_side"):
            data[f"items-{n}-per_side"] = "on"
    return data


ENTRIES = [
    staff_page("dashboard"),
    staff_page("dashboard", query="scope=clinic&alerts=on&sort=-risk"),
    staff_page("open-alerts"),
    staff_page("open-alerts", query="scope=clinic&page=2"),
    staff_page("program-templates"),
    home_staff(
        "prescribe",
        kwargs=subject_kwargs,
        query="pick-q=bridge&pick-category=strength&pick-position=supine&pick-bias=neutral",
        note="the picker's search: the other clinic's staff find no patient behind the id",
    ),
    Entry(
        "template-from-program",
        roles(REDIRECT, **PATIENTS_REFUSED),
        method="post",
        data=lambda world: {"patient": str(world.subject.pk), "name": "From the matrix"},
        mutates=True,
        note="another clinic's staff: the patient is not among theirs, so nothing is made "
        "(a message, back to their templates page)",
    ),
    home_staff("template-edit", kwargs=template_kwargs),
    home_staff(
        "template-edit",
        staff=REDIRECT,
        kwargs=template_kwargs,
        method="post",
        data=_template_items,
        mutates=True,
        note="saved: back to the templates page",
    ),
    home_staff(
        "template-rename",
        staff=REDIRECT,
        kwargs=template_kwargs,
        method="post",
        data=lambda world: {f"t{world.template.pk}-name": "Renamed"},
        mutates=True,
    ),
    home_staff(
        "template-delete",
        staff=REDIRECT,
        kwargs=template_kwargs,
        method="post",
        mutates=True,
    ),
    home_staff("patient-record", kwargs=subject_kwargs),
    home_staff("prescribe", kwargs=subject_kwargs),
    home_staff("prescribe", kwargs=subject_kwargs, query="start=engine"),
    home_staff(
        "prescribe",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=_prescription,
        mutates=True,
        note="saving a new program version sends staff back to the record",
    ),
    home_staff(
        "patient-note-add",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"text": "Checked in by phone."},
        mutates=True,
    ),
    home_staff(
        "referral-clear",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"reason": "Seen by the GP: no concern."},
        mutates=True,
        note="staff go back to the record, cleared or told why not",
    ),
    home_staff(
        "alert-acknowledge",
        staff=REDIRECT,
        kwargs=lambda world: {"alert_id": world.alert.pk},
        method="post",
        mutates=True,
        note="another clinic's alert id answers 404, like one that does not exist",
    ),
    home_staff("proposal", kwargs=subject_kwargs),
    home_staff(
        "proposal-approve",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        mutates=True,
        note="back to the record (no change is waiting in the matrix world)",
    ),
    home_staff(
        "proposal-reject",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"note": "Matrix check"},
        mutates=True,
    ),
    home_staff(
        "reassessment-schedule",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"every_days": "21"},
        mutates=True,
    ),
    home_staff(
        "session-days-set",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"weekdays": [str(d) for d in range(world.program.sessions_per_week)]},
        mutates=True,
    ),
    home_staff("evaluation-latest", kwargs=subject_kwargs),
    home_staff(
        "evaluation",
        kwargs=lambda world: {
            "patient_id": world.subject.pk,
            "evaluation_id": world.subject.evaluations.first().pk,
        },
    ),
    home_staff(
        "evaluation-finding",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"flexion": "no-effect", "extension": "centralises"},
        mutates=True,
        note="staff go on to the proposal the finding makes, or back to the evaluation",
    ),
    staff_page("monitoring-report"),
    staff_page("monitoring-report", query="month=2026-11&scope=mine&format=csv"),
    home_staff(
        "time-start",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        mutates=True,
        note="back to the record's clinician-time section",
    ),
    home_staff(
        "time-stop",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"note": "Reviewed the week's sessions."},
        mutates=True,
        note="no timer runs in the matrix world: back to the record with a message",
    ),
    home_staff(
        "time-add",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"day": "2026-11-20", "minutes": "12", "note": "Phone call."},
        mutates=True,
    ),
    Entry(
        "clinic-settings",
        roles(FORBIDDEN, anonymous=REDIRECT, clinic_admin=OK, other_admin=OK),
        note="clinic admins only; each sees their own clinic's settings",
    ),
    Entry(
        "clinic-settings",
        roles(FORBIDDEN, anonymous=REDIRECT, clinic_admin=REDIRECT, other_admin=REDIRECT),
        method="post",
        data=lambda world: {"name": "Renamed clinic", "auto_apply_reassessment": "on"},
        mutates=True,
    ),
]
