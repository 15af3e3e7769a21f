"""Who is calling the API: a bearer token, or the signed-in session of the web app."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from backrehab.api.models import ApiToken

logger = logging.getLogger(__name__)
KEY_PREFIX = "br_"
# Writing last_used_at on every call would turn each read into a write; once a minute is
# enough to tell a key in use from a forgotten one.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User, name: str) -> str:
    """Make a token for `user` and return its key. The key is not stored: this is the only
    time it can be shown."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name[:80], key_hash=key_hash(key), prefix=key[: len(KEY_PREFIX) + 6]
    )
    return key


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_key(key: str) -> User | None:
    """The active user a key belongs to, or None for an unknown, revoked or inactive one."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        try:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        except DatabaseError:
            # A read-only database (a replica, a full disk) still answers reads.
            logger.warning("Could not note the use of API key %s", token.prefix)
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_key(token)
        if user is None:
            return None
        # The endpoints, the access rules and the audit log all read request.user.
        request.user = user
        return user


# The web app's session; unsafe methods then need the CSRF token, as a form would.
session_auth = SessionAuth(csrf=True)
token_auth = TokenAuth()
ANY_SIGNED_IN = [token_auth, session_auth]
