"""The exercise library, readable by anyone, like the library pages."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from backrehab.api.pagination import Mapped, Paged
from backrehab.api.schemas import Error, ExerciseDetail, ExerciseFilters, ExerciseSummary
from backrehab.library import queries
from backrehab.library.localization import localized, localized_names
from backrehab.library.models import ExerciseRecord

router = Router(tags=["exercises"])


def _summary(record: ExerciseRecord, names: dict[str, tuple[str, str]]) -> dict[str, Any]:
    name, summary = names.get(record.slug, (record.name, record.document.get("summary", "")))
    return {
        "id": record.slug,
        "name": name,
        "summary": summary,
        "category": record.category,
        "position": record.position,
        "bias": record.bias,
        "equipment": record.equipment,
        "origin": record.origin,
    }


@router.get(
    "/exercises",
    auth=None,
    response={200: list[ExerciseSummary], 422: Error},
    url_name="exercise-list",
    summary="List exercises",
)
@paginate(Paged)
def exercise_list(request: HttpRequest, filters: Query[ExerciseFilters]) -> Any:
    """The library's exercises (retired ones left out), by name, in the reader's language."""
    names = localized_names()
    records = queries.filtered(filters.model_dump()).order_by("name", "pk")
    return Mapped(records, lambda record: _summary(record, names))


@router.get(
    "/exercises/{exercise_id}",
    auth=None,
    response={200: ExerciseDetail, 404: Error},
    url_name="exercise-detail",
    summary="One exercise",
)
def exercise_detail(request: HttpRequest, exercise_id: str) -> Any:
    record = (
        ExerciseRecord.objects.defer("figure_animated", "figure_start", "figure_peak")
        .filter(slug=exercise_id)
        .first()
    )
    if record is None:
        raise Http404("No such exercise.")
    exercise = localized(record.exercise)
    return {
        **exercise.model_dump(mode="json"),
        "id": record.slug,
        "equipment": record.equipment,
        "origin": record.origin,
        "retired": record.retired,
        "dose_text": queries.dose_text(exercise),
    }
