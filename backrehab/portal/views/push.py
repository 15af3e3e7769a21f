"""Notifications on this phone: the page's script sends the browser's push subscription here
when the patient switches them on, and its endpoint when they switch off or sign out.

JSON in, JSON out (a redirect to the sign-in page would look like success to fetch()). CSRF
protected like every POST: the script sends the token in X-CSRFToken.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from backrehab import json_text
from backrehab.clinic.models import Patient
from backrehab.messaging import push
from backrehab.messaging.push_actions import (
    PushSubscriptionInvalid,
    do_subscribe_push,
    do_unsubscribe_push,
)
from backrehab.portal import reminders

BODY_MAX = 8000


def _errors(status: int, *problems: str) -> JsonResponse:
    return JsonResponse({"errors": list(problems)}, status=status)


def _patient_and_body(request: HttpRequest) -> tuple[Patient, dict[str, Any]] | JsonResponse:
    if not request.user.is_authenticated:
        return _errors(401, "Sign in again to change notifications.")
    patient = getattr(request.user, "patient", None)
    if patient is None:
        return _errors(403, "Only patients get notifications on their phone.")
    if len(request.body) > BODY_MAX:
        return _errors(400, "The request is too long.")
    try:
        body: Any = json_text.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _errors(400, "The request is not valid JSON.")
    if not isinstance(body, dict):
        return _errors(400, "The request must be a JSON object.")
    return patient, body


@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    """Body: the browser's PushSubscription as JSON ({"endpoint", "keys": {"p256dh", "auth"}})."""
    found = _patient_and_body(request)
    if isinstance(found, JsonResponse):
        return found
    patient, body = found
    keys = body.get("keys")
    if not isinstance(keys, dict):
        keys = {}
    endpoint, p256dh, auth = body.get("endpoint"), keys.get("p256dh"), keys.get("auth")
    problems = push.subscription_problems(endpoint, p256dh, auth)
    if problems:
        return _errors(400, *problems)
    # Reminders come at the time on the patient's calendar settings: make sure there are some.
    reminders.feed_for(patient)
    try:
        subscription, created = do_subscribe_push(
            patient,
            str(endpoint),
            str(p256dh),
            str(auth),
            device=push.device_label(request.headers.get("User-Agent", "")),
            request=request,
        )
    except PushSubscriptionInvalid as exc:
        return _errors(400, *exc.problems)
    return JsonResponse(
        {"subscribed": True, "device": subscription.device}, status=201 if created else 200
    )


@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    """Body: {"endpoint": ...}. Answers 200 whether or not it was stored: signing out goes on."""
    found = _patient_and_body(request)
    if isinstance(found, JsonResponse):
        return found
    patient, body = found
    endpoint = body.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > push.ENDPOINT_MAX:
        return _errors(400, "endpoint: the push service address is missing")
    if "\x00" in endpoint:
        return _errors(400, "endpoint: must not contain the NUL character")
    removed = do_unsubscribe_push(patient, endpoint, request=request)
    return JsonResponse({"subscribed": False, "removed": removed})
