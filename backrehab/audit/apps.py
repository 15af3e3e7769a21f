from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "backrehab.audit"
    verbose_name = "Audit log"
