"""Joining and the online evaluation."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.portal.views import evaluation, signup

urlpatterns: list[URLPattern] = [
    path("join/", signup.self_signup, name="self-signup"),
    path("join/<str:token>/", signup.join, name="join"),
    path("my/evaluation/", evaluation.evaluation, name="evaluation"),
    path("my/evaluation/<slug:step>/", evaluation.evaluation_step, name="evaluation-step"),
    path("my/referral/", evaluation.referral, name="referral"),
    path("my/program/", evaluation.program, name="program"),
]
