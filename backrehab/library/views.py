"""Library pages and their JSON twins. Views only read; changes go through services.py."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from backrehab.clinical.conditions import CONDITIONS
from backrehab.library import queries
from backrehab.library.forms import LibraryFilter
from backrehab.library.localization import localized, localized_names
from backrehab.library.models import ExerciseRecord

FIGURES = {"figure": "figure_animated", "start": "figure_start", "peak": "figure_peak"}


def _summary(record: ExerciseRecord, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": record.slug,
        "name": record.name,
        "summary": record.document.get("summary", ""),
        "category": record.category,
        "position": record.position,
        "bias": record.bias,
        "equipment": record.equipment,
        "origin": record.origin,
        "url": request.build_absolute_uri(reverse("exercise-detail", args=[record.slug])),
        "json": request.build_absolute_uri(reverse("exercise-json", args=[record.slug])),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "home.html", {"count": ExerciseRecord.objects.filter(retired=False).count()}
    )


@require_GET
def exercise_list(request: HttpRequest, as_json: bool = False) -> HttpResponse:
    form = LibraryFilter(request.GET)
    # An invalid filter is shown next to its field and ignored, so the page still lists.
    filters = (
        form.cleaned_data
        if form.is_valid()
        else {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    )
    records = list(queries.filtered(filters))
    names = localized_names()
    for record in records:
        # Shown in the reader's language where a translation exists.
        record.display_name, record.display_summary = names.get(  # type: ignore[attr-defined]
            record.slug, (record.name, record.document.get("summary", ""))
        )
    if as_json:
        return JsonResponse(
            {
                "count": len(records),
                "filters": {k: v for k, v in filters.items() if v},
                "errors": {k: [str(e) for e in v] for k, v in form.errors.items()},
                "exercises": [_summary(r, request) for r in records],
            }
        )
    return render(
        request,
        "library/list.html",
        {
            "form": form,
            "records": records,
            "filtered": any(filters.values()),
            "narrowed": any(v for k, v in filters.items() if k != "q"),
            "json_url": reverse("exercise-list-json")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        },
    )


@require_GET
def exercise_detail(request: HttpRequest, slug: str, as_json: bool = False) -> HttpResponse:
    record = get_object_or_404(ExerciseRecord, slug=slug)
    exercise = localized(record.exercise)
    steps = queries.chain(exercise, queries.names_by_slug())
    if as_json:
        return JsonResponse(
            {
                **record.document,
                "origin": record.origin,
                "retired": record.retired,
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
            "record": record,
            "exercise": exercise,
            "dose_text": queries.dose_text(exercise),
            "progression": steps["progression"],
            "regression": steps["regression"],
            "precautions": [
                {"label": CONDITIONS[p.condition].label, "action": p.action.value, "note": p.note}
                for p in exercise.precautions
            ],
        },
    )


@require_GET
def exercise_figure(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    if kind not in FIGURES:
        raise Http404("No such figure")
    record = get_object_or_404(
        ExerciseRecord.objects.only(FIGURES[kind], "content_hash"), slug=slug
    )
    response = HttpResponse(getattr(record, FIGURES[kind]), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    response["ETag"] = f'"{record.content_hash[:16]}-{kind}"'
    return response
