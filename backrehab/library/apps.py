from __future__ import annotations

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "backrehab.library"
    verbose_name = "Exercise library"
