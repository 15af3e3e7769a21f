"""The online evaluation, one screen at a time, and what comes of it: a referral or a program."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backrehab.care.actions.sessions import do_resume_after_break
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.care.referrals import standing_referral
from backrehab.clinical.lessons import bundled_lessons
from backrehab.clinical.red_flags import STOPS_PROGRAM, Urgency
from backrehab.library.catalog import Catalog
from backrehab.library.localization import current_language
from backrehab.library.queries import item_dose_words
from backrehab.portal import actions
from backrehab.portal.access import patient_required
from backrehab.portal.intake import (
    REFERRAL_STEP,
    Step,
    plain_problem,
    step_for_path,
    steps_for,
)
from backrehab.portal.intake.screens import SafetyScreen, provisional_referral
from backrehab.portal.models import IntakeDraft
from backrehab.portal.reason_text import reason_texts
from backrehab.portal.services import active_program, pending_change


def _step_url(step: Step) -> str:
    return reverse("evaluation-step", args=[step.slug])


@login_required
@patient_required
def evaluation(request: HttpRequest) -> HttpResponse:
    """Continue where the patient stopped (or start, or start a re-assessment)."""
    draft = actions.do_start_evaluation(
        request.user,  # type: ignore[arg-type]
        request.GET.get("kind"),
        request=request,
    )
    if draft.step == REFERRAL_STEP:
        return redirect("referral")
    steps = steps_for(draft.kind, draft.answers)
    slugs = [s.slug for s in steps]
    if draft.step in slugs:
        # The step saved last is done: go on to the one after it.
        position = min(slugs.index(draft.step) + 1, len(steps) - 1)
        return redirect(_step_url(steps[position]))
    return redirect(_step_url(steps[0]))


# A second press of the last step's button arrives after the first one finished the draft.
JUST_FINISHED = timedelta(minutes=10)


def _just_finished(request: HttpRequest) -> bool:
    since = timezone.now() - JUST_FINISHED
    patient = request.user.patient  # type: ignore[union-attr]
    # Finished, not stopped part-way by a red flag (that one keeps its draft, with no scores).
    finished = Evaluation.objects.filter(patient=patient, taken_at__gte=since).exclude(scores={})
    return finished.exists()


@login_required
@patient_required
def evaluation_step(request: HttpRequest, step: str) -> HttpResponse:
    draft = actions.current_draft(request.user)  # type: ignore[arg-type]
    if draft is None:
        last_steps = {steps_for(kind)[-1].slug for kind in Evaluation.Kind.values}
        if request.method == "POST" and step in last_steps and _just_finished(request):
            return redirect("program")  # finished by the first press: show what came of it
        draft = actions.do_start_evaluation(request.user, request=request)  # type: ignore[arg-type]
    steps = steps_for(draft.kind, draft.answers)
    slugs = [s.slug for s in steps]
    if step not in slugs:
        raise Http404("no such step")
    index = slugs.index(step)
    current = steps[index]
    if draft.step == REFERRAL_STEP and not current.red_flags:
        # Only a red-flag answer given by mistake may be changed; other screens wait.
        return redirect("referral")

    if request.method == "POST":
        initial = current.form.initial_from(draft.answers)
        form = current.form(request.POST, initial=initial, answers=draft.answers)
        going_back = "back" in request.POST
        if form.is_valid():
            try:
                referral = actions.do_save_step(
                    draft,
                    current.slug,
                    form.store(dict(draft.answers)),
                    screen=current.screen,
                    request=request,
                )
            except actions.DraftGone:
                return redirect("program")
            if referral is not None:
                return redirect("referral")
            if going_back:
                return redirect(_step_url(steps[max(index - 1, 0)]))
            # The answer may change what comes next (a check-in asks the history again only
            # when something has changed).
            steps = steps_for(draft.kind, draft.answers)
            index = [s.slug for s in steps].index(current.slug)
            if index + 1 < len(steps):
                return redirect(_step_url(steps[index + 1]))
            return _finish(request, draft, steps)
        if going_back and index > 0:
            # Nothing is lost by going back with an unfinished screen: it was never saved.
            return redirect(_step_url(steps[index - 1]))
    else:
        form = current.form(initial=current.form.initial_from(draft.answers), answers=draft.answers)

    context: dict[str, Any] = {
        "step": current,
        "form": form,
        "number": index + 1,
        "total": len(steps),
        "previous": steps[index - 1] if index else None,
        "last": index + 1 == len(steps),
        "reassessment": draft.kind == Evaluation.Kind.REASSESSMENT,
        "safety": current.red_flags,
    }
    return render(request, "portal/evaluation_step.html", context)


def _finish(request: HttpRequest, draft: IntakeDraft, steps: list[Step]) -> HttpResponse:
    try:
        result = actions.do_finish_evaluation(draft, request=request)
    except actions.DraftGone:
        return redirect("program")
    except actions.EvaluationIncomplete as exc:
        messages.error(
            request,
            _(
                "Please answer the safety questions on this screen first: we build your program "
                "only once every safety check has been answered."
            ),
        )
        unanswered = next(s for s in steps if s.screen == exc.screens[0])
        return redirect(_step_url(unanswered))
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
    """What to do now when an answer needs a doctor before any exercise, and what happens next."""
    patient = request.user.patient  # type: ignore[union-attr]
    draft = actions.current_draft(request.user)  # type: ignore[arg-type]
    from_draft = draft is not None and draft.step == REFERRAL_STEP
    held = False
    if draft is not None and from_draft:
        screened = provisional_referral(draft.answers)
        found = screened.model_dump(mode="json") if screened else None
    else:
        standing = standing_referral(patient)
        found = standing.referral if standing is not None else None
        if standing is not None:
            # Answered again since, while the referral still stood: the answers are kept but
            # no program is made until the clinician clears the referral.
            held = Evaluation.objects.filter(
                patient=patient, taken_at__gt=standing.taken_at
            ).exists()
    if found is None or Urgency(found["urgency"]) not in STOPS_PROGRAM:
        return redirect("today")
    urgency = Urgency(found["urgency"])
    red_flag_steps = [s for s in steps_for(draft.kind if draft else "intake") if s.red_flags]
    context = {
        "urgency": urgency.value,
        "heading": URGENCY_HEADINGS[urgency],
        "action": URGENCY_ACTIONS[urgency],
        "reasons": reason_texts(found["reasons"]),
        "held": held,
        "change_url": (
            _step_url(_first_yes(red_flag_steps, draft.answers))
            if draft is not None and from_draft
            else None
        ),
    }
    return render(request, "portal/referral.html", context)


def _first_yes(red_flag_steps: list[Step], answers: dict[str, Any]) -> Step:
    """The red-flag screen holding the first "yes", so a mistaken answer is one tap away."""
    flags = answers.get("red_flags") or {}
    for step in red_flag_steps:
        questions = step.form.questions if issubclass(step.form, SafetyScreen) else ()
        if any(flags.get(q) for q in questions):
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


def _mentions(text: str, name: str) -> bool:
    """Whether a lesson's text names the exercise ("Standing hip hinge" is named by "hip
    hinge" too: the position word is often left out)."""
    text, words = text.lower(), name.lower().split()
    return " ".join(words) in text or (len(words) > 2 and " ".join(words[1:]) in text)


def _without_contradictions(
    education: list[dict[str, Any]], left_out: list[str]
) -> list[dict[str, Any]]:
    """A lesson never recommends an exercise the program left out: where its summary names one,
    it says so instead of leaving the patient with two answers."""
    for topic in education:
        named = [n for n in left_out if _mentions(str(topic.get("summary", "")), n)]
        if named:
            topic["caution"] = _(
                "Your program leaves out %(names)s for now: ask your physical therapist before "
                "practising it."
            ) % {"names": ", ".join(n.lower() for n in named)}
    return education


@login_required
@patient_required
def program(request: HttpRequest) -> HttpResponse:
    """The program in force, each exercise with why it was chosen."""
    patient = request.user.patient  # type: ignore[union-attr]
    do_resume_after_break(patient, request=request)  # back after a break: a rung lower
    current: Program | None = active_program(patient)
    if current is None:
        if standing_referral(patient) is not None:
            return redirect("referral")
        return redirect("evaluation")
    plan = current.plan
    catalog = Catalog.for_request(request)
    items = [
        {
            "slug": i["exercise"],
            "name": catalog.name(i["exercise"]),
            "dose": item_dose_words(i),
            "note": i.get("note") or "",
            "reasons": reason_texts(i["reasons"], catalog),
        }
        for i in plan["items"]
    ]
    # Many exercises are left out for the same reason: say each reason once, with its exercises.
    left_out: dict[str, list[str]] = {}
    chosen = {i["exercise"] for i in plan["items"]}
    for e in plan["excluded"]:
        if e["exercise"] in chosen:
            continue  # the clinician chose it against the warning: it is in, not left out
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
        "education": _without_contradictions(
            _education_in_language(plan["education"]),
            [catalog.name(e["exercise"]) for e in plan["excluded"] if e["exercise"] not in chosen],
        ),
        "change_pending": pending_change(patient),
        "referral_note": referral_note,
        "first_session": not SessionLog.objects.filter(patient=patient).exists(),
    }
    return render(request, "portal/program.html", context)
