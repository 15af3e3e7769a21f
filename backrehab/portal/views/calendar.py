"""Reminders: the calendar feed to subscribe to, notifications on the phone, and the e-mail
reminder switch."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django_stubs_ext import StrOrPromise

from backrehab.library.localization import current_language
from backrehab.messaging import push
from backrehab.messaging.models import PushSubscription
from backrehab.portal import reminders as service
from backrehab.portal.access import patient_required
from backrehab.portal.actions import do_renew_calendar_address, do_save_reminder_settings
from backrehab.portal.models import REMINDER_STEP_MINUTES, CalendarFeed

log = logging.getLogger(__name__)

# The times a patient can choose: 05:00 to 22:45 in steps of REMINDER_STEP_MINUTES.
TIMES = [
    (f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}")
    for h in range(5, 23)
    for m in range(0, 60, REMINDER_STEP_MINUTES)
]


def reminder_time_field(label: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=TIMES,
        coerce=dt.time.fromisoformat,
        label=label,
        initial="09:00",
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choose a time from the list, between 05:00 and 22:45 (every quarter hour)."
            )
        },
    )


class ReminderForm(forms.Form):
    email = forms.EmailField(
        required=False,
        max_length=254,
        label=gettext_lazy("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": gettext_lazy(
                "This does not look like an e-mail address. Please check it, for example "
                "name@example.org."
            )
        },
    )
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, required=False, label=gettext_lazy("Language of the e-mails")
    )
    reminders_by_email = forms.BooleanField(
        required=False, label=gettext_lazy("E-mail me on session days")
    )
    reminder_time = reminder_time_field(gettext_lazy("At what time?"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reminders_by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", _("Please enter your e-mail address, so we can send the reminders.")
            )
        return data


@login_required
@patient_required
def reminders(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    feed = service.feed_for(patient)
    if request.method == "POST":
        if request.POST.get("action") == "renew":
            do_renew_calendar_address(patient, request=request)
            messages.success(
                request, _("Your calendar has a new address. Subscribe again with it.")
            )
            return redirect("reminders")
        form = ReminderForm(request.POST)
        if form.is_valid():
            do_save_reminder_settings(
                patient,
                by_email=form.cleaned_data["reminders_by_email"],
                at=form.cleaned_data["reminder_time"],
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"] or None,
                request=request,
            )
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("reminders")
    else:
        form = ReminderForm(
            initial={
                "email": patient.user.email,
                # Not chosen yet: the language the patient is reading this page in, so a
                # patient who switched the site to Spanish gets Spanish e-mails once saved.
                "language": patient.language or current_language(),
                "reminders_by_email": feed.reminders_by_email,
                "reminder_time": f"{feed.reminder_time:%H:%M}",
            }
        )
    https_url = request.build_absolute_uri(reverse("calendar-feed", args=[feed.token]))
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    upcoming = service.session_events(patient, timezone.localdate(), weeks=1)
    try:
        push_key = push.public_key()
    except Exception:
        # Without the server's key no phone can subscribe: the page goes on without the switch.
        log.exception("no VAPID key: notifications on the phone are not offered")
        push_key = ""
    return render(
        request,
        "portal/reminders.html",
        {
            "form": form,
            "feed": feed,
            "https_url": https_url,
            "webcal_url": webcal_url,
            "has_email": bool(patient.user.email),
            "upcoming": upcoming,
            "push_key": push_key,
            "devices": PushSubscription.objects.filter(patient=patient),
        },
    )


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar itself. No login: calendar apps cannot sign in, so the token is the key."""
    found = get_object_or_404(CalendarFeed.objects.select_related("patient"), token=token)
    body = service.calendar_ics(
        found, timezone.localdate(), session_url=request.build_absolute_uri(reverse("today"))
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="back-exercises.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
