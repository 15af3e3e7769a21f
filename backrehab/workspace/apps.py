from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "backrehab.workspace"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_note_staff_language, dispatch_uid="workspace-staff-language")


def _note_staff_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Staff have no language setting: e-mails to them follow the language they sign in with."""
    from django.utils import translation

    from backrehab.clinic.access import staff_member
    from backrehab.workspace.actions.accounts import do_set_staff_language

    member = staff_member(user)
    if member is not None:
        language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or ""
        do_set_staff_language(member, language)
