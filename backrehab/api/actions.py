"""Making and revoking API keys; each is audited in the same transaction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest

from backrehab.api.auth import issue_token, revoke_token
from backrehab.api.models import ApiToken
from backrehab.audit.log import Action, record


@transaction.atomic
def do_create_api_token(
    user: User,
    name: str,
    *,
    by: AbstractBaseUser | AnonymousUser | None = None,
    request: HttpRequest | None = None,
) -> str:
    """Make a key for `user` and return it (shown this once; only its hash is kept)."""
    key = issue_token(user, name)
    record(request, Action.CHANGED, f"API key '{name[:80]}' made for {user.username}", actor=by)
    return key


@transaction.atomic
def do_revoke_api_token(
    token: ApiToken,
    *,
    by: AbstractBaseUser | AnonymousUser | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Revoke the key; revoking a revoked key changes nothing and is not recorded again."""
    if token.revoked_at is not None:
        return
    revoke_token(token)
    record(
        request,
        Action.CHANGED,
        f"API key '{token.name}' of {token.user.get_username()} revoked",
        actor=by,
    )
