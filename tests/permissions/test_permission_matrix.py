"""Every URL x every role: who gets in, who is refused, and that ids in URLs reveal nothing.

A new URL without an entry in a `matrix_*.py` file fails `test_every_url_has_an_entry`.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.permissions as package
from tests.permissions.matrix import Entry
from tests.personas import ROLES, World, build_world

# URLs that are not ours to check here, and why.
EXEMPT = {
    "set_language": "Django's language switch: stores a preference, reads no record",
}
EXEMPT_NAMESPACES = {
    "admin": "the Django admin; tested below (test_the_admin_opens_only_the_clinic_tables_...)",
}


def all_entries() -> list[Entry]:
    entries: list[Entry] = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("matrix_"):
            entries += importlib.import_module(f"tests.permissions.{module.name}").ENTRIES
    return entries


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> dict[str, str]:
    """Every routed URL's name (namespace-qualified) -> its route, unnamed ones under '?'."""
    found: dict[str, str] = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{prefix}{namespace}:" if namespace else prefix
            found.update(url_names(pattern, inner))
        elif isinstance(pattern, URLPattern):
            name = f"{prefix}{pattern.name}" if pattern.name else f"?{pattern.pattern}"
            found[name] = str(pattern.pattern)
    return found


def test_every_url_has_an_entry():
    covered = {entry.url_name for entry in all_entries()}
    missing = sorted(set(url_names()) - covered - set(EXEMPT))
    assert not missing, (
        "URLs without a permission-matrix entry (add one to tests/permissions/matrix_*.py): "
        f"{missing}"
    )


def test_no_entry_names_a_url_that_does_not_exist():
    assert {entry.url_name for entry in all_entries()} <= set(url_names())


def _client_for(world: World, role: str, entry: Entry) -> tuple[Client, dict[str, str]]:
    client = Client()
    user = world.user(role)
    headers: dict[str, str] = {}
    if user is not None:
        if entry.auth == "token":
            from backrehab.api.auth import issue_token

            headers["Authorization"] = f"Bearer {issue_token(user, name='matrix')}"
        else:
            client.force_login(user)
    return client, headers


def _ask(world: World, role: str, entry: Entry) -> int:
    client, headers = _client_for(world, role, entry)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    if entry.query:
        url += "?" + entry.query
    kwargs: dict[str, Any] = {"headers": headers}
    if entry.data is not None:
        body = entry.data(world)
        if entry.json:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        else:
            kwargs["data"] = body
    response = getattr(client, entry.method)(url, **kwargs)
    return int(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", all_entries(), ids=lambda entry: entry.label)
def test_each_role_gets_the_expected_answer(entry: Entry, library_in_db):
    world = build_world()
    wrong = {}
    for role in ROLES:
        if entry.mutates and role != ROLES[0]:
            # A fresh world: the previous role's change must not decide this answer.
            world = _fresh_world()
        status = _ask(world, role, entry)
        if status != entry.expect[role]:
            wrong[role] = f"got {status}, expected {entry.expect[role]}"
    assert not wrong, f"{entry.label}: {wrong}"


def _fresh_world() -> World:
    from django.contrib.auth.models import User

    from backrehab.clinic.models import Clinic

    Clinic.objects.all().delete()
    User.objects.all().delete()
    return build_world()


# The admin tables a clinic's staff work in (as real clinicians have them: `is_staff`, and the
# exercise-curating permissions); every other table is the site operator's.
CLINIC_TABLES = {
    "portal_invite": "invitations: a clinician invites patients to their own clinic",
    "library_exerciserecord": "clinic exercises, curated by the clinic's staff",
}
STAFF_ROLES = ("clinician", "clinic_admin", "other_clinician", "other_admin")


def _changelists() -> list[tuple[str, str]]:
    from django.contrib import admin

    return sorted(
        (
            f"{m._meta.app_label}_{m._meta.model_name}",
            f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist",
        )
        for m in admin.site._registry
    )


@pytest.mark.django_db
def test_the_admin_opens_only_the_clinic_tables_and_only_to_clinic_staff(library_in_db):
    """Patients and strangers get no admin table; staff get only the tables of their clinic."""
    world = build_world()
    wrong = {}
    for role in ROLES:
        client, _ = _client_for(world, role, Entry("admin:index", expect=dict.fromkeys(ROLES, 0)))
        for table, name in _changelists():
            status = client.get(reverse(name)).status_code
            opens = role in STAFF_ROLES and table in CLINIC_TABLES
            if (status == 200) != opens or status not in (200, 302, 403):
                wrong[(role, table)] = status
    assert not wrong, f"admin tables that open (200) or stay shut against the rule: {wrong}"


def _home_rows(world: World) -> dict[str, Any]:
    """One row of each clinic table that belongs to the home clinic."""
    import datetime as dt

    from django.utils import timezone

    from backrehab.library.actions import do_save_clinic_exercise
    from backrehab.library.models import ExerciseRecord
    from backrehab.portal.models import Invite
    from tests.library.factories import document

    admin = world.user("clinic_admin")
    assert admin is not None
    return {
        "portal_invite": Invite.objects.create(
            clinic=world.home,
            name="Quentin Homeclinic",
            expires_at=timezone.now() + dt.timedelta(days=7),
        ),
        "library_exerciserecord": do_save_clinic_exercise(
            document("home-towel-bridge", name="Home clinic towel bridge"),
            world.home,
            by=admin,
        ),
        "_models": (Invite, ExerciseRecord),
    }


def other_clinic_leaks(world: World, table: str) -> list[str]:
    """What the other clinic's staff can see or open of the home clinic's row in `table`."""
    row = _home_rows(world)[table]
    leaks = []
    for role in ("other_clinician", "other_admin"):
        client = Client()
        client.force_login(world.users[role])  # type: ignore[arg-type]
        listing = client.get(reverse(f"admin:{table}_changelist"))
        if listing.status_code == 200 and f"/{row.pk}/change/" in listing.content.decode():
            leaks.append(f"{role} lists it")
        change = client.get(reverse(f"admin:{table}_change", args=[row.pk]))
        if change.status_code == 200:
            leaks.append(f"{role} opens it")
    return leaks


@pytest.mark.django_db
@pytest.mark.parametrize(
    "table",
    ["portal_invite", "library_exerciserecord"],
)
def test_the_other_clinics_staff_never_see_our_rows_in_an_admin_table(library_in_db, table):
    world = build_world()
    assert other_clinic_leaks(world, table) == []


@pytest.mark.django_db
def test_the_leak_check_catches_an_unscoped_admin_table(library_in_db, monkeypatch):
    """A planted leak: the invitation admin forgets to filter by clinic."""
    from django.contrib import admin
    from django.contrib.admin import ModelAdmin

    from backrehab.portal.models import Invite

    invite_admin = admin.site._registry[Invite]
    monkeypatch.setattr(
        invite_admin, "get_queryset", lambda request: ModelAdmin.get_queryset(invite_admin, request)
    )
    world = build_world()
    assert "other_clinician opens it" in other_clinic_leaks(world, "portal_invite")


@pytest.mark.django_db
def test_every_page_that_answers_get_answers_head_too(library_in_db):
    """HEAD is GET without the body (link checkers and monitors send it); 405 was wrong."""
    world = build_world()
    wrong = {}
    for entry in all_entries():
        if entry.method != "get" or entry.auth != "session" or entry.query:
            continue
        role = next((r for r in ROLES if entry.expect[r] == 200), None)
        if role is None:
            continue
        client, headers = _client_for(world, role, entry)
        url = reverse(entry.url_name, kwargs=entry.kwargs(world))
        status = client.head(url, headers=headers).status_code
        if status != 200:
            wrong[entry.url_name] = status
    assert not wrong, f"pages that answer GET but not HEAD: {wrong}"
