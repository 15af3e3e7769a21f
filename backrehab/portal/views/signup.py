"""Joining: through a clinician's invite link, or on one's own where a clinic allows it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from backrehab.clinic.models import Clinic
from backrehab.portal import signup_actions as services
from backrehab.portal.models import Invite


class JoinForm(UserCreationForm[User]):
    """User name and password, checked by Django's password validators."""

    first_name = forms.CharField(
        label=_("Your first name (optional)"), required=False, max_length=150
    )
    last_name = forms.CharField(
        label=_("Your last name (optional)"), required=False, max_length=150
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("If you ever forget your password, we send a link to this address."),
        error_messages={"invalid": _("This does not look like an e-mail address.")},
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("first_name", "last_name", "email", "username")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Choose a user name")
        self.fields["username"].help_text = _("You sign in with it. Letters, digits and @ . + - _")
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "autocorrect": "off"}
        )
        self.fields["password1"].label = _("Choose a password")
        self.fields["password1"].help_text = _(
            "At least 8 characters; not only digits and not a common password."
        )
        self.fields["password2"].label = _("Type the password again")
        self.fields["password2"].help_text = ""
        self.fields["username"].error_messages["required"] = _("Please choose a user name.")
        self.fields["password1"].error_messages["required"] = _("Please choose a password.")
        self.fields["password2"].error_messages["required"] = _("Please type the password again.")


class ClinicChoiceForm(JoinForm):
    clinic = forms.ModelChoiceField(
        label=_("Your clinic"),
        queryset=Clinic.objects.filter(self_signup=True),
        empty_label=_("Choose your clinic"),
        error_messages={"required": _("Please choose your clinic.")},
    )

    field_order = [
        "clinic",
        "first_name",
        "last_name",
        "email",
        "username",
        "password1",
        "password2",
    ]


def _signed_in_patient(request: HttpRequest) -> bool:
    return request.user.is_authenticated and hasattr(request.user, "patient")


def join(request: HttpRequest, token: str) -> HttpResponse:
    invite = Invite.objects.select_related("clinic").filter(token=token).first()
    if invite is None or not invite.usable:
        reason = "unknown" if invite is None else invite.status
        return render(request, "portal/join_closed.html", {"reason": reason}, status=410)
    if _signed_in_patient(request):
        return redirect("today")
    first, _space, last = invite.name.strip().partition(" ")
    form = JoinForm(
        request.POST or None,
        initial={"first_name": first, "last_name": last.strip(), "email": invite.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.do_accept_invite(
                invite,
                form.cleaned_data["username"],
                form.cleaned_data["password1"],
                form.cleaned_data["first_name"],
                form.cleaned_data["last_name"],
                form.cleaned_data["email"],
                request=request,
            )
        except services.SignupRefused:
            return render(request, "portal/join_closed.html", {"reason": "used"}, status=410)
        login(request, patient.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("evaluation")
    return render(request, "portal/join.html", {"form": form, "clinic": invite.clinic})


def self_signup(request: HttpRequest) -> HttpResponse:
    clinics = list(Clinic.objects.filter(self_signup=True).order_by("name"))
    if not clinics:
        return render(request, "portal/join_closed.html", {"reason": "no-self-signup"})
    if _signed_in_patient(request):
        return redirect("today")
    several = len(clinics) > 1
    form: JoinForm = (ClinicChoiceForm if several else JoinForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        clinic = form.cleaned_data["clinic"] if several else clinics[0]
        try:
            patient = services.do_self_signup(
                clinic,
                form.cleaned_data["username"],
                form.cleaned_data["password1"],
                form.cleaned_data["first_name"],
                form.cleaned_data["last_name"],
                form.cleaned_data["email"],
                request=request,
            )
        except services.SignupRefused:
            return render(request, "portal/join_closed.html", {"reason": "no-self-signup"})
        login(request, patient.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("evaluation")
    clinic = None if several else clinics[0]
    return render(request, "portal/join.html", {"form": form, "clinic": clinic})
