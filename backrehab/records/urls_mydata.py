"""The patient's copy of everything kept about them."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.records import mydata

urlpatterns: list[URLPattern] = [
    path("my/data/", mydata.my_data, name="my-data"),
]
