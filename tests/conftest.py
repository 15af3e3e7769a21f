from __future__ import annotations

from pathlib import Path

import pytest

from backrehab.clinical.library import Library, load_library


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request in Spanish leaves Spanish active in this thread; later tests start in English."""
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(scope="session")
def library() -> Library:
    """The bundled exercise library, loaded once."""
    return load_library()


@pytest.fixture
def library_in_db(db, library):
    """The bundled library stored in the test database, as `backrehab load-library` does."""
    from backrehab.library.actions import do_sync_bundled_library

    return do_sync_bundled_library(library)


@pytest.fixture
def content_dir() -> Path:
    from backrehab.clinical.library import CONTENT_DIR

    return CONTENT_DIR
