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
from tests.permissions.world import ROLES, World, build_world

# URLs that are not ours to check here, and why.
EXEMPT = {
    "set_language": "Django's language switch: stores a preference, reads no record",
}
EXEMPT_NAMESPACES = {
    "admin": "the Django admin, for the site operator; tested in test_admin_is_for_operators",
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


@pytest.mark.django_db
def test_admin_is_for_operators(library_in_db):
    """Clinic staff work in the clinic pages: no table of the admin opens for any role."""
    from django.contrib import admin

    world = build_world()
    for role in ROLES:
        client, _ = _client_for(world, role, Entry("admin:index", expect=dict.fromkeys(ROLES, 0)))
        for model in admin.site._registry:
            opts = model._meta
            name = f"admin:{opts.app_label}_{opts.model_name}_changelist"
            response = client.get(reverse(name))
            assert response.status_code in (302, 403), (role, name, response.status_code)
