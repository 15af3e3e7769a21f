from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backrehab.clinical.exercises import Bias, Category, Equipment, Position
from backrehab.library.labels import choices


def _choices(
    enum: type[Category] | type[Position] | type[Bias] | type[Equipment], label: Any
) -> list[tuple[str, Any]]:
    return [("", label), *choices([e.value for e in enum])]


class LibraryFilter(forms.Form):
    """The library's filters, from the query string; bad values are reported, not fatal."""

    q = forms.CharField(required=False, max_length=80, label=_("Search by name"))
    category = forms.ChoiceField(required=False, choices=_choices(Category, _("Any category")))
    position = forms.ChoiceField(required=False, choices=_choices(Position, _("Any position")))
    equipment = forms.ChoiceField(required=False, choices=_choices(Equipment, _("Any equipment")))
    bias = forms.ChoiceField(
        required=False, choices=_choices(Bias, _("Any movement bias")), label=_("Movement bias")
    )
