"""The apps are layered: each imports only from the layers below it, so the bottom (`clinic`:
who the clinics, staff and patients are, and who may see whom) never depends on what is built on
it, and a change high up cannot break what is below."""

from __future__ import annotations

import ast
from pathlib import Path

BACKREHAB = Path(__file__).resolve().parents[1] / "backrehab"

# Bottom first. Modules in one layer may import each other; a module may import any layer below.
LAYERS: list[set[str]] = [
    # The clinical core and what it draws with: pure Python, no Django.
    {"clinical", "figures", "motion", "json_text", "client_address", "no_store", "health"},
    {"clinic"},
    {"audit"},
    {"library"},
    {"care"},
    {"messaging"},
    {"portal"},
    {"workspace", "api", "exports"},
    {"records"},
    {"operations"},
    {"cli", "settings", "urls", "wsgi"},
]
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}


def _app_of(path: Path) -> str:
    return path.relative_to(BACKREHAB).parts[0].removesuffix(".py")


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module + "." + alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "backrehab" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_app_has_a_layer():
    apps = {_app_of(path) for path in BACKREHAB.rglob("*.py")} - {"__init__"}
    assert apps - set(LAYER_OF) == set()


def test_no_app_imports_one_above_it():
    upward = []
    for path in BACKREHAB.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        app = _app_of(path)
        if app not in LAYER_OF:
            continue
        for imported in _imported_apps(path) - {app}:
            if LAYER_OF.get(imported, -1) > LAYER_OF[app]:
                upward.append(f"{path.relative_to(BACKREHAB)} imports backrehab.{imported}")
    assert upward == []


def test_the_clinic_app_holds_only_models_and_access():
    modules = {
        path.relative_to(BACKREHAB / "clinic").as_posix()
        for path in (BACKREHAB / "clinic").rglob("*.py")
        if "migrations" not in path.parts
    }
    assert modules <= {
        "__init__.py",
        "apps.py",
        "models.py",
        "access.py",
        "admin.py",
        "management/__init__.py",
        "management/commands/__init__.py",
    }
