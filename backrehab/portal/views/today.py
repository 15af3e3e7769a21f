"""The home screen: what to do today, the next session, and how it is going."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backrehab.care.actions.sessions import do_resume_after_break
from backrehab.care.models import SessionLog
from backrehab.portal import services
from backrehab.portal.access import patient_required


@login_required
@patient_required
def today(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    do_resume_after_break(patient, request=request)  # back after a break: start a rung lower
    summary = services.today_for(patient, timezone.localdate())
    return render(
        request,
        "portal/today.html",
        {"today": summary, "patient": patient, "pain_scale": range(11)},
    )


@login_required
@patient_required
@require_POST
def morning_check(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    log = get_object_or_404(SessionLog, pk=request.POST.get("session"), patient=patient)
    try:
        pain = int(request.POST.get("pain", ""))
        services.record_morning_check(patient, log, pain)
    except ValueError:
        messages.error(request, _("Choose how much pain you have this morning, from 0 to 10."))
    else:
        messages.success(request, _("Thank you. Your next session takes this into account."))
    return redirect("today")
