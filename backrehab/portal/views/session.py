"""The guided session: the player page, and the address its finished logs are sent to."""

from __future__ import annotations

import uuid
from typing import Any

from csp.constants import WASM_UNSAFE_EVAL
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backrehab import json_text
from backrehab.care import services as care
from backrehab.care.actions.sessions import do_resume_after_break
from backrehab.care.models import Program
from backrehab.json_text import nul_problem
from backrehab.library.catalog import Catalog
from backrehab.portal.access import patient_required
from backrehab.portal.services import active_program
from backrehab.portal.session_plan import coach_assets, motion_models, session_plan

# The camera coach runs MediaPipe's pose model as WebAssembly, which the browser compiles only
# when script-src allows 'wasm-unsafe-eval'. That source allows compiling WebAssembly and nothing
# else: eval() and new Function() stay blocked ('unsafe-eval' is not needed - the pose files
# use neither), scripts still come only from this site, and connect-src stays 'self'. Only this
# page gets it; every other page keeps script-src 'self'.
CAMERA_COACH_CSP = {"script-src": [WASM_UNSAFE_EVAL]}


@csp_update(CAMERA_COACH_CSP)
@login_required
@patient_required
def session(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    # The first session back after a break of two weeks or more starts one rung lower.
    do_resume_after_break(patient, request=request)
    program = active_program(patient)
    if program is None:
        return redirect("today")
    plan = session_plan(program, Catalog.for_request(request), coach=coach_assets())
    return render(request, "portal/session.html", {"plan": plan.data, "figures": plan.figures})


@login_required
@patient_required
def session_motion(request: HttpRequest) -> HttpResponse:
    """What the camera coach tracks in each exercise of the program in force: fetched by the
    player only after the patient opts in to the camera (posing each figure takes a moment, and
    the session page stays as light and as quick as before for everyone else)."""
    patient = request.user.patient  # type: ignore[union-attr]
    program = active_program(patient)
    models = motion_models(program, Catalog.for_request(request)) if program else {}
    return JsonResponse({"models": models})


def _errors(status: int, *problems: str) -> JsonResponse:
    return JsonResponse({"errors": list(problems)}, status=status)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _envelope_problems(client_id: uuid.UUID | None, program_id: Any, data: Any) -> list[str]:
    problems = []
    if client_id is None:
        problems.append("client_id: must be a UUID")
    if not isinstance(program_id, int) or isinstance(program_id, bool):
        problems.append("program: must be a program id")
    if not isinstance(data, dict):
        problems.append("session: must be a session log object")
    return problems


@require_POST
def session_log(request: HttpRequest) -> HttpResponse:
    # The phone's outbox keeps a log until it gets a JSON "stored", so answer in JSON rather
    # than with a redirect to the sign-in page, which would look like success to fetch().
    if not request.user.is_authenticated:
        return _errors(401, "Sign in again to send this session.")
    patient = getattr(request.user, "patient", None)
    if patient is None:
        return _errors(403, "Only patients record sessions.")
    try:
        body: Any = json_text.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _errors(400, "The log is not valid JSON.")
    if not isinstance(body, dict):
        return _errors(400, "The log must be a JSON object.")
    if problem := nul_problem(body):
        return _errors(422, problem)
    client_id = _uuid(body.get("client_id"))
    program_id = body.get("program")
    data = body.get("session")
    if (
        client_id is None
        or not isinstance(program_id, int)
        or isinstance(program_id, bool)
        or not isinstance(data, dict)
    ):
        return _errors(400, *_envelope_problems(client_id, program_id, data))
    # Any of the patient's programs, not only the one in force: a log kept on the phone
    # while offline may arrive after the program has moved on.
    program = Program.objects.filter(pk=program_id, patient=patient).first()
    if program is None:
        return _errors(404, "program: not one of your programs")
    try:
        log, created = care.record_session(patient, program, client_id, data)
    except care.CareInputInvalid as exc:
        return _errors(422, *exc.problems)
    if log.patient_id != patient.pk:
        return _errors(400, "client_id: already used for another log")
    care.apply_progression(patient)
    return JsonResponse({"stored": True, "created": created}, status=201 if created else 200)
