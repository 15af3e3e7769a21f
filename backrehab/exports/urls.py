"""Data leaving the system: PDF handouts, FHIR bundles, NDJSON bulk export.

Included at the site root, so the paths are written out in full.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.exports import views

urlpatterns: list[URLPattern] = [
    path(
        "clinic/patients/<int:patient_id>/handout.pdf",
        views.patient_handout,
        name="patient-handout",
    ),
    path("clinic/patients/<int:patient_id>/fhir.json", views.patient_fhir, name="patient-fhir"),
    path("clinic/export.ndjson", views.clinic_fhir_ndjson, name="clinic-fhir-ndjson"),
    path("my/handout.pdf", views.my_handout, name="my-handout"),
]
