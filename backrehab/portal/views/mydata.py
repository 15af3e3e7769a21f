"""My data: what is kept about the patient, and a download of all of it as one JSON file."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from backrehab.audit import log as audit
from backrehab.audit.models import Action
from backrehab.care import patient_copy
from backrehab.clinic import rights
from backrehab.portal.access import patient_required


@login_required
@patient_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    if "download" not in request.GET:
        return render(request, "clinic/my_data.html", {"patient": patient})
    data = {
        **rights.patient_data(patient),
        "program_proposals": patient_copy.proposals(patient),
        "reassessment_schedule": patient_copy.reassessment_schedule(patient),
    }
    audit.record(request, Action.EXPORTED, "all my data (JSON download)", patient)
    filename = f"backrehab-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Health data: no shared cache or browser back-button copy.
    response["Cache-Control"] = "no-store"
    return response
