from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "backrehab.portal"
    verbose_name = "Patient app"
