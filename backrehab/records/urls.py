"""Clinic administration: staff, deleting a patient, the audit log."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.records import views

urlpatterns: list[URLPattern] = [
    path("patients/<int:patient_id>/delete/", views.patient_delete, name="patient-delete"),
    path("audit/", views.audit_log, name="audit-log"),
]
