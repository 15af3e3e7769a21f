from __future__ import annotations

from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "backrehab.messaging"
    verbose_name = "Messages between patients and their care team"
