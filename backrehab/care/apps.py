from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "backrehab.care"
    verbose_name = "Care: evaluations, programs, session logs"
