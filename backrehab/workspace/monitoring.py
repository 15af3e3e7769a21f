"""Clinician time on the record (a timer and manual entries) and the clinic's monthly
remote-monitoring report, as a page and a CSV file."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from backrehab.audit.log import Action, record
from backrehab.care.actions.time import MOST_MINUTES, do_add_time, do_start_timer, do_stop_timer
from backrehab.care.errors import CareInputInvalid
from backrehab.clinic.access import patient_or_404, staff_member, staff_required
from backrehab.workspace.monitoring_report import (
    DATA_DAYS_THRESHOLD,
    MINUTES_THRESHOLD,
    Month,
    as_csv,
    month_rows,
)


class TimeForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=gettext_lazy("Minutes"), min_value=1, max_value=MOST_MINUTES)
    note = forms.CharField(
        label=gettext_lazy("What the time was spent on"), max_length=500, strip=True
    )

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The day cannot be in the future."))
        return day


def _time_section(patient_id: int) -> HttpResponse:
    return redirect(reverse("patient-record", kwargs={"patient_id": patient_id}) + "#time")


@require_POST
@staff_required
def start_timer(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    do_start_timer(patient, by=request.user, request=request)  # type: ignore[arg-type]
    messages.info(request, _("Timer started. Stop it when you have finished, with a note."))
    return _time_section(patient.pk)


@require_POST
@staff_required
def stop_timer(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    try:
        entry = do_stop_timer(
            patient,
            by=request.user,  # type: ignore[arg-type]
            note=request.POST.get("note", "")[:500],
            request=request,
        )
    except CareInputInvalid as exc:
        if any(p.startswith("note:") for p in exc.problems):
            messages.error(request, _("Say what the time was spent on, then stop the timer."))
        else:
            messages.error(request, _("No timer is running for this patient."))
        return _time_section(patient.pk)
    messages.success(request, _("%(minutes)s minutes recorded.") % {"minutes": entry.minutes})
    return _time_section(patient.pk)


@require_POST
@staff_required
def add_time(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    form = TimeForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return _time_section(patient.pk)
    do_add_time(
        patient,
        by=request.user,  # type: ignore[arg-type]
        day=form.cleaned_data["day"],
        minutes=form.cleaned_data["minutes"],
        note=form.cleaned_data["note"],
        request=request,
    )
    messages.success(
        request, _("%(minutes)s minutes recorded.") % {"minutes": form.cleaned_data["minutes"]}
    )
    return _time_section(patient.pk)


@staff_required
@require_safe
def monitoring_report(request: HttpRequest) -> HttpResponse:
    staff = staff_member(request.user)
    assert staff is not None  # staff_required
    today = timezone.localdate()
    month = Month.parse(request.GET.get("month", ""), today)
    mine = request.GET.get("scope") == "mine"
    rows = month_rows(staff, month, today, mine=mine)
    if request.GET.get("format") == "csv":
        record(
            request,
            Action.EXPORTED,
            f"remote monitoring report {month.key} (CSV)",
            clinic=staff.clinic,
        )
        response = HttpResponse(as_csv(rows, month), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="backrehab-monitoring-{month.key}.csv"'
        )
        response["Cache-Control"] = "no-store"
        return response
    record(request, Action.VIEWED, f"remote monitoring report {month.key}", clinic=staff.clinic)
    return render(
        request,
        "workspace/monitoring.html",
        {
            "month": month,
            "rows": rows,
            "mine": mine,
            "previous": month.previous(),
            "next": month.next() if month.next().first <= today else None,
            "data_days": DATA_DAYS_THRESHOLD,
            "minutes_needed": MINUTES_THRESHOLD,
            "enough_data": sum(r.enough_data for r in rows),
            "enough_time": sum(r.enough_time for r in rows),
        },
    )
