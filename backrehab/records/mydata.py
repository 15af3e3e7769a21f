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
from backrehab.portal.access import patient_required
from backrehab.records import rights


@login_required
@patient_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    if "download" not in request.GET:
        return render(request, "records/my_data.html", {"patient": patient})
    data = rights.patient_data(patient)
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
