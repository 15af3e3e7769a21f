"""What the dashboard sorts and filters a whole clinic by, kept on each patient.

Sorting 10,000 patients by their open alerts, unread messages, risk group, sessions a week or
name took a subquery (or a join) per patient on every request: 50-90 ms for one page. These
columns of `Patient` hold each of them instead:

- `sort_name`: last name, first name and username, lower-cased (the order of the name column);
- `clinician_sort_name`: the patient's clinician's last and first name, lower-cased;
- `risk_rank`: the STarT Back group of the latest scored evaluation, high 3 to none 0;
- `open_alert_count`: alerts not yet acknowledged;
- `unread_by_team`: the patient's messages the care team has not read;
- `sessions_per_week`: of the program in force (None without one; 0 when a red flag stopped it).

Each is recomputed from its source - never counted up or down, so a refresh cannot drift - by
`refresh_listing` for the patients a write touched. The model signals below call it for every
save and delete of an alert, message, evaluation, program, patient or account (and a removed
staff member), whichever action or page made it (the Django admin included); the few bulk
writes that send no signal (marking a thread read, reassigning patients, inserting alerts in
bulk, restoring a backup, seeding) call it themselves; and the daily job refreshes everybody,
so a path missed would heal within a day. Recent activity (sessions in
the last two weeks, the last session) is kept the same way by backrehab.care.activity.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import (
    CharField,
    Count,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Lower
from django.db.models.signals import post_delete, post_save

from backrehab.clinic.models import Patient, StaffMember

# Messages sit in a layer above `care` (tests/test_layers.py), so the models are looked up by
# name, not imported.
SOURCES = (("care", "Evaluation"), ("care", "Alert"), ("messaging", "Message"), ("care", "Program"))
PATIENT_AUTHOR = "patient"  # messaging.models.Side.PATIENT

RISK_OF_RANK = {3: "high", 2: "medium", 1: "low"}
RANK_OF_RISK = {risk: rank for rank, risk in RISK_OF_RANK.items()}


def listing_values(
    user: type[Model],
    evaluation: type[Model],
    alert: type[Model],
    message: type[Model],
    program: type[Model],
) -> dict[str, Any]:
    """The expressions of each kept column for the patient being updated. The models are given
    so that the migration adding the columns fills them with its historical models."""
    patient = OuterRef("pk")

    def counted(rows: QuerySet[Any]) -> Coalesce:
        n = rows.values("patient").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(n, output_field=IntegerField()), 0)

    name = (
        user._default_manager.filter(pk=OuterRef("user_id"))
        .annotate(
            n=Lower(
                Concat(
                    "last_name",
                    Value(" "),
                    "first_name",
                    Value(" "),
                    "username",
                    output_field=CharField(),
                )
            )
        )
        .values("n")[:1]
    )
    clinician_name = (
        user._default_manager.filter(staff=OuterRef("clinician_id"))
        .annotate(n=Lower(Concat("last_name", Value(" "), "first_name", output_field=CharField())))
        .values("n")[:1]
    )
    risk = (
        evaluation._default_manager.filter(patient=patient, scored=True)
        .order_by("-taken_at", "-pk")
        .values("risk_rank")[:1]
    )
    per_week = (
        program._default_manager.filter(patient=patient, is_active=True)
        .order_by()
        .values("sessions_per_week")[:1]
    )
    return {
        "sort_name": Coalesce(Subquery(name, output_field=CharField()), Value("")),
        "clinician_sort_name": Coalesce(
            Subquery(clinician_name, output_field=CharField()), Value("")
        ),
        "risk_rank": Coalesce(Subquery(risk, output_field=IntegerField()), 0),
        "open_alert_count": counted(
            alert._default_manager.filter(patient=patient, acknowledged_at__isnull=True)
        ),
        "unread_by_team": counted(
            message._default_manager.filter(
                patient=patient, author_role=PATIENT_AUTHOR, read_by_team_at__isnull=True
            )
        ),
        "sessions_per_week": Subquery(per_week, output_field=IntegerField()),
    }


def refresh_listing(patients: QuerySet[Patient]) -> int:
    """Recompute the kept dashboard columns of these patients (one UPDATE); how many."""
    return patients.update(
        **listing_values(get_user_model(), *(apps.get_model(*name) for name in SOURCES))
    )


def refresh_patient(patient_id: int | None) -> None:
    if patient_id is not None:
        refresh_listing(Patient.objects.filter(pk=patient_id))


# --- Keeping the columns on every write -----------------------------------------------------------


def _from_patient_row(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # A cascade from deleting the patient (or their account) leaves nothing to refresh: skip
    # the update per deleted row.
    origin = kwargs.get("origin")
    if origin is not None and getattr(origin, "model", type(origin)) is not sender:
        return
    refresh_patient(instance.patient_id)


def _patient_saved(sender: type[Model], instance: Patient, **kwargs: Any) -> None:
    # A new patient, or a new clinician (whose name the dashboard sorts by).
    refresh_listing(Patient.objects.filter(pk=instance.pk))


def _account_saved(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # Only the name can change what is kept; a sign-in (last_login) writes the account too.
    fields = kwargs.get("update_fields")
    if fields is not None and not {"first_name", "last_name", "username"} & set(fields):
        return
    refresh_listing(
        Patient.objects.filter(Q(user_id=instance.pk) | Q(clinician__user_id=instance.pk))
    )


def _staff_removed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # Their patients were left without a clinician (SET_NULL, an UPDATE sending no signals).
    refresh_listing(Patient.objects.filter(clinic_id=instance.clinic_id, clinician__isnull=True))


def connect_signals() -> None:
    for name in SOURCES:
        model = apps.get_model(*name)
        label = model._meta.label_lower
        post_save.connect(_from_patient_row, sender=model, dispatch_uid=f"listing-save-{label}")
        post_delete.connect(_from_patient_row, sender=model, dispatch_uid=f"listing-delete-{label}")
    post_save.connect(_patient_saved, sender=Patient, dispatch_uid="listing-patient")
    post_delete.connect(_staff_removed, sender=StaffMember, dispatch_uid="listing-staff")
    post_save.connect(_account_saved, sender=get_user_model(), dispatch_uid="listing-account")
