from __future__ import annotations

from django.contrib import admin

from backrehab.care.models import Evaluation, Program, SessionLog


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin[Evaluation]):
    list_display = ["patient", "kind", "taken_at"]
    list_filter = ["kind"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["patient", "created_at", "is_active"]
    list_filter = ["is_active"]


@admin.register(SessionLog)
class SessionLogAdmin(admin.ModelAdmin[SessionLog]):
    list_display = ["patient", "performed_on", "received_at"]
