"""Invitations in the admin: a clinician makes one and copies its link to the patient."""

from __future__ import annotations

import threading
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backrehab.clinic.models import StaffMember
from backrehab.portal.models import Invite

# The link needs the request's host, but read-only fields see only the object: the request is
# kept per thread while the change page renders (a ModelAdmin is shared by all requests).
_current = threading.local()


def _staff(request: HttpRequest) -> StaffMember | None:
    if not request.user.is_authenticated:
        return None
    return StaffMember.objects.filter(user=request.user).select_related("clinic").first()


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin[Invite]):
    list_display = ["__str__", "created_by", "created_at", "expires_at", "status"]
    search_fields = ["name", "email"]
    readonly_fields = ["join_link", "status", "created_by", "created_at", "accepted_by"]

    def get_fields(self, request: HttpRequest, obj: Invite | None = None) -> list[Any]:
        fields: list[Any] = ["name", "email"]
        if _staff(request) is None:
            fields.insert(0, "clinic")  # a superuser outside any clinic picks one
        if obj is not None:
            fields = ["join_link", "status", *fields, "created_by", "created_at", "expires_at"]
        return fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invite]:
        invites = super().get_queryset(request).select_related("clinic", "created_by__user")
        staff = _staff(request)
        if staff is not None:
            return invites.filter(clinic=staff.clinic)
        return invites if request.user.is_superuser else invites.none()

    # Every clinician may invite patients to their own clinic, without a separate permission.
    def _in_a_clinic(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff) and (
            _staff(request) is not None or request.user.is_superuser
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._in_a_clinic(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._in_a_clinic(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._in_a_clinic(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._in_a_clinic(request)

    def save_model(
        self, request: HttpRequest, obj: Invite, form: ModelForm[Any], change: bool
    ) -> None:
        staff = _staff(request)
        if not change:
            obj.created_by = staff
            if staff is not None:
                obj.clinic = staff.clinic
        super().save_model(request, obj, form, change)

    @admin.display(description=gettext_lazy("Status"))
    def status(self, obj: Invite) -> str:
        if obj.accepted_at is not None:
            return _("Used on %(day)s") % {"day": f"{obj.accepted_at:%Y-%m-%d}"}
        if obj.withdrawn_at is not None:
            return _("Withdrawn on %(day)s") % {"day": f"{obj.withdrawn_at:%Y-%m-%d}"}
        return _("Waiting") if obj.usable else _("Expired")

    @admin.display(description=gettext_lazy("Link to send to the patient"))
    def join_link(self, obj: Invite) -> str:
        request: HttpRequest | None = getattr(_current, "request", None)
        if obj.pk is None or request is None:
            return _("Save the invitation to get its link.")
        url = request.build_absolute_uri(reverse("join", args=[obj.token]))
        return format_html(
            '<input type="text" value="{}" readonly size="60" aria-label="{}"><br>{}',
            url,
            _("Join link"),
            _(
                "Copy this link into an e-mail or message to the patient. It works once, "
                "until %(day)s."
            )
            % {"day": f"{obj.expires_at:%Y-%m-%d}"},
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Invite | None = None) -> list[str]:
        _current.request = request
        return list(self.readonly_fields)

    def response_add(
        self, request: HttpRequest, obj: Invite, post_url_continue: str | None = None
    ) -> HttpResponse:
        # Straight to the page with the link: copying it is the next thing to do.
        if "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request, _("Invitation made. Copy its link below and send it to the patient.")
        )
        return HttpResponseRedirect(reverse("admin:portal_invite_change", args=[obj.pk]))
