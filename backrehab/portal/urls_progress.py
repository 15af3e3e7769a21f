"""Progress, lessons, reminders (and notifications on the phone) and session days; the calendar
feed needs no login (its token is the key)."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.portal.views import calendar, days, learn, progress, push

urlpatterns: list[URLPattern] = [
    path("my/progress/", progress.progress, name="progress"),
    path("my/learn/", learn.learn, name="learn"),
    path("my/learn/<slug:slug>/", learn.lesson, name="lesson"),
    path("my/reminders/", calendar.reminders, name="reminders"),
    path("my/days/", days.session_days, name="session-days"),
    path("my/notifications/subscribe", push.subscribe, name="push-subscribe"),
    path("my/notifications/unsubscribe", push.unsubscribe, name="push-unsubscribe"),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar-feed"),
]
