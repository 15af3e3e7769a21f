"""The patient's unread-message count for the navigation, asked only when a page shows it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from backrehab.clinic.access import own_patient
from backrehab.messaging.models import Side
from backrehab.messaging.queries import unread_count


class _Unread:
    """Counts once, on first use in the template (pages that do not show it ask nothing)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            patient = own_patient(self.request.user)
            self.value = unread_count(patient, Side.PATIENT) if patient is not None else 0
        return self.value


def unread_messages(request: HttpRequest) -> dict[str, Any]:
    return {"unread_messages": _Unread(request)}
