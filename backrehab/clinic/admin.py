from __future__ import annotations

from django.contrib import admin

from backrehab.clinic.models import Clinic, Patient, StaffMember


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin[Clinic]):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin[StaffMember]):
    list_display = ["user", "clinic", "role"]
    list_filter = ["clinic", "role"]


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin[Patient]):
    list_display = ["user", "clinic", "clinician", "joined_on"]
    list_filter = ["clinic"]
