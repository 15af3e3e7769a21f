"""Library pages and their JSON twins. Views only read (through the catalog); changes are
actions (actions.py).

Visitors see the bundled library; a clinic's staff and patients also see that clinic's own
exercises, and nobody sees another clinic's (its pages answer 404, like a missing one).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from backrehab.library import queries
from backrehab.library.catalog import FIGURES, Catalog, Entry, clinic_of, figure
from backrehab.library.forms import LibraryFilter
from backrehab.library.labels import LABELS, condition_name


def _card(entry: Entry, catalog: Catalog) -> dict[str, Any]:
    """What a page shows of an exercise besides its text: its id, labels and where it is from."""
    original = entry.original
    shown = catalog.exercise(entry.slug) or original
    return {
        "slug": entry.slug,
        "display_name": shown.name,
        "display_summary": shown.summary,
        "category_label": LABELS[original.category.value],
        "position_label": LABELS[original.position.value],
        "bias_label": LABELS[original.bias.value],
        "equipment": entry.equipment,
        "origin": entry.origin,
        "retired": entry.retired,
    }


def _summary(entry: Entry, catalog: Catalog, request: HttpRequest) -> dict[str, Any]:
    original = entry.original
    return {
        "id": entry.slug,
        "name": catalog.name(entry.slug),
        "summary": (catalog.exercise(entry.slug) or original).summary,
        "category": original.category.value,
        "position": original.position.value,
        "bias": original.bias.value,
        "equipment": entry.equipment,
        "origin": entry.origin,
        "url": request.build_absolute_uri(reverse("exercise-detail", args=[entry.slug])),
        "json": request.build_absolute_uri(reverse("exercise-json", args=[entry.slug])),
    }


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"count": len(Catalog.for_request(request).current())})


@require_safe
def exercise_list(request: HttpRequest, as_json: bool = False) -> HttpResponse:
    form = LibraryFilter(request.GET)
    # An invalid filter is shown next to its field and ignored, so the page still lists.
    filters = (
        form.cleaned_data
        if form.is_valid()
        else {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    )
    catalog = Catalog.for_request(request)
    entries = catalog.listing(filters)
    if as_json:
        return JsonResponse(
            {
                "count": len(entries),
                "filters": {k: v for k, v in filters.items() if v},
                "errors": {k: [str(e) for e in v] for k, v in form.errors.items()},
                "exercises": [_summary(e, catalog, request) for e in entries],
            }
        )
    return render(
        request,
        "library/list.html",
        {
            "form": form,
            "records": [_card(e, catalog) for e in entries],
            "filtered": any(filters.values()),
            "narrowed": any(v for k, v in filters.items() if k != "q"),
            "json_url": reverse("exercise-list-json")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        },
    )


@require_safe
def exercise_detail(request: HttpRequest, slug: str, as_json: bool = False) -> HttpResponse:
    catalog = Catalog.for_request(request)
    entry = catalog.get(slug)
    exercise = catalog.exercise(slug)
    if entry is None or exercise is None:
        raise Http404("No such exercise.")
    steps = queries.chain(exercise, catalog.names())
    if as_json:
        return JsonResponse(
            {
                **entry.original.model_dump(mode="json"),
                "origin": entry.origin,
                "retired": entry.retired,
                "dose_text": queries.dose_text(exercise),
                "figures": {
                    kind: request.build_absolute_uri(reverse("exercise-figure", args=[slug, kind]))
                    for kind in FIGURES
                },
            }
        )
    return render(
        request,
        "library/detail.html",
        {
            "record": _card(entry, catalog),
            "figure": catalog.figures([slug], "figure").get(slug, {}).get("figure", ""),
            "exercise": exercise,
            "dose_text": queries.dose_text(exercise),
            "progression": steps["progression"],
            "regression": steps["regression"],
            "precautions": [
                {"label": condition_name(p.condition), "action": p.action.value, "note": p.note}
                for p in exercise.precautions
            ],
        },
    )


@require_safe
def exercise_figure(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    if kind not in FIGURES:
        raise Http404("No such figure")
    found = figure(clinic_of(request.user), slug, kind)
    if found is None:
        raise Http404("No such exercise.")
    response = HttpResponse(found.svg, content_type="image/svg+xml")
    # A clinic's own figure is for its own people: no shared cache may keep it.
    response["Cache-Control"] = f"{'public' if found.bundled else 'private'}, max-age=3600"
    response["ETag"] = f'"{found.content_hash[:16]}-{kind}"'
    return response
