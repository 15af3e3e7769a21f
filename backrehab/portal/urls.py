"""The patient app's addresses. Each area keeps its routes beside its views."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from backrehab.portal.views import today

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("my/", today.today, name="today"),
    path("my/morning-check/", today.morning_check, name="morning-check"),
    path("", include("backrehab.portal.urls_signup")),
    path("", include("backrehab.portal.urls_session")),
    path("", include("backrehab.portal.urls_progress")),
    path("", include("backrehab.portal.urls_app")),
]
