"""The clinic admin's settings page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from backrehab.clinic.access import clinic_admin_required, staff_member
from backrehab.workspace.actions.clinic_settings import do_save_clinic_settings


class ClinicSettingsForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("The clinic's name"), max_length=120)
    self_signup = forms.BooleanField(
        label=gettext_lazy("Patients may sign up without an invitation"),
        required=False,
        help_text=gettext_lazy(
            "Self-guided mode: anyone can join this clinic from the sign-up page and get a "
            "program from the evaluation. Leave it off to invite every patient."
        ),
    )
    auto_apply_reassessment = forms.BooleanField(
        label=gettext_lazy("Apply a re-assessment's larger changes at once"),
        required=False,
        help_text=gettext_lazy(
            "Off (recommended): several exercises in or out, a new pathway or a referral note "
            "wait on the record for a clinician to approve, and the patient keeps the program in "
            "force until then. On: they apply at once and the clinician is told."
        ),
    )


@clinic_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def clinic_settings(request: HttpRequest) -> HttpResponse:
    me = staff_member(request.user)
    assert me is not None  # clinic_admin_required
    clinic = me.clinic
    form = ClinicSettingsForm(
        request.POST or None,
        initial={
            "name": clinic.name,
            "self_signup": clinic.self_signup,
            "auto_apply_reassessment": clinic.auto_apply_reassessment,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            do_save_clinic_settings(
                clinic,
                name=form.cleaned_data["name"],
                self_signup=form.cleaned_data["self_signup"],
                auto_apply_reassessment=form.cleaned_data["auto_apply_reassessment"],
                by=request.user,  # type: ignore[arg-type]
                request=request,
            )
            messages.success(request, _("The clinic's settings are saved."))
            return redirect("clinic-settings")
        return render(request, "workspace/clinic_settings.html", {"form": form}, status=400)
    return render(request, "workspace/clinic_settings.html", {"form": form})
