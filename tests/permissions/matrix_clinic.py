"""Clinic administration and data rights: a patient's own data download, deleting a patient,
the audit log. Deletion and the audit log are for clinic admins only, and only their clinic's."""

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

ENTRIES = [
    Entry(
        "my-data",
        roles(REDIRECT, patient=OK, other_patient=OK),
        note="no id in the address: each patient sees and downloads only their own data",
    ),
    Entry("my-data", roles(REDIRECT, patient=OK, other_patient=OK), query="download=1"),
    Entry(
        "patient-delete",
        roles(FORBIDDEN, anonymous=REDIRECT, clinic_admin=OK, other_admin=NOT_FOUND),
        kwargs=subject_kwargs,
    ),
    Entry(
        "patient-delete",
        roles(FORBIDDEN, anonymous=REDIRECT, clinic_admin=REDIRECT, other_admin=NOT_FOUND),
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"username": world.subject.user.username},
        mutates=True,
        note="the clinic admin is sent to the dashboard after deleting",
    ),
    Entry(
        "audit-log",
        roles(FORBIDDEN, anonymous=REDIRECT, clinic_admin=OK, other_admin=OK),
        note="each admin sees their own clinic's events (tests/clinic/test_rights_audit_log.py)",
    ),
]
