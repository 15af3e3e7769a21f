from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from backrehab.health import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("backrehab.api.urls")),
    path("clinic/", include("backrehab.workspace.urls")),
    path("clinic/", include("backrehab.records.urls")),
    path("", include("backrehab.records.urls_mydata")),
    path("", include("backrehab.exports.urls")),
    path("", include("backrehab.messaging.urls")),
    path("healthz", health, name="health"),
    path("", include("backrehab.library.urls")),
    path("", include("backrehab.portal.urls")),
]
