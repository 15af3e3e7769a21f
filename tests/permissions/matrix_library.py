"""The exercise library is public: everyone may read it."""

from __future__ import annotations

from tests.permissions.matrix import OK, Entry, roles


def _slug(world):
    return {"slug": "cat-camel"}


ENTRIES = [
    Entry("home", roles(OK)),
    Entry("health", roles(OK), note="for load balancers and the benchmark baseline"),
    Entry("exercise-list", roles(OK)),
    Entry("exercise-list-json", roles(OK)),
    Entry("exercise-detail", roles(OK), kwargs=_slug),
    Entry("exercise-json", roles(OK), kwargs=_slug),
    Entry(
        "exercise-figure", roles(OK), kwargs=lambda world: {"slug": "cat-camel", "kind": "start"}
    ),
]
