"""What a patient's phone sends when a session is finished (shared by the probe and locust)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from backrehab.clinical.progression import done_as_prescribed

# Endpoint name -> how locust labels it (ids folded so each endpoint is one row).
LABELS = {
    "health": "/healthz",
    "dashboard": "/clinic/",
    "dashboard_clinic": "/clinic/?scope=clinic&sort=adherence",
    "dashboard_variants": "/clinic/?[every other sort and filter]",
    "patient_record": "/clinic/patients/[id]/",
    "session_log": "POST /my/session/log",
    "api_patients": "/api/v1/patients",
    "api_exercises": "/api/v1/exercises",
    "api_alerts": "/api/v1/alerts",
    "api_sessions": "/api/v1/patients/[id]/sessions",
}

# Every other way a clinician may ask for the dashboard (issue 12: each within 10x the trivial
# view): the whole clinic by each column both ways, the filters, a later page, and the own
# caseload by the costly columns. One is picked at random per request, reported as one row.
DASHBOARD_VARIANTS = [
    *(
        f"/clinic/?scope=clinic&sort={order}{key}"
        for key in ("name", "risk", "last_session", "adherence", "clinician", "alerts", "messages")
        for order in ("", "-")
        if (order, key) != ("", "adherence")  # the dashboard_clinic endpoint
    ),
    "/clinic/?scope=clinic&risk=high",
    "/clinic/?scope=clinic&risk=none&sort=-adherence",
    "/clinic/?scope=clinic&alerts=on&sort=-alerts",
    "/clinic/?scope=clinic&q=garcia&sort=last_session",
    "/clinic/?scope=clinic&sort=adherence&page=40",
    "/clinic/?sort=-adherence",
    "/clinic/?sort=risk",
]


def session_body(person: dict[str, Any]) -> dict[str, Any]:
    """A finished session of the person's program, with a new client id (so a new row)."""
    pain = random.randint(1, 6)
    return {
        "client_id": str(uuid.uuid4()),
        "program": person["program"],
        "session": {
            "date": dt.date.today().isoformat(),
            "pain_before": pain,
            "pain_after": max(0, pain - 1),
            "exercises": [
                done_as_prescribed(
                    item,
                    pain_during=min(10, pain + random.choice((-1, 0, 1))),
                    effort=random.randint(3, 7),
                )
                for item in person["items"]
            ],
        },
    }
