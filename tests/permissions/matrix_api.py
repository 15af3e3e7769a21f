"""The JSON API under /api/v1/, called with each role's bearer key (anonymous sends none).

Same rules as the pages: no key answers 401; another clinic's patient, alert or record answers
404 exactly like one that does not exist; a patient reaches only their own record; alerts are
for clinic staff (403 for patients); only the patient records their own sessions.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from backrehab.clinical.progression import done_as_prescribed
from tests.permissions.matrix import (
    CREATED,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    UNAUTHORIZED,
    Entry,
    roles,
    subject_kwargs,
)
from tests.personas import DEMO, World


def api(url_name: str, expect: dict[str, int], **kwargs: Any) -> Entry:
    return Entry(f"api:{url_name}", expect, auth="token", **kwargs)


def subject_only(**allowed: int) -> dict[str, int]:
    """Subject's own record: the subject and their clinic's staff get in; others see 404."""
    return roles(
        NOT_FOUND,
        anonymous=UNAUTHORIZED,
        **{"patient": OK, "clinician": OK, "clinic_admin": OK, **allowed},
    )


def intake(world: World) -> dict[str, Any]:
    return dict(json.loads((DEMO / "alex.json").read_text()))


def session(world: World) -> dict[str, Any]:
    item = world.program.plan["items"][0]
    return {
        "client_id": str(uuid.uuid4()),
        "program": world.program.pk,
        "session": {
            "date": "2026-11-05",
            "pain_before": 2,
            "exercises": [done_as_prescribed(item, pain_during=2, effort=4)],
        },
    }


def alert_kwargs(world: World) -> dict[str, Any]:
    return {"alert_id": world.alert.pk}


def exercise_kwargs(world: World) -> dict[str, Any]:
    return {"exercise_id": world.program.plan["items"][0]["exercise"]}


ENTRIES = [
    Entry(
        "api:api-root",
        roles(NOT_FOUND),
        note="django-ninja's anchor for /api/v1/ itself: no content, 404 for everyone",
    ),
    Entry("api:openapi-json", roles(OK), note="the API's description is public"),
    Entry("api:openapi-view", roles(OK), note="interactive docs of the public description"),
    api("exercise-list", roles(OK), note="the library is public, like its pages"),
    api("exercise-detail", roles(OK), kwargs=exercise_kwargs),
    api("me", roles(OK, anonymous=UNAUTHORIZED)),
    api(
        "patient-list",
        roles(OK, anonymous=UNAUTHORIZED),
        note="everyone gets the patients they may see: their clinic's, or themself, or none",
    ),
    api("patient-detail", subject_only(), kwargs=subject_kwargs),
    api("patient-evaluations", subject_only(), kwargs=subject_kwargs),
    api(
        "patient-evaluations",
        subject_only(patient=CREATED, clinician=CREATED, clinic_admin=CREATED),
        kwargs=subject_kwargs,
        method="post",
        data=intake,
        json=True,
        mutates=True,
    ),
    api("patient-programs", subject_only(), kwargs=subject_kwargs),
    api("patient-scores", subject_only(), kwargs=subject_kwargs),
    api("patient-decisions", subject_only(), kwargs=subject_kwargs),
    api("patient-sessions", subject_only(), kwargs=subject_kwargs),
    api(
        "patient-sessions",
        subject_only(patient=CREATED, clinician=FORBIDDEN, clinic_admin=FORBIDDEN),
        kwargs=subject_kwargs,
        method="post",
        data=session,
        json=True,
        mutates=True,
        note="staff see the record but only the patient records their sessions",
    ),
    api(
        "alert-list",
        roles(OK, anonymous=UNAUTHORIZED, patient=FORBIDDEN, other_patient=FORBIDDEN),
        note="other clinics' staff get their own (empty) list",
    ),
    api(
        "alert-acknowledge",
        roles(
            NOT_FOUND,
            anonymous=UNAUTHORIZED,
            patient=FORBIDDEN,
            other_patient=FORBIDDEN,
            clinician=OK,
            clinic_admin=OK,
        ),
        kwargs=alert_kwargs,
        method="post",
        mutates=True,
    ),
]
