"""The clinician workspace: dashboard, patient records, prescribing."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
