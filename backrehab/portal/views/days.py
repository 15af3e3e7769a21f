"""The patient's own session days and the time of day they are reminded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backrehab.care.errors import CareInputInvalid
from backrehab.care.schedules import days_in_force
from backrehab.portal import reminders as service
from backrehab.portal.access import patient_required
from backrehab.portal.actions import do_choose_session_days
from backrehab.portal.services import active_program
from backrehab.portal.views.calendar import reminder_time_field


class SessionDaysForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        choices=[(d, WEEKDAYS[d]) for d in range(7)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Which days?"),
        error_messages={"required": gettext_lazy("Choose the days you want to exercise on.")},
    )
    reminder_time = reminder_time_field(gettext_lazy("What time of day suits you?"))

    def __init__(self, *args: Any, per_week: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.per_week = per_week

    def clean_weekdays(self) -> list[int]:
        days: list[int] = sorted(set(self.cleaned_data.get("weekdays") or []))
        if len(days) != self.per_week:
            raise forms.ValidationError(
                ngettext(
                    "Your program has %(n)s session a week: choose %(n)s day (you chose "
                    "%(chosen)s).",
                    "Your program has %(n)s sessions a week: choose %(n)s days (you chose "
                    "%(chosen)s).",
                    self.per_week,
                )
                % {"n": self.per_week, "chosen": len(days)}
            )
        return days


@login_required
@patient_required
def session_days(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    program = active_program(patient)
    if program is None or program.sessions_per_week < 1:
        return render(request, "portal/days.html", {"program": None}, status=200)
    per_week = program.sessions_per_week
    days = days_in_force(patient, per_week)
    feed = service.feed_for(patient)
    if request.method == "POST":
        form = SessionDaysForm(request.POST, per_week=per_week)
        if form.is_valid():
            try:
                do_choose_session_days(
                    patient,
                    form.cleaned_data["weekdays"],
                    form.cleaned_data["reminder_time"],
                    request=request,
                )
            except CareInputInvalid:
                # The program changed while the page was open: show the new number of days.
                messages.error(request, _("Your program has just changed. Please choose again."))
                return redirect("session-days")
            messages.success(request, _("Your exercise days are saved."))
            return redirect("today")
    else:
        form = SessionDaysForm(
            initial={
                "weekdays": list(days.in_force),
                "reminder_time": f"{feed.reminder_time:%H:%M}",
            },
            per_week=per_week,
        )
    return render(
        request,
        "portal/days.html",
        {"program": program, "form": form, "days": days, "per_week": per_week},
        status=400 if form.is_bound else 200,
    )
