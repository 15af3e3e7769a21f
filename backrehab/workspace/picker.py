"""The prescribing picker: find an exercise by name or alias, narrow by category, position,
equipment and movement bias, and see what adding it would warn about before it is added.

The picker's fields live in the editor's own form, so a search re-renders the page with the
draft as it stands (no JavaScript needed); a plain GET with `pick-*` fields searches too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from backrehab.care import prescribing
from backrehab.clinic.models import Patient
from backrehab.clinical.exercises import Exercise, Tag
from backrehab.library.catalog import Catalog
from backrehab.library.labels import LABELS
from backrehab.library.queries import dose_text
from backrehab.workspace.forms import PickerForm
from backrehab.workspace.prescribe_text import warning_text

SHOWN = 12  # results on one page: enough to choose from, few enough to read


@dataclass(frozen=True)
class Picker:
    form: PickerForm
    results: list[dict[str, Any]]
    count: int  # how many match (more than are shown when the search is broad)
    filtered: bool

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.results))


def filters_of(form: PickerForm) -> dict[str, Any]:
    """The valid filters; a bad one is reported beside its field and ignored."""
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return {k: v for k, v in cleaned.items() if k not in form.errors and v}


def picker(
    data: QueryDict,
    catalog: Catalog,
    *,
    in_draft: Collection[str],
    patient: Patient | None = None,
    names: Mapping[str, str] | None = None,
) -> Picker:
    """The picker's results for the submitted fields; each with its thumbnail's exercise id,
    its labels, its starting dose and, for a patient, the warnings adding it would raise."""
    form = PickerForm(data)
    filters = filters_of(form)
    found = catalog.listing(filters)
    shown = found[:SHOWN]
    library = catalog.library()
    warnings = (
        prescribing.candidate_warnings(patient, [e.slug for e in shown], library)
        if patient is not None
        else {}
    )
    names = names or catalog.names()
    results = []
    for entry in shown:
        exercise = catalog.exercise(entry.slug) or entry.original
        original = entry.original
        results.append(
            {
                "slug": entry.slug,
                "name": exercise.name,
                "aliases": [a for a in exercise.aliases if a != exercise.name][:3],
                "summary": exercise.summary,
                "labels": [
                    LABELS[original.category.value],
                    LABELS[original.position.value],
                    LABELS[original.bias.value],
                ],
                "equipment": [LABELS[e] for e in entry.equipment if e in LABELS],
                "dose": dose_text(exercise),
                "in_draft": entry.slug in in_draft,
                "warnings": [warning_text(w, names, catalog) for w in warnings.get(entry.slug, [])],
                "origin": entry.origin,
            }
        )
    return Picker(form=form, results=results, count=len(found), filtered=bool(filters))


def item_row(
    form: Any, names: Mapping[str, str], library: Mapping[str, Exercise]
) -> dict[str, Any]:
    """One exercise of the editor: its name, its own rest between sets (shown as the default;
    offered only with more than one set) and whether it is one repeated through the day (only
    then is times-a-day offered)."""
    slug = str(form["exercise"].value())
    exercise = library.get(slug)
    try:
        sets = int(form["sets"].value() or 1)
    except (TypeError, ValueError):
        sets = 1
    return {
        "sets_apart": sets > 1 or form["rest_seconds"].value() not in (None, ""),
        "form": form,
        "slug": slug,
        "name": names.get(slug, slug),
        "rest": exercise.dose.rest_seconds if exercise is not None else None,
        "daily": bool(
            form["times_per_day"].value()
            or (exercise is not None and exercise.dose.times_per_day)
            or (exercise is not None and Tag.DIRECTIONAL in exercise.tags)
        ),
    }
