from __future__ import annotations

from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "backrehab.clinic"
    verbose_name = "Clinic"
