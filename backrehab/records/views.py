"""Clinic admin pages: deleting a patient completely, and the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from backrehab.audit.models import Action, AuditEvent
from backrehab.clinic import access
from backrehab.clinic.models import Patient
from backrehab.records import rights
from backrehab.records.actions import do_delete_patient

AUDIT_PAGE_SIZE = 50


class ConfirmDeletionForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Type the patient's user name to confirm"), max_length=150
    )

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_username(self) -> str:
        typed: str = self.cleaned_data["username"].strip()
        if typed != self.expected:
            raise forms.ValidationError(
                _("That is not this patient's user name. Nothing was deleted.")
            )
        return typed


def _dashboard_url() -> str:
    # The workspace's dashboard is where the admin continues; the audit log stands in for it on
    # an installation without the workspace pages.
    try:
        return reverse("dashboard")
    except NoReverseMatch:
        return reverse("audit-log")


@access.clinic_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def patient_delete(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.patient_or_404(request.user, patient_id)
    username = patient.user.get_username()
    form = ConfirmDeletionForm(request.POST or None, expected=username)
    if request.method == "POST" and form.is_valid():
        name = str(patient)
        do_delete_patient(patient, request.user, request=request)
        messages.success(
            request, _("%(name)s and all their records have been deleted.") % {"name": name}
        )
        return redirect(_dashboard_url())
    return render(
        request,
        "records/patient_delete.html",
        {
            "patient": patient,
            "username": username,
            "footprint": rights.footprint(patient),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


class AuditFilterForm(forms.Form):
    patient = forms.IntegerField(
        label=gettext_lazy("Patient record number"), required=False, min_value=1
    )
    person = forms.CharField(label=gettext_lazy("Who (user name)"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + list(Action.choices),
    )


@access.clinic_admin_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    staff = access.staff_member(request.user)
    assert staff is not None  # clinic_admin_required
    events = AuditEvent.objects.filter(clinic_id=staff.clinic_id).order_by("-at", "-pk")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["patient"]:
            events = events.filter(patient_id=form.cleaned_data["patient"])
        if form.cleaned_data["person"]:
            events = events.filter(actor_name__icontains=form.cleaned_data["person"].strip())
        if form.cleaned_data["action"]:
            events = events.filter(action=form.cleaned_data["action"])
    elif form.is_bound:
        events = events.none()
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    # One query for the names of the patients on this page (deleted ones have none).
    ids = {event.patient_id for event in page if event.patient_id is not None}
    names = {
        patient.pk: str(patient)
        for patient in Patient.objects.filter(pk__in=ids, clinic_id=staff.clinic_id).select_related(
            "user"
        )
    }
    rows = [(event, names.get(event.patient_id or 0)) for event in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/audit_log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
