from __future__ import annotations

from django.urls import path

from backrehab.library import views

urlpatterns = [
    path("", views.home, name="home"),
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises.json", views.exercise_list, {"as_json": True}, name="exercise-list-json"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise-detail"),
    path(
        "exercises/<slug:slug>.json", views.exercise_detail, {"as_json": True}, name="exercise-json"
    ),
    path("exercises/<slug:slug>/<str:kind>.svg", views.exercise_figure, name="exercise-figure"),
]
