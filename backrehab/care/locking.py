"""One change at a time to a patient's care (issue 10, Medium 8).

Two evaluations finishing together for one patient both retired the program in force and both
created a new one; on PostgreSQL the second then broke the one-active-program rule (a 500).
Every action that replaces a patient's program takes this lock first: the second waits for the
first to commit, then sees its result.
"""

from __future__ import annotations

from django.db import transaction

from backrehab.clinic.models import Patient


def lock_patient(patient: Patient) -> Patient:
    """Hold the patient's row until the current transaction ends (SQLite locks the whole
    database for a write transaction anyway). Must be called inside `transaction.atomic`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_patient needs a transaction (transaction.atomic)")
    return Patient.objects.select_for_update().get(pk=patient.pk)
