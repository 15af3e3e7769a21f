"""Staff curate their clinic's exercises here; bundled ones are read-only (they come from data
files). A clinician sees the bundled exercises and their own clinic's, and changes only their
clinic's; a site superuser sees and changes every clinic's. Every change is an action
(library/actions.py), audited for the clinic."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from backrehab.clinic.models import Clinic
from backrehab.library import actions, services
from backrehab.library.catalog import scope
from backrehab.library.models import ExerciseRecord, Origin


def _own_clinic(request: HttpRequest) -> Clinic | None:
    staff = getattr(request.user, "staff", None)
    return staff.clinic if staff is not None else None


class ExerciseDocumentForm(forms.ModelForm[ExerciseRecord]):
    """The exercise as YAML, in the same shape as a library data file, checked by the schema."""

    content = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 40, "cols": 100, "spellcheck": "false"}),
        help_text="The exercise in the same YAML format as the library's data files.",
    )

    class Meta:
        model = ExerciseRecord
        fields = ["clinic"]

    # Set by ExerciseAdmin.get_form: who is saving, for the action's permission check and audit.
    request: HttpRequest

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "clinic" in self.fields:
            # A site superuser chooses the clinic; a clinic exercise always has one.
            self.fields["clinic"].required = True
        if self.instance.pk and "content" not in self.initial:
            self.initial["content"] = yaml.safe_dump(
                self.instance.document, sort_keys=False, allow_unicode=True, width=100
            )

    def clean_content(self) -> Any:
        try:
            document = yaml.safe_load(self.cleaned_data["content"])
        except yaml.YAMLError as exc:
            raise forms.ValidationError(f"Not valid YAML: {exc}") from exc
        try:
            services.validate_document(document)
        except services.ExerciseInvalid as exc:
            raise forms.ValidationError(exc.problems) from exc
        return document

    def save(self, commit: bool = True) -> ExerciseRecord:
        # The action validates again, checks ids and rights and draws the figures: one write path.
        request = self.request
        superuser = getattr(request.user, "is_superuser", False)
        clinic = self.cleaned_data.get("clinic") if superuser else _own_clinic(request)
        try:
            return actions.do_save_clinic_exercise(
                self.cleaned_data["content"],
                clinic,
                by=request.user,
                record_to_change=self.instance if self.instance.pk else None,
                request=request,
            )
        except services.ExerciseInvalid as exc:
            raise forms.ValidationError(exc.problems) from exc

    def save_m2m(self) -> None:  # no many-to-many fields
        return None


@admin.register(ExerciseRecord)
class ExerciseAdmin(admin.ModelAdmin[ExerciseRecord]):
    form = ExerciseDocumentForm
    list_display = ["name", "slug", "category", "position", "bias", "origin", "retired"]
    list_filter = ["origin", "category", "position", "bias", "retired", "clinic"]
    search_fields = ["name", "slug", "search_text"]
    actions = ["copy_to_clinic"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExerciseRecord]:
        records = super().get_queryset(request)
        if getattr(request.user, "is_superuser", False):
            return records
        clinic = _own_clinic(request)
        return records.filter(scope(clinic.pk if clinic is not None else None))

    def get_list_filter(self, request: HttpRequest) -> Any:
        if getattr(request.user, "is_superuser", False):
            return self.list_filter
        # The clinic filter would list every clinic's name.
        return [f for f in self.list_filter if f != "clinic"]

    def has_change_permission(
        self, request: HttpRequest, obj: ExerciseRecord | None = None
    ) -> bool:
        if obj is not None and obj.origin == Origin.LIBRARY:
            # Bundled exercises change through their data file and `backrehab load-library`.
            return False
        if obj is not None and not actions.may_curate(request.user, obj.clinic_id):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: ExerciseRecord | None = None
    ) -> bool:
        if obj is not None and obj.origin == Origin.LIBRARY:
            return False
        if obj is not None and not actions.may_curate(request.user, obj.clinic_id):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Staff add exercises to their own clinic; a superuser picks one.
        if not getattr(request.user, "is_superuser", False) and _own_clinic(request) is None:
            return False
        return super().has_add_permission(request)

    def get_fields(self, request: HttpRequest, obj: ExerciseRecord | None = None) -> Any:
        if obj is not None and obj.origin == Origin.LIBRARY:
            return ["name", "slug", "category", "position", "bias", "preview"]
        fields = ["content", "preview"] if obj else ["content"]
        # Only a site superuser chooses (or moves) the clinic; staff always save to their own.
        return ["clinic", *fields] if getattr(request.user, "is_superuser", False) else fields

    def get_readonly_fields(self, request: HttpRequest, obj: ExerciseRecord | None = None) -> Any:
        return ["name", "slug", "category", "position", "bias", "preview"]

    @admin.display(description="Demonstration")
    def preview(self, obj: ExerciseRecord) -> SafeString:
        return format_html('<div style="max-width:420px">{}</div>', SafeString(obj.figure_animated))

    def save_model(
        self, request: HttpRequest, obj: ExerciseRecord, form: Any, change: bool
    ) -> None:
        # ExerciseDocumentForm.save() already stored the record through the action.
        return None

    def delete_model(self, request: HttpRequest, obj: ExerciseRecord) -> None:
        actions.do_delete_clinic_exercise(obj, by=request.user, request=request)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ExerciseRecord]) -> None:
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied
        for obj in queryset:
            actions.do_delete_clinic_exercise(obj, by=request.user, request=request)

    def get_form(
        self,
        request: HttpRequest,
        obj: ExerciseRecord | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        if obj is not None and obj.origin == Origin.LIBRARY:
            kwargs["form"] = forms.ModelForm
            kwargs["fields"] = []
            return super().get_form(request, obj, change, **kwargs)
        form = super().get_form(request, obj, change, **kwargs)
        # The form saves through the action, which needs to know who is saving.
        return type(form.__name__, (form,), {"request": request})

    @admin.action(description="Copy to a new clinic exercise (to adapt it)")
    def copy_to_clinic(self, request: HttpRequest, queryset: QuerySet[ExerciseRecord]) -> None:
        for record in queryset:
            document = dict(record.document)
            base = f"{record.slug}-clinic"
            slug, n = base, 2
            while ExerciseRecord.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            document["id"] = slug
            document["name"] = f"{document['name']} (clinic version)"[:80]
            document["from_article"] = False
            try:
                actions.do_save_clinic_exercise(
                    document, _own_clinic(request), by=request.user, request=request
                )
            except services.ExerciseInvalid as exc:
                self.message_user(request, f"{record.name}: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"Copied {record.name} as {slug}.", messages.SUCCESS)
