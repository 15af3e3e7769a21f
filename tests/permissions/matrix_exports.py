"""Exports: handouts, FHIR bundles and the clinic's bulk NDJSON.

A patient's handout and FHIR bundle are for the staff of that patient's clinic (another clinic's
staff get 404, as for a record that does not exist; patients are refused with 403 - their own
handout is at /my/handout.pdf). The bulk export is the clinic admin's: each admin exports their
own clinic, so the other clinic's admin gets 200 with their own clinic's data, never ours.
`my-handout` behaves like every /my/ page: a patient gets their own program, staff are sent to
their own pages (302), visitors to sign in (302).
"""

from __future__ import annotations

from tests.permissions.matrix import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Entry,
    roles,
    subject_kwargs,
)


def staff_download(url_name: str) -> Entry:
    return Entry(
        url_name,
        roles(
            NOT_FOUND,
            anonymous=REDIRECT,
            patient=FORBIDDEN,
            other_patient=FORBIDDEN,
            clinician=OK,
            clinic_admin=OK,
        ),
        kwargs=subject_kwargs,
    )


ENTRIES = [
    staff_download("patient-handout"),
    staff_download("patient-fhir"),
    Entry(
        "clinic-fhir-ndjson",
        roles(FORBIDDEN, anonymous=REDIRECT, clinic_admin=OK, other_admin=OK),
        note="each admin exports their own clinic (tests/exports checks which patients)",
    ),
    Entry(
        "my-handout",
        roles(REDIRECT, patient=OK, other_patient=OK),
        note="both patients have a program; staff are sent to their own pages",
    ),
]
