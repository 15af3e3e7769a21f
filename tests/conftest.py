from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from backrehab.clinical.library import Library, load_library

# Argon2 is slow on purpose, and the suite makes hundreds of users: the permission tests took
# 103 s with it, 24 s with MD5. Tests marked `argon2` (those that check how passwords are
# stored) run with the project's real hashers.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True, scope="session")
def own_push_key():
    """The tests sign notifications with a key pair of their own, made for this run (never the
    key file in the data directory)."""
    from backrehab.messaging.push import new_private_key_pem

    with override_settings(
        VAPID_PRIVATE_KEY=new_private_key_pem(), VAPID_SUBJECT="mailto:t@t.test"
    ):
        yield


@pytest.fixture(autouse=True)
def real_password_hashing_when_marked(request):
    if request.node.get_closest_marker("argon2") is None:
        yield
        return
    from backrehab import settings as project

    with override_settings(PASSWORD_HASHERS=project.PASSWORD_HASHERS):
        yield


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
