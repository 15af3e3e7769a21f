"""My recent sessions, and correcting one afterwards (wrong count, pain tapped by mistake, an
exercise done but not logged): the change goes through care.actions.corrections, which keeps
what the log said before."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from backrehab.care.actions.corrections import CORRECTABLE_DAYS, correctable, do_correct_session
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import SessionLog
from backrehab.library.catalog import Catalog
from backrehab.library.queries import item_dose_words
from backrehab.portal.access import patient_required

SCALE = [(str(n), str(n)) for n in range(11)]


def _number(label: Any, top: int, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=top, required=required)


def correction_form(
    log: SessionLog, names: dict[str, str], program_items: list[dict[str, Any]]
) -> type[forms.Form]:
    """A form with the session's values, one group of fields per exercise logged, and a choice
    of the program's exercises that were not logged."""
    data = log.data
    fields: dict[str, forms.Field] = {
        "pain_before": forms.TypedChoiceField(
            label=gettext_lazy("Pain before the session"), choices=SCALE, coerce=int
        ),
    }
    for i, entry in enumerate(data.get("exercises", [])):
        name = names.get(entry["exercise"], entry["exercise"])
        fields[f"e{i}_sets"] = _number(_("%(name)s: sets done") % {"name": name}, 10)
        if entry.get("reps") is not None:
            fields[f"e{i}_reps"] = _number(_("%(name)s: repetitions per set") % {"name": name}, 50)
        fields[f"e{i}_pain"] = forms.TypedChoiceField(
            label=_("%(name)s: highest pain during it") % {"name": name}, choices=SCALE, coerce=int
        )
        fields[f"e{i}_effort"] = forms.TypedChoiceField(
            label=_("%(name)s: how hard it was") % {"name": name}, choices=SCALE, coerce=int
        )
        fields[f"e{i}_remove"] = forms.BooleanField(
            label=_("I did not do %(name)s: take it out") % {"name": name}, required=False
        )
    logged = {e["exercise"] for e in data.get("exercises", [])}
    missing = [i for i in program_items if i["exercise"] not in logged]
    if missing:
        fields["add"] = forms.ChoiceField(
            label=gettext_lazy("An exercise I did but did not log (done as prescribed)"),
            required=False,
            choices=[("", "—")]
            + [
                (i["exercise"], f"{names.get(i['exercise'], i['exercise'])} – {item_dose_words(i)}")
                for i in missing
            ],
        )
    form_class = type("SessionCorrectionForm", (forms.Form,), fields)
    return form_class


def _initial(log: SessionLog) -> dict[str, Any]:
    initial: dict[str, Any] = {"pain_before": log.data.get("pain_before")}
    for i, entry in enumerate(log.data.get("exercises", [])):
        initial[f"e{i}_sets"] = entry.get("sets")
        initial[f"e{i}_reps"] = entry.get("reps")
        initial[f"e{i}_pain"] = entry.get("pain_during")
        initial[f"e{i}_effort"] = entry.get("effort")
    return initial


def _corrected(
    log: SessionLog, cleaned: dict[str, Any], program_items: list[dict[str, Any]]
) -> dict[str, Any]:
    data = dict(log.data)
    data["pain_before"] = cleaned["pain_before"]
    exercises = []
    for i, entry in enumerate(log.data.get("exercises", [])):
        if cleaned.get(f"e{i}_remove"):
            continue
        entry = {**entry, "sets": cleaned[f"e{i}_sets"]}
        if f"e{i}_reps" in cleaned:
            entry["reps"] = cleaned[f"e{i}_reps"]
        entry["pain_during"] = cleaned[f"e{i}_pain"]
        entry["effort"] = cleaned[f"e{i}_effort"]
        exercises.append(entry)
    added = cleaned.get("add")
    if added:
        item = next(i for i in program_items if i["exercise"] == added)
        exercises.append(
            {
                "exercise": added,
                "sets": item.get("sets", 1),
                **{
                    key: item[key]
                    for key in ("reps", "hold_seconds", "duration_seconds")
                    if item.get(key) is not None
                },
                "pain_during": cleaned["pain_before"],
                "effort": 5,
            }
        )
    data["exercises"] = exercises
    return data


@login_required
@patient_required
@require_safe
def my_sessions(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    since = timezone.localdate() - dt.timedelta(days=CORRECTABLE_DAYS)
    logs = list(
        SessionLog.objects.filter(patient=patient, performed_on__gte=since).order_by(
            "-performed_on", "-received_at"
        )
    )
    names = Catalog.for_request(request).names()
    rows = [
        {
            "log": log,
            "exercises": [
                names.get(e["exercise"], e["exercise"]) for e in log.data.get("exercises", [])
            ],
            "corrected": bool(log.corrections),
            "correctable": correctable(log),
        }
        for log in logs
    ]
    return render(request, "portal/my_sessions.html", {"rows": rows, "days": CORRECTABLE_DAYS})


@login_required
@patient_required
@require_http_methods(["GET", "HEAD", "POST"])
def correct_session(request: HttpRequest, log_id: int) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    log = get_object_or_404(SessionLog, pk=log_id, patient=patient)
    if not correctable(log):
        messages.error(
            request,
            _("Only sessions of the last %(days)s days can be corrected.")
            % {"days": CORRECTABLE_DAYS},
        )
        return redirect("my-sessions")
    names = Catalog.for_request(request).names()
    program_items = list(log.program.plan.get("items", []))
    form_class = correction_form(log, names, program_items)
    form = form_class(request.POST or None, initial=_initial(log))
    if request.method == "POST" and form.is_valid():
        try:
            do_correct_session(
                log,
                _corrected(log, form.cleaned_data, program_items),
                by=request.user,  # type: ignore[arg-type]
                request=request,
            )
        except CareInputInvalid as exc:
            form.add_error(None, "; ".join(exc.problems))
        else:
            messages.success(request, _("Your session is corrected. Thank you."))
            return redirect("my-sessions")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portal/correct_session.html",
        {"form": form, "log": log},
        status=status,
    )
