"""My progress: pain and questionnaire scores over time, sessions done, how each dose changed.

The numbers and charts are worked out in backrehab/portal/progress_data.py.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from backrehab.portal.access import patient_required
from backrehab.portal.progress_data import progress_for


@login_required
@patient_required
def progress(request: HttpRequest) -> HttpResponse:
    patient = request.user.patient  # type: ignore[union-attr]
    context = progress_for(patient, timezone.localdate())
    return render(request, "portal/progress.html", {"progress": context, "patient": patient})
