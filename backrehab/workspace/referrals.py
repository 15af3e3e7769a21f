"""The clinician clears a referral that stopped a patient's program (who, when and why are
recorded), so a new evaluation may build a program again."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backrehab.care.actions.evaluations import (
    CLEARANCE_REASON_MAX,
    ClearanceRefused,
    do_clear_referral,
)
from backrehab.clinic.access import patient_or_404, staff_required


class ClearanceForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is safe to go on"),
        help_text=gettext_lazy(
            "For example what the doctor found, or your own assessment. It is kept on the record "
            "with your name and the date."
        ),
        max_length=CLEARANCE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@require_POST
@staff_required
def clear_referral(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    form = ClearanceForm(request.POST)
    back = reverse("patient-record", kwargs={"patient_id": patient.pk}) + "#referral"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("Referral not cleared: %(problem)s") % {"problem": error})
        return redirect(back)
    try:
        do_clear_referral(
            patient,
            by=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ClearanceRefused as exc:
        messages.error(request, _("Referral not cleared: %(problem)s") % {"problem": exc})
        return redirect(back)
    messages.success(
        request,
        _(
            "Referral cleared. The patient can now answer the evaluation again; a program is "
            "built if the new answers allow it."
        ),
    )
    return redirect(back)
