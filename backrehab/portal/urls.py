"""The patient app's addresses. Each area keeps its routes beside its views."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from backrehab.portal.views import passwords, today

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Passwords: Django's views in our look (templates/registration/). Changing needs the
    # current password; forgetting sends a one-time link to the account's e-mail address.
    path(
        "password/change/",
        passwords.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/forgot/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_forgot.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/forgot/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_forgot_sent.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(template_name="registration/password_set.html"),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_set_done.html"
        ),
        name="password_reset_complete",
    ),
    # A new staff account's first password, from the welcome e-mail: signed in straight after.
    path(
        "welcome/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(
            template_name="registration/password_set.html",
            extra_context={"welcome": True},
            post_reset_login=True,
            post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
            success_url=reverse_lazy("today"),
        ),
        name="staff-welcome",
    ),
    path("my/", today.today, name="today"),
    path("my/morning-check/", today.morning_check, name="morning-check"),
    path("", include("backrehab.portal.urls_signup")),
    path("", include("backrehab.portal.urls_session")),
    path("", include("backrehab.portal.urls_progress")),
    path("", include("backrehab.portal.urls_app")),
]
