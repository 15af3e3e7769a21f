"""Who may use the patient pages: signed-in people with a patient record."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from backrehab.clinic.access import staff_member

View = Callable[..., HttpResponse]


def patient_required(view: View) -> View:
    """Staff without a patient record go to their own pages instead of an error."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not hasattr(request.user, "patient"):
            if staff_member(request.user) is not None:
                return redirect("dashboard")
            return redirect("admin:index" if request.user.is_staff else "home")
        return view(request, *args, **kwargs)

    return wrapper
