"""Someone saves a new password (changed while signed in, or chosen from an e-mailed link): one
action, so the audit log shows it in the same transaction as the change."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest

from backrehab.audit.log import Action, record
from backrehab.clinic.access import own_patient, staff_member


@transaction.atomic
def do_save_password(
    form: SetPasswordForm[User] | PasswordChangeForm,
    *,
    how: str,
    request: HttpRequest | None = None,
) -> User:
    """Save the valid `form`'s new password; `how` says which page ("changed", "set from link")."""
    user: User = form.save()
    what = f"own password {how}"
    patient = own_patient(user)
    if patient is not None:
        record(request, Action.CHANGED, what, patient, actor=user)
    else:
        staff = staff_member(user)
        record(request, Action.CHANGED, what, actor=user, clinic=staff.clinic if staff else None)
    return user
