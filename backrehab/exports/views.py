"""Downloads of a patient's record: the printable handout, the FHIR bundle, the clinic's NDJSON.

Every view reaches patients through backrehab.clinic.access and notes the export in the audit
log before answering.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from backrehab.audit.log import Action, record
from backrehab.care.models import Program
from backrehab.clinic.access import clinic_admin_required, patient_or_404, staff_required
from backrehab.clinic.models import Patient
from backrehab.exports.fhir import FHIR_JSON, FHIR_NDJSON, clinic_ndjson, patient_bundle
from backrehab.exports.handout import handout_filename, program_pdf
from backrehab.portal.access import patient_required


def _pdf_response(request: HttpRequest, patient: Patient) -> HttpResponse:
    program = (
        Program.objects.select_related("patient__clinic", "patient__user", "created_by")
        .filter(patient=patient, is_active=True)
        .first()
    )
    if program is None:
        raise Http404("No exercise program in force.")
    today = timezone.localdate()
    pdf = program_pdf(program, today=today)
    record(request, Action.EXPORTED, "handout (PDF)", patient)
    response = HttpResponse(pdf, content_type="application/pdf")
    # inline: opens in the browser's viewer, from where it prints; the name is kept on saving.
    response["Content-Disposition"] = f'inline; filename="{handout_filename(program, today)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@staff_required
def patient_handout(request: HttpRequest, patient_id: int) -> HttpResponse:
    return _pdf_response(request, patient_or_404(request.user, patient_id))


@require_safe
@login_required
@patient_required
def my_handout(request: HttpRequest) -> HttpResponse:
    return _pdf_response(request, request.user.patient)  # type: ignore[union-attr]


@require_safe
@staff_required
def patient_fhir(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    bundle = patient_bundle(patient)
    record(request, Action.EXPORTED, "FHIR bundle", patient)
    response = HttpResponse(json.dumps(bundle, ensure_ascii=False), content_type=FHIR_JSON)
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}-fhir.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@clinic_admin_required
def clinic_fhir_ndjson(request: HttpRequest) -> StreamingHttpResponse:
    clinic = request.user.staff.clinic  # type: ignore[union-attr]
    # One event for the whole export: per-patient rows would be written before the stream has
    # actually delivered anything.
    record(request, Action.EXPORTED, f"FHIR bulk export (NDJSON) of {clinic.name}", clinic=clinic)
    response = StreamingHttpResponse(clinic_ndjson(clinic), content_type=FHIR_NDJSON)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{clinic.slug}-fhir-{stamp}.ndjson"'
    response["Cache-Control"] = "private, no-store"
    return response
