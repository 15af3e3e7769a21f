from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.portal.views import corrections, session

urlpatterns: list[URLPattern] = [
    path("my/session/", session.session, name="session"),
    path("my/session/log", session.session_log, name="session-log"),
    path("my/session/motion", session.session_motion, name="session-motion"),
    path("my/sessions/", corrections.my_sessions, name="my-sessions"),
    path("my/sessions/<int:log_id>/", corrections.correct_session, name="correct-session"),
]
