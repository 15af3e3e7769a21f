"""Clinics and the people in them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Clinic(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    self_signup = models.BooleanField(
        default=False, help_text="patients may sign up without an invitation (self-guided mode)"
    )
    auto_apply_reassessment = models.BooleanField(
        default=False,
        help_text="apply a re-assessment's larger program changes without waiting for a "
        "clinician's approval",
    )

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    ADMIN = "admin", "Clinic admin"


class StaffMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.CLINICIAN)
    # The language e-mails to this staff member go out in: the one they last signed in with
    # ("" = the site's default, until their first sign-in).
    language = models.CharField(max_length=8, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.clinic})"


class Patient(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="patients")
    clinician = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="caseload"
    )
    joined_on = models.DateField()
    # The language e-mails and reminders go out in ("" = the site's default).
    language = models.CharField(max_length=8, blank=True, default="")
    # What the dashboard sorts a whole clinic by, kept by backrehab.care.activity (when a
    # session is logged, and daily): the day of the last session, and on how many days of the
    # 14 ending on `activity_counted_on` the patient logged one. A count made on an earlier day
    # is not used (its window has moved).
    last_session_on = models.DateField(null=True, blank=True, editable=False)
    recent_session_days = models.PositiveSmallIntegerField(default=0, editable=False)
    activity_counted_on = models.DateField(null=True, blank=True, editable=False)
    # What the dashboard sorts and filters a whole clinic by, kept by
    # backrehab.care.listing from the account, evaluations, alerts, messages and programs.
    sort_name = models.CharField(max_length=320, blank=True, default="", editable=False)
    clinician_sort_name = models.CharField(max_length=320, blank=True, default="", editable=False)
    risk_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    open_alert_count = models.PositiveIntegerField(default=0, editable=False)
    unread_by_team = models.PositiveIntegerField(default=0, editable=False)
    sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            # A page of a whole clinic, or of one clinician's caseload, in name order.
            models.Index(fields=["clinic", "sort_name", "id"], name="patient_clinic_by_name"),
            models.Index(fields=["clinician", "sort_name", "id"], name="patient_caseload_by_name"),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The kept columns are written only by their UPDATEs (backrehab.care.activity,
        # backrehab.care.listing): saving a patient loaded before one of them ran must not
        # write its stale copy back over them.
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in KEPT_COLUMNS
            ]
        super().save(*args, **kwargs)


KEPT_COLUMNS = frozenset(
    {
        "last_session_on",
        "recent_session_days",
        "activity_counted_on",
        "sort_name",
        "clinician_sort_name",
        "risk_rank",
        "open_alert_count",
        "unread_by_team",
        "sessions_per_week",
    }
)
