"""Data leaving the system: PDF handouts, FHIR bundles, NDJSON bulk export."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
