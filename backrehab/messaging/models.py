"""The message thread between each patient and their care team, and the clinic's quick replies.

A patient has one thread: every message is the patient's or the care team's (any clinician or
admin of the clinic answers for the team). Each message notes when the other side read it, so
both sides see read receipts and unread counts. Messages are part of the patient's record: they
go into the patient's data download and are deleted with the patient.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from backrehab.clinic.models import Clinic, Patient

BODY_MAX = 2000
TITLE_MAX = 80


class Side(models.TextChoices):
    PATIENT = "patient", "Patient"
    TEAM = "team", "Care team"


class Message(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept when the author's account goes: who wrote it, as the thread shows it.
    author_role = models.CharField(max_length=8, choices=Side.choices)
    author_name = models.CharField(max_length=150, blank=True)
    body = models.TextField(max_length=BODY_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    read_by_patient_at = models.DateTimeField(null=True, blank=True)
    read_by_team_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["patient", "created_at"]),
            # The unread counts: the other side's messages not yet read.
            models.Index(fields=["patient", "author_role", "read_by_team_at"]),
            models.Index(fields=["patient", "author_role", "read_by_patient_at"]),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} in the thread of patient {self.patient_id}"

    @property
    def read_by_recipient_at(self) -> dt.datetime | None:
        """When the other side read it (the patient's message: the team; and the reverse)."""
        if self.author_role == Side.PATIENT:
            return self.read_by_team_at
        return self.read_by_patient_at


class QuickReply(models.Model):
    """A reply the clinic's staff use often, inserted into a message and edited before sending."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="quick_replies")
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class PushSubscription(models.Model):
    """One phone (or browser) of a patient that receives Web Push notifications.

    The endpoint is the push service's address for this browser, a secret of sorts: whoever has
    it (with the keys) can send to the phone, so it never leaves the server (not in the data
    download, not in pages). A push service answering 404 or 410 means the browser dropped it;
    the row is deleted then, and when the patient switches notifications off or signs out.
    """

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.CharField(max_length=2000, unique=True)
    # The browser's public key (P-256, uncompressed, base64url) and auth secret (16 bytes).
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=30)
    device = models.CharField(max_length=80, blank=True, help_text='e.g. "Chrome · Android"')
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Push subscription {self.pk} of patient {self.patient_id}"
