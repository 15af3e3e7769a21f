from __future__ import annotations

from django import forms

from backrehab.clinical.exercises import Bias, Category, Equipment, Position


def _choices(
    enum: type[Category] | type[Position] | type[Bias] | type[Equipment], label: str
) -> list[tuple[str, str]]:
    return [("", label)] + [(e.value, e.value.replace("-", " ").capitalize()) for e in enum]


class LibraryFilter(forms.Form):
    """The library's filters, from the query string; bad values are reported, not fatal."""

    q = forms.CharField(required=False, max_length=80, label="Search by name")
    category = forms.ChoiceField(required=False, choices=_choices(Category, "Any category"))
    position = forms.ChoiceField(required=False, choices=_choices(Position, "Any position"))
    equipment = forms.ChoiceField(required=False, choices=_choices(Equipment, "Any equipment"))
    bias = forms.ChoiceField(
        required=False, choices=_choices(Bias, "Any movement bias"), label="Movement bias"
    )
