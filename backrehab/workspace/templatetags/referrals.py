"""The record page's referral section: the referral that stops the program, and its clearance."""

from __future__ import annotations

from typing import Any

from django import template

from backrehab.care.models import ReferralClearance
from backrehab.care.referrals import standing_referral
from backrehab.clinic.models import Patient
from backrehab.workspace.referrals import ClearanceForm

register = template.Library()


@register.inclusion_tag("workspace/_referral.html", takes_context=True)
def referral_section(context: template.Context, patient: Patient) -> dict[str, Any]:
    return {
        "patient": patient,
        "standing": standing_referral(patient),
        "clearances": ReferralClearance.objects.filter(patient=patient).select_related(
            "evaluation"
        )[:5],
        "form": ClearanceForm(),
        "csrf_token": context.get("csrf_token"),
    }
