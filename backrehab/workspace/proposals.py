"""The clinician's side of a re-assessment: approve (or edit and approve) or reject the larger
program change it proposed, set how often the patient is offered a re-assessment, and change
the weekdays the patient's sessions fall on.

Thin views: the state changes are care.actions.programs' actions, which write the audit events.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from backrehab.audit.log import Action, record
from backrehab.care.actions.programs import (
    do_approve_proposal,
    do_reject_proposal,
    pending_proposal,
)
from backrehab.care.actions.schedule import do_set_reassessment_schedule, do_set_session_days
from backrehab.care.models import Program
from backrehab.care.services import CareInputInvalid
from backrehab.clinic.access import patient_or_404, staff_required
from backrehab.library.catalog import Catalog
from backrehab.library.queries import item_dose_words
from backrehab.portal.reason_text import reason_texts


def _record(patient_id: int, anchor: str = "program") -> HttpResponse:
    return redirect(reverse("patient-record", kwargs={"patient_id": patient_id}) + f"#{anchor}")


@staff_required
def proposal(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    waiting = pending_proposal(patient)
    record(request, Action.VIEWED, "proposed program change", patient)
    library = Catalog.for_clinic(patient.clinic_id).library()
    in_force = Program.objects.filter(patient=patient, is_active=True).first()

    def name(exercise: str) -> str:
        found = library.get(exercise)
        return found.name if found is not None else exercise

    items = []
    changes = []
    if waiting is not None:
        items = [
            {"exercise": i["exercise"], "name": name(i["exercise"]), "dose": item_dose_words(i)}
            for i in waiting.plan.get("items", [])
        ]
        changes = [
            {
                "kind": c.get("decision"),
                "name": name(str(c.get("exercise"))) if c.get("exercise") else "",
                "why": reason_texts(c.get("reasons", [])),
            }
            for c in waiting.changes
        ]
    return render(
        request,
        "workspace/proposal.html",
        {
            "patient": patient,
            "proposal": waiting,
            "items": items,
            "changes": changes,
            "in_force": [
                {"name": name(i["exercise"]), "dose": item_dose_words(i)}
                for i in (in_force.plan.get("items", []) if in_force else [])
            ],
        },
    )


@require_POST
@staff_required
def approve(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    waiting = pending_proposal(patient)
    if waiting is None:
        messages.info(request, _("No program change is waiting for approval."))
        return _record(patient.pk)
    chosen = request.POST.getlist("item")
    items = [i for i in waiting.plan.get("items", []) if i["exercise"] in chosen]
    try:
        do_approve_proposal(
            waiting,
            by=request.user,  # type: ignore[arg-type]
            items=items,
            note=request.POST.get("note", "")[:2000],
            request=request,
        )
    except CareInputInvalid as exc:
        messages.error(request, _("The change was not approved: %(why)s") % {"why": exc})
        return redirect("proposal", patient_id=patient.pk)
    messages.success(request, _("Change approved: the patient now has the new program."))
    return _record(patient.pk)


@require_POST
@staff_required
def reject(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    waiting = pending_proposal(patient)
    if waiting is None:
        messages.info(request, _("No program change is waiting for approval."))
        return _record(patient.pk)
    note = request.POST.get("note", "")[:2000]
    try:
        do_reject_proposal(waiting, by=request.user, note=note, request=request)  # type: ignore[arg-type]
    except CareInputInvalid:
        messages.error(request, _("Say why the change is not made."))
        return redirect("proposal", patient_id=patient.pk)
    messages.success(request, _("Change rejected: the patient keeps the program in force."))
    return _record(patient.pk)


@require_POST
@staff_required
def reassessment_schedule(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    raw = request.POST.get("every_days", "")
    if not raw.isdigit():
        messages.error(request, _("Give the re-assessment interval as a number of days (14-28)."))
        return _record(patient.pk)
    schedule = do_set_reassessment_schedule(
        patient,
        int(raw),
        by=request.user,  # type: ignore[arg-type]
        request=request,
    )
    days = schedule.every_days
    messages.success(
        request, _("Re-assessment will be offered every %(days)s days.") % {"days": days}
    )
    return _record(patient.pk)


@require_POST
@staff_required
def session_days(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The clinician changes the weekdays the patient's sessions fall on."""
    patient = patient_or_404(request.user, patient_id)
    raw = request.POST.getlist("weekdays")
    if not all(value.isdigit() for value in raw):
        messages.error(request, _("Choose the session days from the list of weekdays."))
        return _record(patient.pk, "session-days")
    try:
        do_set_session_days(
            patient,
            sorted({int(value) for value in raw}),
            by=request.user,  # type: ignore[arg-type]
            request=request,
        )
    except CareInputInvalid:
        program = Program.objects.filter(patient=patient, is_active=True).first()
        per_week = program.sessions_per_week if program is not None else 0
        if per_week < 1:
            messages.error(request, _("There is no program in force to set session days for."))
        else:
            messages.error(
                request,
                ngettext(
                    "The program has %(n)s session a week: tick %(n)s day.",
                    "The program has %(n)s sessions a week: tick %(n)s days.",
                    per_week,
                )
                % {"n": per_week},
            )
        return _record(patient.pk, "session-days")
    messages.success(
        request, _("Session days saved. The patient's calendar and reminders follow them.")
    )
    return _record(patient.pk, "session-days")
