"""Inviting patients from the workspace: the form, the invitation's page with its link as a QR
code to scan in the clinic, and the clinic's list of open and expired invitations to re-send or
withdraw. Any clinician or admin of the clinic; another clinic's invitation answers 404."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from backrehab.clinic.access import staff_member, staff_required
from backrehab.clinic.models import StaffMember
from backrehab.portal.models import Invite
from backrehab.workspace.accounts import ClinicianChoiceField, active_colleagues
from backrehab.workspace.actions.invitations import (
    InviteRefused,
    InviteSent,
    do_invite_patient,
    do_resend_invite,
    do_withdraw_invite,
)
from backrehab.workspace.mail import absolute, join_path

PAGE_SIZE = 50
RECENT_CLOSED = 20


class InviteForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Patient's full name"),
        max_length=120,
        help_text=gettext_lazy("It fills in the sign-up form; the patient can correct it."),
        error_messages={"required": gettext_lazy("Give the patient's name.")},
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        required=False,
        help_text=gettext_lazy("The link is e-mailed here. The e-mail holds no health details."),
        error_messages={"invalid": gettext_lazy("This does not look like an e-mail address.")},
    )
    phone = forms.RegexField(
        label=gettext_lazy("Phone number"),
        required=False,
        max_length=32,
        regex=r"^\+?[0-9 ()./-]{6,31}$",
        help_text=gettext_lazy(
            "For your records, to reach the patient if the e-mail does not arrive."
        ),
        error_messages={
            "invalid": gettext_lazy("Use digits, spaces and an optional + at the start.")
        },
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the e-mail"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=gettext_lazy("The patient can choose another language in the app."),
        error_messages={"invalid_choice": gettext_lazy("Choose one of the languages listed.")},
    )
    # Left out (e.g. by a script), the patient joins the inviting clinician.
    clinician = ClinicianChoiceField(
        label=gettext_lazy("Clinician"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=None,
        error_messages={
            "invalid_choice": gettext_lazy("Choose an active clinician of your clinic.")
        },
    )

    def __init__(self, *args: Any, me: StaffMember, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"clinician": me.pk, "language": translation.get_language() or ""}
        )
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = active_colleagues(me.clinic_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        given = data.get("email") or data.get("phone")
        if not given and not (self.has_error("email") or self.has_error("phone")):
            raise forms.ValidationError(_("Give an e-mail address or a phone number (or both)."))
        return data


def _me(request: HttpRequest) -> StaffMember:
    member = staff_member(request.user)
    assert member is not None  # staff_required ran first
    return member


def _invite_or_404(request: HttpRequest, invite_id: int) -> Invite:
    invite = (
        Invite.objects.select_related("clinic", "clinician__user", "created_by__user")
        .filter(clinic_id=_me(request).clinic_id, pk=invite_id)
        .first()
    )
    if invite is None:
        raise Http404("No such invitation.")
    return invite


def qr_svg(url: str) -> SafeString:
    """The link as a QR code, an inline SVG drawn on the server (dark on white, in any theme)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=6, border=4, dark="#000", light="#fff", omitsize=False)
    # segno writes its own markup from the URL's bits only: nothing of ours is interpolated.
    return mark_safe(svg)  # noqa: S308


def _report(request: HttpRequest, result: InviteSent, made: bool) -> None:
    invite = result.invite
    if result.emailed:
        text = (
            _("Invitation made and e-mailed to %(email)s.")
            if made
            else _("Invitation renewed and e-mailed again to %(email)s.")
        )
        messages.success(request, text % {"email": invite.email})
    elif result.emailed is None:
        messages.success(
            request,
            _("Invitation made. Let the patient scan the code below, or give them the link.")
            if made
            else _("Invitation renewed. Let the patient scan the code, or give them the link."),
        )
    else:
        messages.error(
            request,
            _(
                "The invitation is saved, but the e-mail could not be sent. Let the patient "
                "scan the code below, or try re-sending later."
            ),
        )


@staff_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    invites = Invite.objects.filter(clinic_id=me.clinic_id).select_related(
        "clinician__user", "created_by__user"
    )
    waiting = invites.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    closed = list(
        invites.exclude(accepted_at__isnull=True, withdrawn_at__isnull=True).order_by(
            "-created_at", "-pk"
        )[:RECENT_CLOSED]
    )
    return render(
        request,
        "workspace/invitations.html",
        {"page": page, "waiting": list(page.object_list), "closed": closed, "now": timezone.now()},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite_new(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = InviteForm(request.POST or None, me=me)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = do_invite_patient(
                me,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                clinician=data["clinician"],
                language=data["language"],
                request=request,
            )
        except InviteRefused as refused:
            form.add_error(None, str(refused))
        else:
            _report(request, result, made=True)
            return redirect("invite-detail", invite_id=result.invite.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/invite_new.html", {"form": form}, status=status)


@staff_required
def invite_detail(request: HttpRequest, invite_id: int) -> HttpResponse:
    invite = _invite_or_404(request, invite_id)
    link = absolute(request, join_path(invite)) if invite.usable else ""
    return render(
        request,
        "workspace/invite_detail.html",
        {
            "invite": invite,
            "link": link,
            "qr": qr_svg(link) if link else "",
        },
    )


@require_POST
@staff_required
def invite_resend(request: HttpRequest, invite_id: int) -> HttpResponse:
    invite = _invite_or_404(request, invite_id)
    try:
        result = do_resend_invite(invite, by=request.user, request=request)  # type: ignore[arg-type]
    except InviteRefused as refused:
        messages.error(request, str(refused))
        return redirect("invitations")
    _report(request, result, made=False)
    return redirect("invite-detail", invite_id=invite.pk)


@require_POST
@staff_required
def invite_withdraw(request: HttpRequest, invite_id: int) -> HttpResponse:
    invite = _invite_or_404(request, invite_id)
    try:
        do_withdraw_invite(invite, by=request.user, request=request)  # type: ignore[arg-type]
    except InviteRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("The invitation for %(name)s is withdrawn: its link no longer works.")
            % {"name": invite.name or invite.email or invite.phone},
        )
    return redirect("invitations")
