"""The patient's pages ask the database a fixed number of questions, whether the patient has done
one session or a hundred: exercise names and texts come from one catalog query per page."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from backrehab.care import services
from backrehab.care.models import Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.progression import done_as_prescribed
from tests import personas

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "backrehab/content/demo"

# Measured (sign-in included); a change that adds a query per exercise,
# per session or per program version breaks these.
# Pending program change, the re-assessment schedule, a standing referral and the check for a
# break in training (the day of the last session) each cost one question; none grows with the
# number of sessions. The unread-message count in the navigation is one more on every page.
# The schedule (chosen days and day one) is one on Today and Progress.
BOUNDS = {"/my/": 14, "/my/program/": 11, "/my/session/": 9, "/my/progress/": 11}


def patient_with_sessions(n: int) -> Patient:
    """A patient whose program the progression rules have already changed once, with `n`
    easy sessions done on it."""
    today = dt.date.today()
    patient = personas.patient(
        personas.clinic("Clinic", "clinic"),
        None,
        "pat",
        joined_on=today - dt.timedelta(days=2 * n + 7),
    )
    answers = json.loads((DEMO / "alex.json").read_text())
    program = services.evaluate(patient, answers).program
    assert program is not None

    def sessions(program: Program, days: range) -> None:
        SessionLog.objects.bulk_create(
            SessionLog(
                patient=patient,
                program=program,
                client_id=uuid.uuid4(),
                performed_on=today - dt.timedelta(days=day),
                data={
                    "date": (today - dt.timedelta(days=day)).isoformat(),
                    "pain_before": 2,
                    "next_morning_pain": 2,
                    "exercises": [
                        done_as_prescribed(item, pain_during=1, effort=3)
                        for item in program.plan["items"]
                    ],
                },
            )
            for day in days
        )

    sessions(program, range(2 * n + 6, n + 1, -2))
    services.apply_progression(patient)
    sessions(Program.objects.get(patient=patient, is_active=True), range(n, 0, -1))
    return patient


@pytest.mark.parametrize("n", [1, 60])
@pytest.mark.parametrize("url", list(BOUNDS))
def test_a_patient_page_asks_a_fixed_number_of_questions(
    client, library_in_db, n, url, django_assert_max_num_queries
):
    patient = patient_with_sessions(n)
    assert patient.programs.count() == 2, "the progression rules changed the program once"
    client.force_login(patient.user)
    with django_assert_max_num_queries(BOUNDS[url]):
        response = client.get(url)
    assert response.status_code == 200
