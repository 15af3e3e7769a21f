from __future__ import annotations

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "backrehab.care"
    verbose_name = "Care: evaluations, programs, session logs"

    def ready(self) -> None:
        from backrehab.care.listing import connect_signals

        connect_signals()
