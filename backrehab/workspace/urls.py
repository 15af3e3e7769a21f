"""The clinician workspace: dashboard, patient records, prescribing."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.workspace import referrals, views

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("alerts/<int:alert_id>/acknowledge/", views.acknowledge_alert, name="alert-acknowledge"),
    path("patients/<int:patient_id>/", views.patient_record, name="patient-record"),
    path("patients/<int:patient_id>/notes/", views.add_note, name="patient-note-add"),
    path("patients/<int:patient_id>/prescribe/", views.prescribe, name="prescribe"),
    path(
        "patients/<int:patient_id>/referral/clear/",
        referrals.clear_referral,
        name="referral-clear",
    ),
    path("templates/", views.program_templates, name="program-templates"),
]
