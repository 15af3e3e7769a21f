"""Staff curate clinic exercises here; bundled ones are read-only (they come from data files)."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from backrehab.library import services
from backrehab.library.models import ExerciseRecord, Origin


class ExerciseDocumentForm(forms.ModelForm[ExerciseRecord]):
    """The exercise as YAML, in the same shape as a library data file, checked by the schema."""

    content = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 40, "cols": 100, "spellcheck": "false"}),
        help_text="The exercise in the same YAML format as the library's data files.",
    )

    class Meta:
        model = ExerciseRecord
        fields = ["clinic"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
        # The service validates again, checks ids and draws the figures; keep one write path.
        try:
            return services.save_clinic_exercise(
                self.cleaned_data["content"],
                self.cleaned_data.get("clinic"),
                self.instance if self.instance.pk else None,
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

    def has_change_permission(
        self, request: HttpRequest, obj: ExerciseRecord | None = None
    ) -> bool:
        if obj is not None and obj.origin == Origin.LIBRARY:
            # Bundled exercises change through their data file and `backrehab load-library`.
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: ExerciseRecord | None = None
    ) -> bool:
        if obj is not None and obj.origin == Origin.LIBRARY:
            return False
        return super().has_delete_permission(request, obj)

    def get_fields(self, request: HttpRequest, obj: ExerciseRecord | None = None) -> Any:
        if obj is not None and obj.origin == Origin.LIBRARY:
            return ["name", "slug", "category", "position", "bias", "preview"]
        return ["clinic", "content", "preview"] if obj else ["clinic", "content"]

    def get_readonly_fields(self, request: HttpRequest, obj: ExerciseRecord | None = None) -> Any:
        return ["name", "slug", "category", "position", "bias", "preview"]

    @admin.display(description="Demonstration")
    def preview(self, obj: ExerciseRecord) -> SafeString:
        return format_html('<div style="max-width:420px">{}</div>', SafeString(obj.figure_animated))

    def save_model(
        self, request: HttpRequest, obj: ExerciseRecord, form: Any, change: bool
    ) -> None:
        # ExerciseDocumentForm.save() already stored the record through the service layer.
        return None

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
            staff = getattr(request.user, "staff", None)
            try:
                services.save_clinic_exercise(document, staff.clinic if staff else None)
            except services.ExerciseInvalid as exc:
                self.message_user(request, f"{record.name}: {exc}", messages.ERROR)
            else:
                self.message_user(request, f"Copied {record.name} as {slug}.", messages.SUCCESS)
