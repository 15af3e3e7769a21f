"""Clinics and the people in them."""

from __future__ import annotations

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

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
