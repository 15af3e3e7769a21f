"""A clinic admin's settings for the clinic: its name, whether patients may sign up without an
invitation, and whether a re-assessment's larger changes apply without the clinician's approval."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from backrehab.audit.log import Action, record
from backrehab.clinic.models import Clinic


@transaction.atomic
def do_save_clinic_settings(
    clinic: Clinic,
    *,
    name: str,
    self_signup: bool,
    auto_apply_reassessment: bool,
    by: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> Clinic:
    clinic = Clinic.objects.select_for_update().get(pk=clinic.pk)
    before = (clinic.name, clinic.self_signup, clinic.auto_apply_reassessment)
    clinic.name = name.strip()[:120] or clinic.name
    clinic.self_signup = self_signup
    clinic.auto_apply_reassessment = auto_apply_reassessment
    clinic.save(update_fields=["name", "self_signup", "auto_apply_reassessment"])
    after = (clinic.name, clinic.self_signup, clinic.auto_apply_reassessment)
    if after != before:
        record(
            request,
            Action.CHANGED,
            "clinic settings: "
            f"self sign-up {'on' if self_signup else 'off'}, "
            f"re-assessment changes {'applied at once' if auto_apply_reassessment else 'approved'}",
            actor=by,
            clinic=clinic,
        )
    return clinic
