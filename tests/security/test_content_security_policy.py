"""The Content-Security-Policy header is on every page, and no page needs it loosened:
no inline script, event handler or style anywhere (templates or rendered pages). The session
page alone may compile WebAssembly (the camera coach's pose model); connect-src is 'self'
everywhere, so no page can send anything to another host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.permissions.test_permission_matrix import all_entries
from tests.personas import build_world
from tests.security.inline import inline_problems

ROOT = Path(__file__).resolve().parents[2] / "backrehab"
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))
ROLES = ("anonymous", "patient", "clinician", "clinic_admin")


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


# The one exception: the guided session page runs the camera coach's pose model, WebAssembly,
# which needs 'wasm-unsafe-eval' (compiling WebAssembly; eval() stays blocked).
WASM_PAGES = {"/my/session/"}


def _check_policy(header: str | None, url: str = "") -> list[str]:
    if not header:
        return ["no Content-Security-Policy header"]
    directives = _directives(header)
    problems = []
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives.get("default-src", []))
        allowed = [["'self'"]]
        if name == "script-src" and url in WASM_PAGES:  # (a redirect from it keeps 'self')
            allowed.append(["'self'", "'wasm-unsafe-eval'"])
        if sources not in allowed:
            problems.append(f"{name} is {sources}, expected one of {allowed}")
    if directives.get("connect-src") != ["'self'"]:
        problems.append(f"connect-src is {directives.get('connect-src')}, expected only 'self'")
    return problems


def _strip_template_tags(text: str) -> str:
    """Template logic inside a tag ({% if %} ...) must not look like attributes."""
    return re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", text, flags=re.S)


def test_the_scan_finds_what_it_looks_for():
    page = (
        '<button onclick="go()">x</button><p style="color:red">y</p><style>p{}</style>'
        '<script>alert(1)</script><a href="javascript:go()">z</a>'
    )
    assert len(inline_problems(page)) == 5
    assert inline_problems('<script src="/static/a.js" defer></script><p>ok</p>') == []
    assert inline_problems('<script id="d" type="application/json">{"a": 1}</script>') == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_handlers_or_styles(template: Path):
    assert inline_problems(_strip_template_tags(template.read_text(encoding="utf-8"))) == []


@pytest.mark.django_db
def test_every_page_sends_the_policy_and_renders_nothing_it_would_block(library_in_db):
    world = build_world()
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        user = world.user(role)
        if user is not None:
            clients[role].force_login(user)
    problems: dict[str, list[str]] = {}
    checked = 0
    for entry in all_entries():
        if entry.method != "get" or entry.auth != "session" or entry.mutates:
            continue
        for role in ROLES:
            url = reverse(entry.url_name, kwargs=entry.kwargs(world))
            if entry.query:
                url += "?" + entry.query
            response = clients[role].get(url)
            found = _check_policy(response.headers.get("Content-Security-Policy"), url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                found += inline_problems(response.content.decode())
                checked += 1
            if found:
                problems[f"{role} {url}"] = found
    assert not problems, problems
    assert checked >= 10, "too few pages were rendered to mean anything"


@pytest.mark.django_db
def test_error_pages_and_the_health_check_send_it_too(client):
    for url in ("/healthz", "/no-such-page/", reverse("login")):
        response = client.get(url)
        assert _check_policy(response.headers.get("Content-Security-Policy")) == [], url
