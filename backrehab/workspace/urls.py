"""The clinician workspace: dashboard, patient records, prescribing."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.workspace import evaluations, monitoring, proposals, referrals, views

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
    path("monitoring/", monitoring.monitoring_report, name="monitoring-report"),
    path("patients/<int:patient_id>/time/start/", monitoring.start_timer, name="time-start"),
    path("patients/<int:patient_id>/time/stop/", monitoring.stop_timer, name="time-stop"),
    path("patients/<int:patient_id>/time/add/", monitoring.add_time, name="time-add"),
    path(
        "patients/<int:patient_id>/evaluations/",
        evaluations.evaluation_detail,
        name="evaluation-latest",
    ),
    path(
        "patients/<int:patient_id>/evaluations/<int:evaluation_id>/",
        evaluations.evaluation_detail,
        name="evaluation",
    ),
    path(
        "patients/<int:patient_id>/evaluations/finding/",
        evaluations.record_finding,
        name="evaluation-finding",
    ),
    path("patients/<int:patient_id>/proposal/", proposals.proposal, name="proposal"),
    path(
        "patients/<int:patient_id>/proposal/approve/",
        proposals.approve,
        name="proposal-approve",
    ),
    path("patients/<int:patient_id>/proposal/reject/", proposals.reject, name="proposal-reject"),
    path(
        "patients/<int:patient_id>/reassessment-schedule/",
        proposals.reassessment_schedule,
        name="reassessment-schedule",
    ),
]
