"""The e-mails the workspace sends: a link to set a password, and a patient's invitation.

They carry a link and the clinic's name, never health data. Each is rendered in the language
given (the reader's, where we know it) and sent with Django's e-mail backend.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backrehab.clinic.models import Clinic
from backrehab.portal.models import Invite

log = logging.getLogger(__name__)


def absolute(request: HttpRequest | None, path: str) -> str:
    """The full address of `path`, on the host the request came to (SITE_URL without one)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def set_password_path(user: User, *, welcome: bool) -> str:
    """The one-time page where `user` chooses a password (Django's password-reset tokens: the
    link stops working once the password is set, or after PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    name = "staff-welcome" if welcome else "password_reset_confirm"
    return reverse(name, kwargs={"uidb64": uid, "token": token})


def join_path(invite: Invite) -> str:
    return reverse("join", args=[invite.token])


def _send(template: str, context: dict[str, object], to: str, language: str | None) -> bool:
    with translation.override(language or translation.get_language()):
        subject = render_to_string(f"workspace/email/{template}_subject.txt", context)
        body = render_to_string(f"workspace/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [to])
    except (OSError, smtplib.SMTPException):
        log.exception("could not send the %s e-mail", template)
        return False
    return True


def send_password_link(
    user: User,
    clinic: Clinic,
    request: HttpRequest | None,
    *,
    welcome: bool,
    language: str | None = None,
) -> bool:
    """E-mail `user` a link to choose a password: a welcome for a new staff account, a reset
    otherwise. False when the e-mail could not be sent."""
    context = {
        "name": user.first_name or user.get_username(),
        "username": user.get_username(),
        "clinic": clinic.name,
        "link": absolute(request, set_password_path(user, welcome=welcome)),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    template = "staff_welcome" if welcome else "password_link"
    return _send(template, context, user.email, language)


def send_invite(invite: Invite, request: HttpRequest | None) -> bool:
    context = {
        "name": invite.name.partition(" ")[0],
        "clinic": invite.clinic.name,
        "link": absolute(request, join_path(invite)),
        "expires": invite.expires_at,
    }
    # In the language chosen on the invitation (older ones: the inviting clinician's page's).
    return _send("invite", context, invite.email, invite.language or None)
