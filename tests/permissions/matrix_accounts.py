"""Staff accounts, invitations and passwords.

Staff pages are for clinic admins only, and only for their own clinic's people: another clinic's
admin gets 404 for the same staff member or patient, so they can never see, reset, reassign or
deactivate anyone of ours. Invitations are for every clinician and admin, again only their own
clinic's. Django's password pages: changing needs a sign-in; the forgot-password pages are open.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.permissions.matrix import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Entry,
    home_staff,
    roles,
    staff_page,
    subject_kwargs,
)
from tests.personas import World


def home_admin(url_name: str, admin: int = OK, **kwargs: Any) -> Entry:
    """The home clinic's admin only; clinicians and patients refused, the other admin 404."""
    return Entry(
        url_name,
        roles(FORBIDDEN, anonymous=REDIRECT, clinic_admin=admin, other_admin=NOT_FOUND),
        **kwargs,
    )


def any_admin(url_name: str, admin: int = OK, **kwargs: Any) -> Entry:
    """Each clinic's admin, on their own clinic (no id in the address)."""
    return Entry(
        url_name,
        roles(FORBIDDEN, anonymous=REDIRECT, clinic_admin=admin, other_admin=admin),
        **kwargs,
    )


def _staff_id(world: World, role: str) -> int:
    user = world.user(role)
    assert user is not None
    return int(user.staff.pk)


def home_clinician(world: World) -> dict[str, Any]:
    return {"staff_id": _staff_id(world, "clinician")}


def home_clinician_with_email(world: World) -> dict[str, Any]:
    """The home clinician, given an address so that a password link can go out."""
    user = world.user("clinician")
    assert user is not None
    user.email = "clinician@home.example"
    user.save(update_fields=["email"])
    return home_clinician(world)


def subject_with_email(world: World) -> dict[str, Any]:
    world.subject.user.email = "subject@example.org"
    world.subject.user.save(update_fields=["email"])
    return subject_kwargs(world)


def home_invite(world: World) -> dict[str, Any]:
    from backrehab.portal.models import Invite

    if "invite" not in world.extra:
        world.extra["invite"] = Invite.objects.create(
            clinic=world.home,
            name="Quinn Homeclinic",
            email="quinn@example.org",
            expires_at=timezone.now() + timezone.timedelta(days=7),
        )
    return {"invite_id": world.extra["invite"].pk}


ENTRIES = [
    any_admin("staff-list", note="each admin sees their own clinic's staff"),
    any_admin("staff-add"),
    any_admin(
        "staff-add",
        admin=REDIRECT,
        method="post",
        data=lambda world: {
            "first_name": "Robin",
            "last_name": "Newhire",
            "email": "robin.newhire@example.org",
            "role": "clinician",
        },
        mutates=True,
        note="the new account is made in the admin's own clinic",
    ),
    home_admin("staff-member", kwargs=home_clinician),
    home_admin(
        "staff-deactivate",
        admin=REDIRECT,
        kwargs=home_clinician,
        method="post",
        mutates=True,
    ),
    home_admin(
        "staff-reactivate",
        admin=REDIRECT,
        kwargs=home_clinician,
        method="post",
        mutates=True,
    ),
    home_admin(
        "staff-role",
        admin=REDIRECT,
        kwargs=home_clinician,
        method="post",
        data=lambda world: {"role": "admin"},
        mutates=True,
    ),
    home_admin(
        "staff-reassign",
        admin=REDIRECT,
        kwargs=home_clinician,
        method="post",
        data=lambda world: {"to": _staff_id(world, "clinic_admin")},
        mutates=True,
    ),
    home_admin(
        "staff-password-link",
        admin=REDIRECT,
        kwargs=home_clinician_with_email,
        method="post",
        mutates=True,
    ),
    home_admin("patient-account", kwargs=subject_kwargs),
    home_admin(
        "patient-reassign",
        admin=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"to": _staff_id(world, "clinic_admin")},
        mutates=True,
    ),
    home_admin(
        "patient-password-link",
        admin=REDIRECT,
        kwargs=subject_with_email,
        method="post",
        mutates=True,
    ),
    staff_page("invitations"),
    staff_page("invite-new"),
    staff_page(
        "invite-new",
        staff=REDIRECT,
        method="post",
        data=lambda world: {"name": "Jamie Newpatient", "email": "jamie@example.org"},
        mutates=True,
        note="to the new invitation's page, in the inviting person's clinic",
    ),
    home_staff("invite-detail", kwargs=home_invite),
    home_staff(
        "invite-resend",
        staff=REDIRECT,
        kwargs=home_invite,
        method="post",
        mutates=True,
    ),
    home_staff(
        "invite-withdraw",
        staff=REDIRECT,
        kwargs=home_invite,
        method="post",
        mutates=True,
    ),
    Entry("password_change", roles(OK, anonymous=REDIRECT)),
    Entry("password_change_done", roles(OK, anonymous=REDIRECT)),
    Entry("password_reset", roles(OK), note="asks for an address; says the same whoever asks"),
    Entry("password_reset_done", roles(OK)),
    Entry(
        "password_reset_confirm",
        roles(OK),
        kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-token"},
        note="a wrong link shows 'this link cannot be used' to anyone",
    ),
    Entry("password_reset_complete", roles(OK)),
    Entry(
        "staff-welcome",
        roles(OK),
        kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-token"},
    ),
]
