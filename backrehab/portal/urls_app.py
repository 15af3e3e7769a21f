"""The installable app: manifest, service worker (at the root, to look after /my/), favicon."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.portal.views import app

urlpatterns: list[URLPattern] = [
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("sw.js", app.service_worker, name="service-worker"),
    path("favicon.ico", app.favicon, name="favicon"),
]
