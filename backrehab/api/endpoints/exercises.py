"""The exercise library, readable by anyone, like the library pages (a clinic's own exercises by
its own people only)."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from backrehab.api.auth import token_auth
from backrehab.api.pagination import Paged
from backrehab.api.schemas import Error, ExerciseDetail, ExerciseFilters, ExerciseSummary
from backrehab.library import queries
from backrehab.library.catalog import Catalog, Entry, clinic_of

router = Router(tags=["exercises"])


def _catalog(request: HttpRequest) -> Catalog:
    """Visitors read the bundled library; a signed-in caller (a token or the web app's session)
    reads their clinic's own exercises too. An unknown token reads as a visitor."""
    user = token_auth(request) if "Authorization" in request.headers else None
    return Catalog.for_clinic(clinic_of(user or getattr(request, "user", None)))


def _summary(entry: Entry, catalog: Catalog) -> dict[str, Any]:
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
    catalog = _catalog(request)
    return [_summary(entry, catalog) for entry in catalog.listing(filters.model_dump())]


@router.get(
    "/exercises/{exercise_id}",
    auth=None,
    response={200: ExerciseDetail, 404: Error},
    url_name="exercise-detail",
    summary="One exercise",
)
def exercise_detail(request: HttpRequest, exercise_id: str) -> Any:
    catalog = _catalog(request)
    entry = catalog.get(exercise_id)
    exercise = catalog.exercise(exercise_id)
    if entry is None or exercise is None:
        raise Http404("No such exercise.")
    return {
        **exercise.model_dump(mode="json"),
        "id": entry.slug,
        "equipment": entry.equipment,
        "origin": entry.origin,
        "retired": entry.retired,
        "dose_text": queries.dose_text(exercise),
    }
