"""The intake on the record: one evaluation's answers screen by screen, what changed since the
one before, the engine's reading in clinician words, and the form to record an examination
finding (which re-runs the engine as a proposal)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from backrehab.audit.log import Action, record
from backrehab.care.actions.findings import do_record_repeated_movement_finding
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import Evaluation, Program
from backrehab.clinic.access import patient_or_404, staff_required
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import Response
from backrehab.workspace.intake_record import engine_reading, screens

RESPONSES = [
    (Response.NOT_TESTED.value, gettext_lazy("Not tested")),
    (Response.CENTRALISES.value, gettext_lazy("Centralises or eases the pain")),
    (Response.PERIPHERALISES.value, gettext_lazy("Peripheralises (pain spreads down the leg)")),
    (Response.NO_EFFECT.value, gettext_lazy("No effect")),
]


class RepeatedMovementFinding(forms.Form):
    flexion = forms.ChoiceField(label=gettext_lazy("Repeated flexion"), choices=RESPONSES)
    extension = forms.ChoiceField(label=gettext_lazy("Repeated extension"), choices=RESPONSES)

    def clean(self) -> dict[str, str]:
        data = super().clean() or {}
        if data.get("flexion") == data.get("extension") == Response.CENTRALISES:
            raise forms.ValidationError(
                _(
                    "Both directions cannot centralise: record the direction that did, and "
                    "'No effect' for the other."
                )
            )
        return data


def _evaluation_page(
    request: HttpRequest,
    patient: Patient,
    evaluation: Evaluation,
    form: RepeatedMovementFinding | None = None,
    status: int = 200,
) -> HttpResponse:
    evaluations = list(Evaluation.objects.filter(patient=patient).order_by("-taken_at", "-pk"))
    index = next(i for i, e in enumerate(evaluations) if e.pk == evaluation.pk)
    before = evaluations[index + 1] if index + 1 < len(evaluations) else None
    latest = index == 0
    movements = (evaluation.answers or {}).get("repeated_movements") or {}
    record(request, Action.VIEWED, f"evaluation of {evaluation.taken_at:%Y-%m-%d}", patient)
    return render(
        request,
        "workspace/evaluation.html",
        {
            "patient": patient,
            "evaluation": evaluation,
            "evaluations": evaluations,
            "before": before,
            "screens": screens(evaluation.answers or {}, before.answers if before else None),
            "reading": engine_reading(evaluation.answers or {}, evaluation.scores or {}),
            "can_correct": latest
            and Program.objects.filter(patient=patient, is_active=True).exists(),
            "form": form
            or RepeatedMovementFinding(
                initial={
                    "flexion": movements.get("flexion", Response.NOT_TESTED),
                    "extension": movements.get("extension", Response.NOT_TESTED),
                }
            ),
        },
        status=status,
    )


@staff_required
@require_safe
def evaluation_detail(
    request: HttpRequest, patient_id: int, evaluation_id: int | None = None
) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    evaluations = Evaluation.objects.filter(patient=patient).order_by("-taken_at", "-pk")
    if evaluation_id is None:
        latest = evaluations.first()
        if latest is None:
            messages.info(request, _("This patient has no evaluation yet."))
            return redirect("patient-record", patient_id=patient.pk)
        return _evaluation_page(request, patient, latest)
    return _evaluation_page(request, patient, get_object_or_404(evaluations, pk=evaluation_id))


@require_POST
@staff_required
def record_finding(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    latest = Evaluation.objects.filter(patient=patient).order_by("-taken_at", "-pk").first()
    if latest is None:
        messages.error(request, _("This patient has no evaluation yet."))
        return redirect("patient-record", patient_id=patient.pk)
    form = RepeatedMovementFinding(request.POST)
    if not form.is_valid():
        return _evaluation_page(request, patient, latest, form, status=400)
    try:
        result = do_record_repeated_movement_finding(
            patient,
            flexion=Response(form.cleaned_data["flexion"]),
            extension=Response(form.cleaned_data["extension"]),
            by=request.user,  # type: ignore[arg-type]
            request=request,
        )
    except CareInputInvalid as exc:
        form.add_error(None, "; ".join(exc.problems))
        return _evaluation_page(request, patient, latest, form, status=400)
    if result.proposal is not None:
        messages.success(
            request,
            _(
                "Finding recorded. Review the program change it calls for, then approve or "
                "reject it."
            ),
        )
        return redirect("proposal", patient_id=patient.pk)
    messages.success(request, _("Finding recorded. The program in force already fits it."))
    return redirect("evaluation", patient_id=patient.pk, evaluation_id=result.evaluation.pk)
