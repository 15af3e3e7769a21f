"""The API object: version 1, its error answers, and the routers of each area."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from backrehab import json_text
from backrehab.api.auth import ANY_SIGNED_IN
from backrehab.api.errors import Invalid
from backrehab.clinical.intake import describe_errors


class _Parser(Parser):
    """JSON bodies, refused before parsing when nested too deeply (400)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json_text.loads(request.body)


api = NinjaAPI(
    parser=_Parser(),
    title="backrehab API",
    version="1",
    description=(
        "The backrehab JSON API: exercises, patients, evaluations, programs, session logs, "
        "scores, progression decisions, alerts and messages, with the same permissions as the "
        "web pages. "
        "Send `Authorization: Bearer <key>`; see docs/api.md."
    ),
    urls_namespace="api",
    auth=ANY_SIGNED_IN,
)

# Where a request's parts sit in ninja's error locations; the rest is the field's path.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    if loc and loc[0] in _SOURCES:
        loc = loc[1:]
        # A single body model is named after the view's argument, which the client never sees.
        if loc and loc[0] in ("payload", "answers"):
            loc = loc[1:]
    return loc


def error(
    request: HttpRequest, status: int, detail: str, errors: list[str] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = describe_errors([{**e, "loc": _field_path(tuple(e["loc"]))} for e in exc.errors])
    return error(request, 422, "Some values are missing or not valid.", problems)


@api.exception_handler(Invalid)
def invalid_content(request: HttpRequest, exc: Invalid) -> HttpResponse:
    return error(request, 422, exc.detail, exc.problems)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response: HttpResponse = error(
        request, 401, "Send a valid API key (Authorization: Bearer <key>), or sign in."
    )
    response["WWW-Authenticate"] = 'Bearer realm="backrehab"'
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Someone else's record answers exactly like one that does not exist.
    return error(request, 404, str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB); say so in JSON.
    return error(request, 413, "The request body is too large (at most 2.5 MB).")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, exc.message)


def _routers() -> None:
    from backrehab.api.endpoints import alerts, care, exercises, messages, patients, sessions

    api.add_router("", exercises.router)
    api.add_router("", patients.router)
    api.add_router("", care.router)
    api.add_router("", sessions.router)
    api.add_router("", alerts.router)
    api.add_router("", messages.router)


_routers()
