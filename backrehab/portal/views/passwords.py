"""Django's password views, saving through the audited action (portal.password_actions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponse, HttpResponseRedirect

from backrehab.portal.password_actions import do_save_password


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form: Any) -> HttpResponse:
        user = do_save_password(form, how="changed", request=self.request)
        # Stay signed in on this device (other sessions end with the old password).
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        user = do_save_password(form, how="set from an e-mailed link", request=self.request)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        if self.post_reset_login:
            login(self.request, user, self.post_reset_login_backend)
        return HttpResponseRedirect(self.get_success_url())
