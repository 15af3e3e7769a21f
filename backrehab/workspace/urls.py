"""The clinician workspace: dashboard, patient records, prescribing."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.workspace import (
    accounts,
    clinic_settings,
    evaluations,
    invitations,
    monitoring,
    program_templates,
    proposals,
    referrals,
    views,
)

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("alerts/", views.open_alert_list, name="open-alerts"),
    path("alerts/<int:alert_id>/acknowledge/", views.acknowledge_alert, name="alert-acknowledge"),
    path("patients/<int:patient_id>/", views.patient_record, name="patient-record"),
    path("patients/<int:patient_id>/notes/", views.add_note, name="patient-note-add"),
    path("patients/<int:patient_id>/prescribe/", views.prescribe, name="prescribe"),
    path(
        "patients/<int:patient_id>/referral/clear/",
        referrals.clear_referral,
        name="referral-clear",
    ),
    path("templates/", program_templates.program_templates, name="program-templates"),
    path(
        "templates/from-program/",
        program_templates.template_from_program,
        name="template-from-program",
    ),
    path("templates/<int:template_id>/", program_templates.template_edit, name="template-edit"),
    path(
        "templates/<int:template_id>/rename/",
        program_templates.template_rename,
        name="template-rename",
    ),
    path(
        "templates/<int:template_id>/delete/",
        program_templates.template_delete,
        name="template-delete",
    ),
    path("monitoring/", monitoring.monitoring_report, name="monitoring-report"),
    path("settings/", clinic_settings.clinic_settings, name="clinic-settings"),
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
    path(
        "patients/<int:patient_id>/session-days/",
        proposals.session_days,
        name="session-days-set",
    ),
    # Staff accounts and a patient's clinician and sign-in (clinic admins).
    path("staff/", accounts.staff_list, name="staff-list"),
    path("staff/add/", accounts.staff_add, name="staff-add"),
    path("staff/<int:staff_id>/", accounts.staff_member_page, name="staff-member"),
    path("staff/<int:staff_id>/deactivate/", accounts.staff_deactivate, name="staff-deactivate"),
    path("staff/<int:staff_id>/reactivate/", accounts.staff_reactivate, name="staff-reactivate"),
    path("staff/<int:staff_id>/role/", accounts.staff_role, name="staff-role"),
    path("staff/<int:staff_id>/reassign/", accounts.staff_reassign, name="staff-reassign"),
    path(
        "staff/<int:staff_id>/password-link/",
        accounts.staff_password_link,
        name="staff-password-link",
    ),
    path("patients/<int:patient_id>/account/", accounts.patient_account, name="patient-account"),
    path(
        "patients/<int:patient_id>/account/clinician/",
        accounts.patient_reassign,
        name="patient-reassign",
    ),
    path(
        "patients/<int:patient_id>/account/password-link/",
        accounts.patient_password_link,
        name="patient-password-link",
    ),
    # Inviting patients (any staff of the clinic).
    path("invitations/", invitations.invitation_list, name="invitations"),
    path("invitations/new/", invitations.invite_new, name="invite-new"),
    path("invitations/<int:invite_id>/", invitations.invite_detail, name="invite-detail"),
    path("invitations/<int:invite_id>/resend/", invitations.invite_resend, name="invite-resend"),
    path(
        "invitations/<int:invite_id>/withdraw/",
        invitations.invite_withdraw,
        name="invite-withdraw",
    ),
]
