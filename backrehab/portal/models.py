"""What the patient app keeps beyond the care records: invitations and unfinished evaluations."""

from __future__ import annotations

import datetime as dt
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from backrehab.clinic.models import Clinic, Patient, StaffMember

INVITE_DAYS = 30


def _token() -> str:
    return secrets.token_urlsafe(24)


class Invite(models.Model):
    """A clinician's invitation: whoever opens the link can create one patient account."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invites")
    created_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL)
    token = models.CharField(max_length=64, unique=True, default=_token)
    name = models.CharField(max_length=120, blank=True, help_text="the patient's name, if known")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True, default="")
    # The language the invitation e-mail is written in, and the patient's language until they
    # choose one ("" = the site's default).
    language = models.CharField(max_length=8, blank=True, default="")
    # Who the patient will be seen by (the inviting clinician unless another was chosen).
    clinician = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_by = models.OneToOneField(
        Patient, null=True, blank=True, on_delete=models.SET_NULL, related_name="invite"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Last e-mailed (made or re-sent); None if the link was never e-mailed.
    sent_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Invite to {self.clinic} ({self.name or self.email or self.token[:6]})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.expires_at is None:
            self.expires_at = self.created_at + timedelta(days=INVITE_DAYS)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and timezone.now() < self.expires_at
        )

    @property
    def status(self) -> str:
        """ "used", "withdrawn", "expired" or "open"."""
        if self.accepted_at is not None:
            return "used"
        if self.withdrawn_at is not None:
            return "withdrawn"
        return "open" if timezone.now() < self.expires_at else "expired"

    @property
    def assigned_clinician(self) -> StaffMember | None:
        """Who the patient joins: the chosen clinician, else the one who invited them."""
        return self.clinician or self.created_by


class IntakeDraft(models.Model):
    """Answers given so far in the multi-step evaluation, so the patient can stop and resume."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intake_draft"
    )
    answers = models.JSONField(default=dict)
    step = models.CharField(max_length=40, default="")
    kind = models.CharField(max_length=14, default="intake")
    # The red-flag screens answered in this evaluation (their slugs). Finishing needs every one:
    # a screen never shown must not count as "no" to its questions.
    screens_answered = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Unfinished evaluation of {self.user}"


REMINDER_STEP_MINUTES = 15


class CalendarFeed(models.Model):
    """A secret address for the patient's session calendar, so calendar apps can subscribe."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="calendar")
    token = models.CharField(max_length=64, unique=True, default=_token)
    reminders_by_email = models.BooleanField(default=False)
    # When reminders come and calendar events start on session days (clinic time), in steps of
    # REMINDER_STEP_MINUTES.
    reminder_time = models.TimeField(default=dt.time(9, 0))
    # The clinic-time date of the last e-mail reminder, so an hourly job never sends two a day.
    last_reminder_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar of {self.patient}"
