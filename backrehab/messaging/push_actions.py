"""A patient's phones that get notifications: switched on, off, and forgotten when the push
service says the browser dropped them. Each action is atomic and writes its audit event."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from backrehab.audit.log import Action, record
from backrehab.clinic.models import Patient
from backrehab.messaging import push
from backrehab.messaging.models import PushSubscription


class PushSubscriptionInvalid(ValueError):
    """What is wrong with a subscription the browser sent, one "field: problem" line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@transaction.atomic
def do_subscribe_push(
    patient: Patient,
    endpoint: str,
    p256dh: str,
    auth: str,
    *,
    device: str = "",
    request: HttpRequest | None = None,
) -> tuple[PushSubscription, bool]:
    """Store this browser's subscription for `patient` (True when it is new to them).

    The endpoint names one browser: sent again, it updates the keys; sent by another patient
    (a shared phone where the last one's sign-out did not reach us), it moves to them."""
    problems = push.subscription_problems(endpoint, p256dh, auth)
    if problems:
        raise PushSubscriptionInvalid(problems)
    device = device[:80]
    found = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
    if found is None:
        subscription = PushSubscription.objects.create(
            patient=patient, endpoint=endpoint, p256dh=p256dh, auth=auth, device=device
        )
        record(
            request,
            Action.CHANGED,
            f"notifications switched on for a device ({device or 'unnamed'})",
            patient,
            actor=patient.user,
        )
        return subscription, True
    moved = found.patient_id != patient.pk
    if moved:
        record(
            request,
            Action.CHANGED,
            f"notifications for a device ({found.device or 'unnamed'}) moved to another account",
            found.patient,
            actor=patient.user,
        )
    if moved or (found.p256dh, found.auth, found.device) != (p256dh, auth, device):
        found.patient, found.p256dh, found.auth, found.device = patient, p256dh, auth, device
        found.save(update_fields=["patient", "p256dh", "auth", "device"])
        record(
            request,
            Action.CHANGED,
            f"notifications switched on for a device ({device or 'unnamed'})",
            patient,
            actor=patient.user,
        )
    return found, moved


@transaction.atomic
def do_unsubscribe_push(
    patient: Patient, endpoint: str, *, request: HttpRequest | None = None
) -> bool:
    """Stop notifications to this browser (switched off, or signing out); False when `patient`
    had no such subscription."""
    found = PushSubscription.objects.filter(patient=patient, endpoint=endpoint).first()
    if found is None:
        return False
    device = found.device
    found.delete()
    record(
        request,
        Action.CHANGED,
        f"notifications switched off for a device ({device or 'unnamed'})",
        patient,
        actor=patient.user,
    )
    return True


@transaction.atomic
def do_forget_push_subscription(subscription: PushSubscription, *, status: int | None) -> None:
    """The push service no longer knows this browser (it answered `status`): forget it."""
    deleted, _rows = PushSubscription.objects.filter(pk=subscription.pk).delete()
    if deleted:
        record(
            None,
            Action.CHANGED,
            f"notifications for a device ({subscription.device or 'unnamed'}) ended: the push "
            f"service answered {status}",
            subscription.patient,
        )
