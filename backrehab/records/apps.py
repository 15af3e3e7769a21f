from __future__ import annotations

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "backrehab.records"
    verbose_name = "Patient records and rights"
