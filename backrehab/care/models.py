"""A patient's care as stored: evaluations, the programs built from them, and session logs.

The clinical content of each row is a validated document of the pure engine (Intake, Program,
SessionLog in backrehab.clinical); the columns beside it are what pages sort and filter on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backrehab.clinic.models import Patient


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        INTAKE = "intake", "First evaluation"
        REASSESSMENT = "reassessment", "Re-assessment"
        # The clinician corrected a finding after examining the patient (e.g. a tested
        # directional preference): the latest answers with that finding, re-run by the engine.
        EXAMINATION = "examination", "Examination finding"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.INTAKE)
    taken_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(help_text="the intake, as validated by backrehab.clinical.intake")
    scores = models.JSONField()
    referral = models.JSONField(null=True, blank=True)
    # Kept by the database from `scores`, so the dashboard filters and sorts a whole clinic by
    # risk group without reading every evaluation's JSON. "Scored": the engine scored it (the
    # latest scored evaluation is the one whose risk group the patient is in).
    scored = models.GeneratedField(
        expression=models.ExpressionWrapper(
            models.Q(scores__has_key="nprs"), output_field=models.BooleanField()
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    risk = models.GeneratedField(
        expression=KT("scores__startback__risk"),
        output_field=models.CharField(max_length=8, null=True),
        db_persist=True,
    )
    # high 3, medium 2, low 1, none 0: the dashboard's sort by risk.
    risk_rank = models.GeneratedField(
        expression=models.Case(
            models.When(scores__startback__risk="high", then=models.Value(3)),
            models.When(scores__startback__risk="medium", then=models.Value(2)),
            models.When(scores__startback__risk="low", then=models.Value(1)),
            default=models.Value(0),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-taken_at"]
        indexes = [
            # The latest scored evaluation of a patient and its risk group, from the index alone.
            models.Index(
                fields=["patient", "taken_at", "id", "risk", "risk_rank"],
                condition=models.Q(scored=True),
                name="evaluation_latest_risk",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.patient} on {self.taken_at:%Y-%m-%d}"


class Program(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="programs")
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.SET_NULL, related_name="programs"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    is_active = models.BooleanField(default=True)
    plan = models.JSONField(help_text="the program, as produced by the engine or edited after")
    reason = models.CharField(max_length=200, blank=True)
    # The progression decisions that turned the previous program into this one, shown to the
    # patient as "what changed and why".
    changes = models.JSONField(default=list, blank=True)
    # Safety warnings a clinician chose to override when prescribing, each with the reason given:
    # [{"exercise": id, "rule": id, "warning": text, "reason": text}].
    overrides = models.JSONField(default=list, blank=True)
    # Copied from the plan on save: the dashboard sorts 10,000 patients by adherence, and reading
    # this number out of every plan's JSON made that query six times slower.
    sessions_per_week = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # At most one program in force per patient.
            models.UniqueConstraint(
                fields=["patient"], condition=models.Q(is_active=True), name="one_active_program"
            )
        ]
        indexes = [
            # Sessions a week of the program in force, from the index alone (sort by adherence).
            models.Index(
                fields=["patient", "sessions_per_week"],
                condition=models.Q(is_active=True),
                name="active_program_per_week",
            )
        ]

    def __str__(self) -> str:
        return f"Program of {self.patient} from {self.created_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sessions_per_week = sessions_per_week_of(self.plan)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "plan" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sessions_per_week"}
        super().save(*args, **kwargs)


def sessions_per_week_of(plan: Any) -> int:
    """The plan's sessions a week (0 when the plan has none: a red flag stopped it)."""
    value = plan.get("sessions_per_week") if isinstance(plan, dict) else None
    return value if isinstance(value, int) and value > 0 else 0


class SessionLog(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="session_logs")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="session_logs")
    # Made by the device that recorded the session, so a log sent twice is stored once.
    client_id = models.UUIDField(unique=True)
    performed_on = models.DateField()
    received_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(help_text="the session, as validated by backrehab.clinical.progression")
    # Each correction the patient made afterwards: [{"at": ISO time, "by": user name,
    # "before": the data as it was}], oldest first, so nothing logged is ever lost.
    corrections = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-performed_on", "-received_at"]
        indexes = [models.Index(fields=["patient", "performed_on"])]

    def __str__(self) -> str:
        return f"Session of {self.patient} on {self.performed_on}"


class Alert(models.Model):
    """Something the clinician should look at; it stays on the dashboard until acknowledged."""

    class Kind(models.TextChoices):
        RED_FLAG = "red_flag", _("Red-flag answer")
        PERIPHERALISATION = "peripheralisation", _("Symptoms spreading down the leg")
        PAIN_RISING = "pain_rising", _("Pain up 2 or more points in a week")
        REGRESS = "regress", _("Exercise made easier (regress decision)")
        NO_SESSION = "no_session", _("No session for 7 days")
        MORNING_RISE = "morning_rise", _("Pain up 2 or more points the morning after")
        SKIPPED_PAINFUL = "skipped_painful", _("Exercise skipped as too painful again")
        NO_CHANGE = "no_change", _("No important change after 4 weeks of care")
        PROPOSAL = "proposal", _("Program change waiting for approval")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What raised it (e.g. the evaluation or log id, or the date for "no session"), so the same
    # event never raises two alerts.
    key = models.CharField(max_length=80)
    raised_at = models.DateTimeField(default=timezone.now)
    # The alert in English as raised (kept for the API and alerts from older versions) ...
    detail = models.TextField(blank=True)
    # ... and what it says as data, shown in the reader's language in clinician words:
    # {"id": a message of workspace.alert_text, "params": {...}} with exercise and rule ids.
    message = models.JSONField(default=dict, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="acknowledged_alerts",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "kind", "key"], name="one_alert_per_event")
        ]
        indexes = [
            models.Index(fields=["patient", "acknowledged_at"]),
            # The dashboard's newest open alerts of a whole clinic, read newest first.
            models.Index(
                models.F("raised_at").desc(),
                models.F("id").desc(),
                condition=models.Q(acknowledged_at__isnull=True),
                name="open_alerts_newest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} - {self.patient}"

    @property
    def kind_label(self) -> str:
        """What `get_kind_display` says, without rebuilding and hashing the translated choices
        on every call (a third of the time of drawing the dashboard's alert list)."""
        return str(ALERT_KIND_LABELS.get(self.kind, self.kind))


ALERT_KIND_LABELS = dict(Alert.Kind.choices)


class ProgramProposal(models.Model):
    """A larger change a re-assessment found (several exercises in or out, a new pathway or a
    referral), waiting for the clinician. The patient keeps the program in force until the
    clinician approves (or edits and approves) or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the clinician"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Replaced by a later re-assessment"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="proposals")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="proposals")
    # The program in force when the re-assessment was made: approving it replaces that version.
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="proposals")
    created_at = models.DateTimeField(default=timezone.now)
    # The adjusted program (engine Program JSON) and the changes found, each with its rule ids:
    # [{"exercise": id, "kind": "add"|"remove"|..., "major": bool, "reasons": [Reason...]}].
    plan = models.JSONField()
    changes = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    result = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_from"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One proposal waits at a time: a newer re-assessment supersedes the older one.
            models.UniqueConstraint(
                fields=["patient"],
                condition=models.Q(status="pending"),
                name="one_pending_proposal",
            )
        ]

    def __str__(self) -> str:
        return f"Proposed change for {self.patient} ({self.get_status_display()})"


class ReassessmentSchedule(models.Model):
    """How often this patient is offered a re-assessment, as the clinician set it (2-4 weeks;
    without a row the engine's default applies)."""

    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, related_name="reassessment_schedule"
    )
    every_days = models.PositiveSmallIntegerField(default=14)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Re-assessment of {self.patient} every {self.every_days} days"


class SessionDays(models.Model):
    """The weekdays a patient exercises on, as the patient (or their clinician) chose them.

    Without a row, or when the choice no longer matches the sessions prescribed a week, the
    schedule falls back as backrehab.clinical.schedule.fit_weekdays says.
    """

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="session_days")
    weekdays = models.JSONField(default=list, help_text="Monday = 0 ... Sunday = 6")
    # The days in force before the last change, which still count for the days before `set_at`
    # (adherence and sessions in a row do not turn a past rest day into a missed session).
    previous = models.JSONField(default=list, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Session days of {self.patient}"


class ClinicianNote(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return f"Note on {self.patient} ({self.written_at:%Y-%m-%d})"


class ProgramTemplate(models.Model):
    """A clinic's saved starting point for prescribing (e.g. "post-op week 6")."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.CASCADE, related_name="program_templates"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # Program items in the engine's shape (backrehab.clinical.program.ProgramItem).
    items = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="template_name_per_clinic")
        ]

    def __str__(self) -> str:
        return self.name


class ReferralClearance(models.Model):
    """A clinician's recorded decision that a referral which stopped the program has been dealt
    with (a doctor has seen the patient, or the clinician judged it safe), so a new evaluation
    may build a program again. Who, when and why stay on the record with the referral."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="clearance"
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="referral_clearances"
    )
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The name at the time: the record must say who cleared it after the account is gone.
    cleared_by_name = models.CharField(max_length=150)
    cleared_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(help_text="why the clinician judged it safe to go on")

    class Meta:
        ordering = ["-cleared_at"]

    def __str__(self) -> str:
        return f"Referral of {self.patient} cleared on {self.cleared_at:%Y-%m-%d}"


class TimeEntry(models.Model):
    """Clinician time spent on one patient's remote care (reviewing data, messages, calls), for
    the monthly remote-monitoring report: a timer (started, then stopped) or a manual entry."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="time_entries")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    # None while the timer runs; then how long, in whole minutes (at least 1).
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    by_timer = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "clinician"],
                condition=models.Q(minutes__isnull=True),
                name="one_running_timer_per_clinician_and_patient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes or 'running'} min on {self.patient} ({self.started_at:%Y-%m-%d})"
