"""The versioned JSON API (/api/v1/): names are "api:<operation>", e.g. "api:patient-list"."""

from __future__ import annotations

from django.urls import path

from backrehab.api.main import api

urlpatterns = [path("", api.urls)]
