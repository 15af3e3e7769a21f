"""The shape of a permission-matrix entry: one URL, one method, the answer for every role.

Each area keeps its entries in `tests/permissions/matrix_<area>.py` as a list named ENTRIES;
`test_permission_matrix.py` runs them all and fails when a URL has no entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.personas import ROLES, World

# Answers, by what they mean for access.
OK = 200
REDIRECT = 302  # to the sign-in page for anonymous visitors, or to the person's own pages
CREATED = 201
NO_CONTENT = 204
BAD_REQUEST = 400  # allowed in, but the request itself is wrong
UNAUTHORIZED = 401  # the API without a valid token
FORBIDDEN = 403
NOT_FOUND = 404  # someone else's record looks exactly like one that does not exist
GONE = 410  # an invitation that was used or has expired


def roles(default: int, **by_role: int) -> dict[str, int]:
    """The expected status for every role: `default` unless named, e.g. roles(404, patient=200)."""
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    return {role: by_role.get(role, default) for role in ROLES}


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


def subject_kwargs(world: World) -> dict[str, Any]:
    return {"patient_id": world.subject.pk}


@dataclass(frozen=True)
class Entry:
    url_name: str
    expect: Mapping[str, int]
    kwargs: Callable[[World], dict[str, Any]] = no_kwargs
    method: str = "get"
    # Form fields, or a JSON body when `json` is set.
    data: Callable[[World], Any] | None = None
    json: bool = False
    query: str = ""
    # "session": signed in through the log-in page; "token": the API's bearer token.
    auth: str = "session"
    # Mutating requests get a fresh world for each role, so one role's change can't
    # decide the next role's answer.
    mutates: bool = False
    note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.url_name}: no expectation for {sorted(missing)}")

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.url_name}{'?' + self.query if self.query else ''}"


# --- Shared shapes of an entry -------------------------------------------------------------------

PATIENTS_REFUSED = {"patient": FORBIDDEN, "other_patient": FORBIDDEN}


def staff_page(url_name: str, staff: int = OK, **kwargs: Any) -> Entry:
    """Any clinic's staff get their own clinic's page; patients are refused."""
    return Entry(url_name, roles(staff, anonymous=REDIRECT, **PATIENTS_REFUSED), **kwargs)


def home_staff(url_name: str, staff: int = OK, **kwargs: Any) -> Entry:
    """The home clinic's staff only: the other clinic's get 404 for the same id."""
    return Entry(
        url_name,
        roles(
            NOT_FOUND,
            anonymous=REDIRECT,
            clinician=staff,
            clinic_admin=staff,
            **PATIENTS_REFUSED,
        ),
        **kwargs,
    )
