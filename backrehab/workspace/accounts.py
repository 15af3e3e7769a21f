"""A clinic admin's account pages: the clinic's staff, adding a colleague, deactivating and
reactivating, moving patients between clinicians, and e-mailing a password link.

Only a clinic admin gets in, and only to their own clinic's people: another clinic's staff
member or patient answers 404, like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from backrehab.clinic.access import (
    clinic_admin_required,
    colleague_or_404,
    colleagues,
    patient_or_404,
    staff_member,
)
from backrehab.clinic.models import Patient, Role, StaffMember
from backrehab.workspace.actions.accounts import (
    AccountChangeRefused,
    do_add_staff_member,
    do_change_staff_role,
    do_deactivate_staff_member,
    do_reactivate_staff_member,
    do_reassign_caseload,
    do_reassign_patient,
    do_send_password_link,
    email_taken,
)


def staff_name(member: StaffMember) -> str:
    return member.user.get_full_name() or member.user.get_username()


class ClinicianChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return staff_name(obj)


def active_colleagues(clinic_id: int, *, but: StaffMember | None = None) -> QuerySet[StaffMember]:
    found = (
        StaffMember.objects.filter(clinic_id=clinic_id, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return found.exclude(pk=but.pk) if but is not None else found


ROLE_CHOICES = [
    (Role.CLINICIAN, gettext_lazy("Clinician: sees and treats the clinic's patients")),
    (Role.ADMIN, gettext_lazy("Clinic admin: also manages staff and deletes records")),
]


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=gettext_lazy("Their role in the clinic"),
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a role: clinician or clinic admin.")},
    )


class AddStaffForm(forms.Form):
    first_name = forms.CharField(
        label=gettext_lazy("First name"),
        max_length=150,
        error_messages={"required": gettext_lazy("Give the first name.")},
    )
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        help_text=gettext_lazy(
            "They sign in with it, and the link to choose a password is sent there."
        ),
        error_messages={
            "required": gettext_lazy("Give the e-mail address the link goes to."),
            "invalid": gettext_lazy("This does not look like an e-mail address."),
        },
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=ROLE_CHOICES,
        initial=Role.CLINICIAN,
        widget=forms.RadioSelect,
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if email_taken(email):
            raise forms.ValidationError(
                _("Someone already has an account with this e-mail address.")
            )
        return email


class ReassignForm(forms.Form):
    to = ClinicianChoiceField(
        label=gettext_lazy("Move to"),
        queryset=StaffMember.objects.none(),
        empty_label=gettext_lazy("Choose a clinician"),
        error_messages={
            "required": gettext_lazy("Choose the clinician the patients move to."),
            "invalid_choice": gettext_lazy("Choose an active clinician of your clinic."),
        },
    )

    def __init__(self, *args: Any, clinic_id: int, but: StaffMember | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = active_colleagues(clinic_id, but=but)  # type: ignore[attr-defined]


class DeactivateForm(ReassignForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        field.required = False
        field.label = _("Move their patients to")
        field.empty_label = _("Keep them with this clinician for now")  # type: ignore[attr-defined]


def _me(request: HttpRequest) -> StaffMember:
    member = staff_member(request.user)
    assert member is not None  # clinic_admin_required ran first
    return member


def _by(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@clinic_admin_required
def staff_list(request: HttpRequest) -> HttpResponse:
    members = (
        colleagues(request.user)
        .select_related("user")
        .annotate(patients=Count("caseload"))
        .order_by("-user__is_active", "user__first_name", "user__last_name", "user__username")
    )
    return render(request, "workspace/staff.html", {"members": members, "me": _me(request)})


@clinic_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_add(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = AddStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = do_add_staff_member(
                me.clinic,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                by=_by(request),
                request=request,
            )
        except AccountChangeRefused as refused:
            form.add_error("email", str(refused))
        else:
            name = f"{data['first_name']} {data['last_name']}".strip()
            if result.sent:
                messages.success(
                    request,
                    _("%(name)s has an account. We e-mailed %(email)s a link to choose a password.")
                    % {"name": name, "email": data["email"]},
                )
            else:
                messages.error(
                    request,
                    _(
                        "%(name)s has an account, but the e-mail could not be sent. Try "
                        "“Send a password link” on their page later."
                    )
                    % {"name": name},
                )
            return redirect("staff-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/staff_add.html", {"form": form}, status=status)


def _member_page(
    request: HttpRequest,
    member: StaffMember,
    *,
    reassign: ReassignForm | None = None,
    deactivate: DeactivateForm | None = None,
    role: RoleForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    me = _me(request)
    return render(
        request,
        "workspace/staff_member.html",
        {
            "member": member,
            "is_me": member.pk == me.pk,
            "patients": Patient.objects.filter(clinician=member).count(),
            "reassign": reassign or ReassignForm(clinic_id=me.clinic_id, but=member),
            "deactivate": deactivate or DeactivateForm(clinic_id=me.clinic_id, but=member),
            "role_form": role or RoleForm(initial={"role": member.role}),
            "error": error,
        },
        status=status,
    )


@clinic_admin_required
def staff_member_page(request: HttpRequest, staff_id: int) -> HttpResponse:
    return _member_page(request, colleague_or_404(request.user, staff_id))


@require_POST
@clinic_admin_required
def staff_deactivate(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = colleague_or_404(request.user, staff_id)
    form = DeactivateForm(request.POST, clinic_id=member.clinic_id, but=member)
    if not form.is_valid():
        return _member_page(request, member, deactivate=form, status=400)
    try:
        moved = do_deactivate_staff_member(
            member, by=_by(request), reassign_to=form.cleaned_data["to"], request=request
        )
    except AccountChangeRefused as refused:
        return _member_page(request, member, error=str(refused), status=400)
    text = _("%(name)s can no longer sign in.") % {"name": staff_name(member)}
    if moved:
        text += " " + ngettext(
            "%(n)d patient moved to %(to)s.", "%(n)d patients moved to %(to)s.", moved
        ) % {
            "n": moved,
            "to": staff_name(form.cleaned_data["to"]),
        }
    messages.success(request, text)
    return redirect("staff-member", staff_id=member.pk)


@require_POST
@clinic_admin_required
def staff_role(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = colleague_or_404(request.user, staff_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _member_page(request, member, role=form, status=400)
    try:
        changed = do_change_staff_role(
            member, form.cleaned_data["role"], by=_by(request), request=request
        )
    except AccountChangeRefused as refused:
        return _member_page(request, member, error=str(refused), status=400)
    if changed:
        text = (
            _("%(name)s is now a clinic admin.")
            if member.role == Role.ADMIN
            else _("%(name)s is now a clinician.")
        )
        messages.success(request, text % {"name": staff_name(member)})
    return redirect("staff-member", staff_id=member.pk)


@require_POST
@clinic_admin_required
def staff_reactivate(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = colleague_or_404(request.user, staff_id)
    do_reactivate_staff_member(member, by=_by(request), request=request)
    messages.success(request, _("%(name)s can sign in again.") % {"name": staff_name(member)})
    return redirect("staff-member", staff_id=member.pk)


@require_POST
@clinic_admin_required
def staff_reassign(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = colleague_or_404(request.user, staff_id)
    form = ReassignForm(request.POST, clinic_id=member.clinic_id, but=member)
    if not form.is_valid():
        return _member_page(request, member, reassign=form, status=400)
    try:
        moved = do_reassign_caseload(
            member, form.cleaned_data["to"], by=_by(request), request=request
        )
    except AccountChangeRefused as refused:
        return _member_page(request, member, error=str(refused), status=400)
    messages.success(
        request,
        ngettext(
            "%(n)d patient moved from %(from)s to %(to)s.",
            "%(n)d patients moved from %(from)s to %(to)s.",
            moved,
        )
        % {"n": moved, "from": staff_name(member), "to": staff_name(form.cleaned_data["to"])},
    )
    return redirect("staff-member", staff_id=member.pk)


def _password_link(
    request: HttpRequest, user: User, patient: Patient | None, name: str
) -> str | None:
    """Sends the link; the error to show, or None after a success message."""
    try:
        sent = do_send_password_link(
            user, _me(request).clinic, by=_by(request), patient=patient, request=request
        )
    except AccountChangeRefused as refused:
        return str(refused)
    if not sent:
        return _("The e-mail could not be sent. Please try again later.")
    messages.success(
        request,
        _("We e-mailed %(name)s a link to choose a password (to %(email)s).")
        % {"name": name, "email": user.email},
    )
    return None


@require_POST
@clinic_admin_required
def staff_password_link(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = colleague_or_404(request.user, staff_id)
    error = _password_link(request, member.user, None, staff_name(member))
    if error:
        return _member_page(request, member, error=error, status=400)
    return redirect("staff-member", staff_id=member.pk)


# --- A patient's clinician and sign-in -----------------------------------------------------------


def _patient_page(
    request: HttpRequest,
    patient: Patient,
    form: ReassignForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    if form is None:
        form = ReassignForm(
            clinic_id=patient.clinic_id,
            but=None,
            initial={"to": patient.clinician_id},
        )
    return render(
        request,
        "workspace/patient_account.html",
        {"patient": patient, "form": form, "error": error},
        status=status,
    )


def _patient(request: HttpRequest, patient_id: int) -> Patient:
    patient = patient_or_404(request.user, patient_id)
    return Patient.objects.select_related("user", "clinician__user").get(pk=patient.pk)


@clinic_admin_required
def patient_account(request: HttpRequest, patient_id: int) -> HttpResponse:
    return _patient_page(request, _patient(request, patient_id))


@require_POST
@clinic_admin_required
def patient_reassign(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    form = ReassignForm(request.POST, clinic_id=patient.clinic_id, but=None)
    if not form.is_valid():
        return _patient_page(request, patient, form, status=400)
    try:
        moved = do_reassign_patient(
            patient, form.cleaned_data["to"], by=_by(request), request=request
        )
    except AccountChangeRefused as refused:
        return _patient_page(request, patient, form, error=str(refused), status=400)
    if moved:
        messages.success(
            request,
            _("%(patient)s is now seen by %(to)s.")
            % {"patient": patient, "to": staff_name(form.cleaned_data["to"])},
        )
    return redirect("patient-account", patient_id=patient.pk)


@require_POST
@clinic_admin_required
def patient_password_link(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = _patient(request, patient_id)
    error = _password_link(request, patient.user, patient, str(patient))
    if error:
        return _patient_page(request, patient, error=error, status=400)
    return redirect("patient-account", patient_id=patient.pk)
