"""Two evaluations of one patient finishing at once (issue 10, Medium 8; PostgreSQL).

Both used to retire the program in force and create a new one; the second then broke the
one-active-program rule and the person saw a 500. The patient's row is now locked while an
evaluation is stored, so the second waits for the first and replaces its program.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from django.db import connection, connections

from backrehab.care.actions import evaluations
from backrehab.care.models import Program
from backrehab.clinic.models import Patient
from backrehab.library.actions import do_sync_bundled_library as sync_bundled_library
from tests import personas

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and the race need PostgreSQL"
    ),
]


def test_two_evaluations_finishing_together_leave_one_program_in_force(library, monkeypatch):
    sync_bundled_library(library)
    home = personas.clinic("Home")
    patient = personas.patient(home, personas.staff(home), "alex")
    # Both evaluations meet here, between reading the program in force and replacing it; with
    # the lock the second never gets here until the first has committed (the wait times out).
    meeting = threading.Barrier(2, timeout=3)
    real = evaluations.generate_program

    def slow_generate(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(evaluations, "generate_program", slow_generate)
    failures: list[BaseException] = []

    def evaluate() -> None:
        try:
            evaluations.do_evaluate(Patient.objects.get(pk=patient.pk), personas.alex_answers())
        except BaseException as exc:  # the IntegrityError this test is about
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=evaluate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert Program.objects.filter(patient=patient).count() == 2
    assert Program.objects.filter(patient=patient, is_active=True).count() == 1
