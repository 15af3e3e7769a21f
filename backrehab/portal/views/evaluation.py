"""The online evaluation, one screen at a time, and what comes of it: a referral or a program."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.care.services import CareInputInvalid
from backrehab.clinical.lessons import bundled_lessons
from backrehab.clinical.red_flags import STOPS_PROGRAM, Urgency
from backrehab.library.catalog import Catalog
from backrehab.library.localization import current_language
from backrehab.library.queries import item_dose_words
from backrehab.portal import signup_services as services
from backrehab.portal.access import patient_required
from backrehab.portal.intake_steps import (
    REFERRAL_STEP,
    Step,
    plain_problem,
    step_for_path,
    steps_for,
)
from backrehab.portal.reason_text import reason_texts
from backrehab.portal.services import active_program


def _step_url(step: Step) -> str:
    return reverse("evaluation-step", args=[step.slug])


@login_required
@patient_required
def evaluation(request: HttpRequest) -> HttpResponse:
    """Continue where the patient stopped (or start, or start a re-assessment)."""
    draft = services.start_evaluation(request.user, request.GET.get("kind"))  # type: ignore[arg-type]
    if draft.step == REFERRAL_STEP:
        return redirect("referral")
    steps = steps_for()
    slugs = [s.slug for s in steps]
    if draft.step in slugs:
        # The step saved last is done: go on to the one after it.
        position = min(slugs.index(draft.step) + 1, len(steps) - 1)
        return redirect(_step_url(steps[position]))
    return redirect(_step_url(steps[0]))


@login_required
@patient_required
def evaluation_step(request: HttpRequest, step: str) -> HttpResponse:
    steps = steps_for()
    slugs = [s.slug for s in steps]
    if step not in slugs:
        raise Http404("no such step")
    index = slugs.index(step)
    current = steps[index]
    draft = services.start_evaluation(request.user)  # type: ignore[arg-type]
    if draft.step == REFERRAL_STEP and not current.red_flags:
        # Only a red-flag answer given by mistake may be changed; other screens wait.
        return redirect("referral")

    if request.method == "POST":
        form = current.form(request.POST)
        going_back = "back" in request.POST
        if form.is_valid():
            referral = services.save_step(draft, current.slug, form.store(dict(draft.answers)))
            if referral is not None:
                return redirect("referral")
            if going_back:
                return redirect(_step_url(steps[max(index - 1, 0)]))
            if index + 1 < len(steps):
                return redirect(_step_url(steps[index + 1]))
            return _finish(request, draft, steps)
        if going_back and index > 0:
            # Nothing is lost by going back with an unfinished screen: it was never saved.
            return redirect(_step_url(steps[index - 1]))
    else:
        form = current.form(initial=current.form.initial_from(draft.answers))

    context: dict[str, Any] = {
        "step": current,
        "form": form,
        "number": index + 1,
        "total": len(steps),
        "previous": steps[index - 1] if index else None,
        "last": index + 1 == len(steps),
        "reassessment": draft.kind == Evaluation.Kind.REASSESSMENT,
    }
    return render(request, "portal/evaluation_step.html", context)


def _finish(request: HttpRequest, draft: Any, steps: list[Step]) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    try:
        result = services.finish_evaluation(patient, draft)
    except CareInputInvalid as exc:
        # The engine checks the whole record; send the patient to the first screen it faults.
        first: Step | None = None
        for problem in exc.problems:
            path, _sep, message = problem.partition(": ")
            step, question = step_for_path(steps, path)
            first = first or step
            if step is first:
                messages.error(
                    request,
                    _("%(question)s: %(problem)s")
                    % {"question": question, "problem": plain_problem(path, message)},
                )
        assert first is not None
        return redirect(_step_url(first))
    if result.program is None:
        return redirect("referral")
    return redirect("program")


URGENCY_HEADINGS = {
    Urgency.EMERGENCY: gettext_lazy("Please go to an emergency department now"),
    Urgency.URGENT: gettext_lazy("Please see a doctor today"),
    Urgency.SOON: gettext_lazy("Please see a doctor in the next few days"),
}
URGENCY_ACTIONS = {
    Urgency.EMERGENCY: gettext_lazy(
        "Go to the nearest emergency department now, or call your local emergency number if you "
        "cannot get there safely. Do not wait to see if it passes. You can show them this page."
    ),
    Urgency.URGENT: gettext_lazy(
        "Contact your doctor today, or an urgent care service if your doctor cannot see you "
        "today. Tell them what you answered here."
    ),
    Urgency.SOON: gettext_lazy(
        "Book an appointment with your doctor within the next few days. Tell them what you "
        "answered here."
    ),
}


@login_required
@patient_required
def referral(request: HttpRequest) -> HttpResponse:
    """What to do now when an answer needs a doctor before any exercise."""
    draft = services.start_evaluation(request.user)  # type: ignore[arg-type]
    found = None
    from_draft = draft.step == REFERRAL_STEP
    if from_draft:
        screened = services.provisional_referral(draft.answers)
        found = screened.model_dump(mode="json") if screened else None
    else:
        latest = Evaluation.objects.filter(patient=request.user.patient).first()  # type: ignore[union-attr]
        found = latest.referral if latest is not None else None
    if found is None or Urgency(found["urgency"]) not in STOPS_PROGRAM:
        return redirect("today")
    urgency = Urgency(found["urgency"])
    red_flag_steps = [s for s in steps_for() if s.red_flags]
    context = {
        "urgency": urgency.value,
        "heading": URGENCY_HEADINGS[urgency],
        "action": URGENCY_ACTIONS[urgency],
        "reasons": reason_texts(found["reasons"]),
        "change_url": _step_url(_first_yes(red_flag_steps, draft.answers)) if from_draft else None,
    }
    return render(request, "portal/referral.html", context)


def _first_yes(red_flag_steps: list[Step], answers: dict[str, Any]) -> Step:
    """The red-flag screen holding the first "yes", so a mistaken answer is one tap away."""
    flags = answers.get("red_flags") or {}
    for step in red_flag_steps:
        if any(flags.get(name.removeprefix("red_flags__")) for name in step.form.base_fields):
            return step
    return red_flag_steps[0]


def _education_in_language(education: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The program's lesson topics, titled as the lesson in the reader's language, with why each
    was chosen (`why`)."""
    language = current_language()
    lessons = bundled_lessons(language) if language != "en" else {}
    return [
        {
            **topic,
            **(
                {"title": lessons[t].title, "summary": lessons[t].summary}
                if (t := topic.get("topic")) in lessons
                else {}
            ),
            "why": reason_texts(topic.get("reasons", [])),
        }
        for topic in education
    ]


@login_required
@patient_required
def program(request: HttpRequest) -> HttpResponse:
    """The program in force, each exercise with why it was chosen."""
    patient = request.user.patient  # type: ignore[union-attr]
    current: Program | None = active_program(patient)
    if current is None:
        latest = Evaluation.objects.filter(patient=patient).first()
        if latest is not None and latest.referral:
            return redirect("referral")
        return redirect("evaluation")
    plan = current.plan
    catalog = Catalog.for_request(request)
    items = [
        {
            "slug": i["exercise"],
            "name": catalog.name(i["exercise"]),
            "dose": item_dose_words(i),
            "reasons": reason_texts(i["reasons"], catalog),
        }
        for i in plan["items"]
    ]
    # Many exercises are left out for the same reason: say each reason once, with its exercises.
    left_out: dict[str, list[str]] = {}
    for e in plan["excluded"]:
        why = " ".join(reason_texts(e["reasons"], catalog))
        left_out.setdefault(why, []).append(catalog.name(e["exercise"]))
    excluded = [{"reason": why, "names": group} for why, group in left_out.items()]
    referral_note = None
    if current.evaluation is not None and current.evaluation.referral:
        referral_note = reason_texts(current.evaluation.referral["reasons"])
    context = {
        "program": current,
        "plan": plan,
        "items": items,
        "excluded": excluded,
        "education": _education_in_language(plan["education"]),
        "referral_note": referral_note,
        "first_session": not SessionLog.objects.filter(patient=patient).exists(),
    }
    return render(request, "portal/program.html", context)
