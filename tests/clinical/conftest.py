"""Shared set-up of the clinical engine's tests.

The engine is pure Python: these tests need no database. Tests marked `library` read the real
exercise files (backrehab/content/exercises) instead of the in-code factory library.
"""

from __future__ import annotations

import pytest

from backrehab.clinical.exercises import Exercise
from tests.clinical.engine_factories import make_library


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "library: runs against the real exercise library files")


@pytest.fixture(scope="session")
def library() -> dict[str, Exercise]:
    """The in-code factory library. It stands in, for this folder, for the top-level `library`
    fixture (the bundled files): the engine's tests must not depend on content edits."""
    return make_library()


@pytest.fixture(scope="session")
def examples():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "examples"
