from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.portal.views import session

urlpatterns: list[URLPattern] = [
    path("my/session/", session.session, name="session"),
    path("my/session/log", session.session_log, name="session-log"),
]
