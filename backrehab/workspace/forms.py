"""The clinician pages' forms: bad input comes back as a message naming the field."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from backrehab.care.prescribing import DraftItem
from backrehab.library.forms import LibraryFilter

NOTE_LENGTH = 300  # ProgramItem.note's bound


class DashboardFilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Patients"),
        choices=[("mine", _("My caseload")), ("clinic", _("Whole clinic"))],
        required=False,
    )
    risk = forms.ChoiceField(
        label=_("Risk group"),
        choices=[
            ("", _("Any")),
            ("high", _("High")),
            ("medium", _("Medium")),
            ("low", _("Low")),
            ("none", _("Not scored")),
        ],
        required=False,
    )
    alerts = forms.BooleanField(label=_("Only with open alerts"), required=False)
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    sort = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note before saving it.")},
    )


class ItemForm(forms.Form):
    exercise = forms.CharField(max_length=60, widget=forms.HiddenInput)
    sets = forms.IntegerField(label=_("Sets"), min_value=1, max_value=10)
    reps = forms.IntegerField(label=_("Reps"), min_value=1, max_value=50, required=False)
    hold_seconds = forms.IntegerField(
        label=_("Hold (s)"), min_value=1, max_value=300, required=False
    )
    duration_seconds = forms.IntegerField(
        label=_("Time (s)"), min_value=5, max_value=3600, required=False
    )
    per_side = forms.BooleanField(label=_("Each side"), required=False)
    times_per_day = forms.IntegerField(
        label=_("Times a day"), min_value=1, max_value=12, required=False
    )
    rest_seconds = forms.IntegerField(
        label=_("Rest between sets (s)"), min_value=0, max_value=600, required=False
    )
    note = forms.CharField(
        label=_("Note to the patient"),
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NOTE_LENGTH}),
    )

    def item(self) -> DraftItem:
        data = self.cleaned_data
        return DraftItem(
            exercise=data["exercise"],
            sets=data["sets"],
            reps=data.get("reps"),
            hold_seconds=data.get("hold_seconds"),
            duration_seconds=data.get("duration_seconds"),
            per_side=bool(data.get("per_side")),
            times_per_day=data.get("times_per_day"),
            rest_seconds=data.get("rest_seconds"),
            note=data.get("note") or "",
        )


def item_initial(item: DraftItem) -> dict[str, object]:
    """A draft item as the editor's form shows it."""
    return {
        "exercise": item.exercise,
        "sets": item.sets,
        "reps": item.reps,
        "hold_seconds": item.hold_seconds,
        "duration_seconds": item.duration_seconds,
        "per_side": item.per_side,
        "times_per_day": item.times_per_day,
        "rest_seconds": item.rest_seconds,
        "note": item.note,
    }


ItemFormSet = formset_factory(ItemForm, extra=0, max_num=40, validate_max=True)


class PrescriptionForm(forms.Form):
    start = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    sessions_per_week = forms.IntegerField(label=_("Sessions a week"), min_value=1, max_value=14)
    add_exercise = forms.ChoiceField(label=_("Add an exercise"), required=False)
    reason = forms.CharField(
        label=_("Why this change (shown in the program's history)"),
        required=False,
        max_length=200,
    )
    template_title = forms.CharField(label=_("Template name"), required=False, max_length=120)
    template_description = forms.CharField(
        label=_("What the template is for"), required=False, max_length=500
    )

    def __init__(self, *args: object, exercises: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choice = self.fields["add_exercise"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", _("Choose an exercise")), *exercises]


class PickerForm(LibraryFilter):
    """The prescribing picker's search and filters (prefix "pick"), kept with the draft."""

    prefix = "pick"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["q"].label = _("Search by name or alias")


class TemplateForm(forms.Form):
    description = forms.CharField(
        label=_("What the template is for"), required=False, max_length=500
    )


class RenameTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("New name"),
        max_length=120,
        error_messages={"required": _("Give the template a name.")},
    )


class TemplateFromProgramForm(forms.Form):
    patient = forms.TypedChoiceField(
        label=_("The program of"), coerce=int, error_messages={"required": _("Choose a patient.")}
    )
    name = forms.CharField(
        label=_("Template name"),
        max_length=120,
        error_messages={"required": _("Give the template a name.")},
    )
    description = forms.CharField(
        label=_("What the template is for"), required=False, max_length=500
    )

    def __init__(self, *args: object, patients: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choice = self.fields["patient"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", _("Choose a patient")), *patients]
