"""The notice that tells the other side of a thread a new message is waiting, and the Web Push
notifications to a patient's phones (used for session reminders too).

The patient's notice goes by push to each phone they switched notifications on for; e-mail is
the fallback when they have none or no phone got it. Either says only that there is a message,
never what it says nor anything about the patient's health, and the e-mail links to the sign-in
page: e-mail is not a secure channel. The patient's notices are in their language
(Patient.language); the team's in the language each staff member last signed in with.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backrehab.clinic.models import Patient, Role, StaffMember
from backrehab.messaging import push
from backrehab.messaging.models import PushSubscription
from backrehab.messaging.push_actions import do_forget_push_subscription

log = logging.getLogger(__name__)


def _sign_in_link(next_path: str) -> str:
    site = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return f"{site}{reverse('login')}?{urlencode({'next': next_path})}"


def patient_language(patient: Patient) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return patient.language if patient.language in known else settings.LANGUAGE_CODE


def team_recipients(patient: Patient) -> list[tuple[str, str]]:
    """The patient's clinician; with none (or no address), the clinic's admins. Each with the
    language their e-mail is written in (the one they last signed in with)."""
    clinician = patient.clinician
    if clinician is not None and clinician.user.is_active and clinician.user.email:
        return [(clinician.user.email, staff_language(clinician.language))]
    admins = StaffMember.objects.filter(
        clinic_id=patient.clinic_id, role=Role.ADMIN, user__is_active=True
    ).exclude(user__email="")
    return sorted(
        (member.user.email, staff_language(member.language))
        for member in admins.select_related("user")
    )


def staff_language(language: str) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def message_for_patient(patient: Patient) -> tuple[str, str]:
    with translation.override(patient_language(patient)):
        subject = _("You have a new message from your care team")
        body = "\n".join(
            [
                _("You have a new message from your care team at %(clinic)s.")
                % {"clinic": patient.clinic.name},
                "",
                _("Sign in to read it: %(link)s") % {"link": _sign_in_link(reverse("my-messages"))},
                "",
                _(
                    "For your privacy this e-mail never includes the message itself. If you did "
                    "not expect it, you can ignore it."
                ),
            ]
        )
    return subject, body


def message_for_team(patient: Patient, language: str = "") -> tuple[str, str]:
    with translation.override(staff_language(language)):
        subject = _("A patient has sent a new message")
        link = _sign_in_link(reverse("patient-messages", kwargs={"patient_id": patient.pk}))
        body = "\n".join(
            [
                _("A patient has sent a new message to the care team at %(clinic)s.")
                % {"clinic": patient.clinic.name},
                "",
                _("Sign in to read it: %(link)s") % {"link": link},
                "",
                _("The message and the patient's details are only shown after you sign in."),
            ]
        )
    return subject, body


def push_to_patient(patient: Patient, kind: str) -> int:
    """Send the notification of `kind` (push.REMINDER, push.MESSAGE), in the patient's language,
    to each of their phones; returns how many took it. A phone the push service no longer knows
    is forgotten. Never raises: a push that fails leaves the caller its fallback."""
    try:
        subscriptions = list(PushSubscription.objects.filter(patient=patient))
        if not subscriptions:
            return 0
        with translation.override(patient_language(patient)):
            notice = push.notice(kind)
        delivered = 0
        for subscription in subscriptions:
            outcome, status = push.send(
                subscription.endpoint, subscription.p256dh, subscription.auth, notice
            )
            if outcome is push.Delivery.SENT:
                delivered += 1
                PushSubscription.objects.filter(pk=subscription.pk).update(
                    last_sent_at=timezone.now()
                )
            elif outcome is push.Delivery.GONE:
                do_forget_push_subscription(subscription, status=status)
        return delivered
    except Exception:
        log.exception("%s notification to patient %s not pushed", kind, patient.pk)
        return 0


def notify_patient(patient: Patient) -> bool:
    """Tell the patient the team wrote: by push to their phones, else by e-mail. False when
    neither reached them (no phone, no address, or both failed)."""
    user = patient.user
    if not user.is_active:
        return False
    if push_to_patient(patient, push.MESSAGE):
        return True
    if not user.email:
        return False
    subject, body = message_for_patient(patient)
    return _send(subject, body, [user.email], patient)


def notify_team(patient: Patient) -> bool:
    recipients = team_recipients(patient)
    sent = False
    for address, language in recipients:
        subject, body = message_for_team(patient, language)
        sent = _send(subject, body, [address], patient) or sent
    return sent


def _send(subject: str, body: str, recipients: list[str], patient: Patient) -> bool:
    sent = False
    for recipient in recipients:  # one e-mail each: no one sees the others' addresses
        try:
            send_mail(subject, body, None, [recipient])
        except Exception:
            # The message is saved and shows in the app; a mail server that is down loses nothing.
            log.exception("new-message e-mail about patient %s not sent", patient.pk)
        else:
            sent = True
    return sent
