"""What a patient's phone sends when a session is finished (shared by the probe and locust)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any


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
                {
                    "exercise": item["exercise"],
                    "sets": item["sets"],
                    "reps": item["reps"],
                    "hold_seconds": item["hold_seconds"],
                    "duration_seconds": item["duration_seconds"],
                    "pain_during": min(10, pain + random.choice((-1, 0, 1))),
                    "effort": random.randint(3, 7),
                }
                for item in person["items"]
            ],
        },
    }
