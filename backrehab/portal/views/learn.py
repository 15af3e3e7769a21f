"""Lessons on moving through the day: the ones the evaluation picked first, then the rest."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from backrehab.clinic.models import Patient
from backrehab.clinical.lessons import Lesson, bundled_lessons
from backrehab.portal.access import patient_required
from backrehab.portal.reason_text import reason_texts
from backrehab.portal.services import active_program


def chosen_topics(patient: Patient) -> dict[str, list[str]]:
    """Topic id -> why it was chosen, from the education list of the program in force."""
    program = active_program(patient)
    if program is None:
        return {}
    chosen: dict[str, list[str]] = {}
    for item in program.plan.get("education", []):
        if isinstance(item, dict) and "topic" in item:
            chosen[str(item["topic"])] = reason_texts(item.get("reasons", []))
    return chosen


def _language() -> str:
    """The active language without its region ("es" for "es-ar")."""
    return (get_language() or "en").split("-")[0]


@login_required
@patient_required
def learn(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    lessons = bundled_lessons(_language())
    chosen = chosen_topics(patient)
    for_you = [(lessons[t], why) for t, why in chosen.items() if t in lessons]
    others = [lesson for t, lesson in lessons.items() if t not in chosen]
    context: dict[str, Any] = {"for_you": for_you, "others": others}
    return render(request, "portal/learn_index.html", context)


@login_required
@patient_required
def lesson(request: HttpRequest, slug: str) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    found: Lesson | None = bundled_lessons(_language()).get(slug)
    if found is None:
        raise Http404("no such lesson")
    why = chosen_topics(patient).get(slug, [])
    return render(request, "portal/lesson.html", {"lesson": found, "why": why})
