"""A clinic's own exercises stay in that clinic: another clinic's patients never read their text
(player, handout, program page), and the engine never builds a program from them."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path

import pytest

from backrehab.care import services
from backrehab.care.actions import evaluations as evaluation_actions
from backrehab.care.actions import sessions as session_actions
from backrehab.care.models import Program
from backrehab.clinical.progression import done_as_prescribed
from backrehab.exports.handout import handout_html
from backrehab.library.catalog import Catalog
from tests import personas

from .factories import clinic_staff, document, save_for

pytestmark = pytest.mark.django_db

BACKREHAB = Path(__file__).resolve().parents[2] / "backrehab"
SECRET = "Away clinic's private wording"


@pytest.fixture
def setting(library_in_db):
    """Home has a patient with a program; away has an exercise of its own, and its id has been
    slipped into the home patient's program (as a tampered or mistaken program would)."""
    home, away = clinic_staff("home"), clinic_staff("away")
    save_for(home, document("home-bridge", name="Home bridge"))
    save_for(
        away,
        document(
            "away-bridge",
            name=f"{SECRET} (name)",
            steps=[f"{SECRET}: step one.", "Step two.", "Step three."],
        ),
    )
    patient = personas.patient(home.clinic, None, "pat", joined_on=dt.date.today())
    program = personas.evaluated(patient)
    first = program.plan["items"][0]
    program.plan["items"].append({**first, "exercise": "away-bridge"})
    program.plan["items"].append({**first, "exercise": "home-bridge"})
    program.save()
    return patient, program


def test_the_player_never_shows_another_clinics_exercise(client, setting):
    patient, _program = setting
    client.force_login(patient.user)
    page = client.get("/my/session/").text
    assert SECRET not in page
    plan = re.search(r'id="session-plan" type="application/json">(.*?)</script>', page, re.S)
    assert plan is not None
    shown = [i["exercise"] for i in json.loads(plan.group(1))["items"]]
    assert "away-bridge" not in shown and "home-bridge" in shown


def test_the_program_page_never_shows_another_clinics_exercise(client, setting):
    patient, _program = setting
    client.force_login(patient.user)
    page = client.get("/my/program/").text
    assert SECRET not in page and "Home bridge" in page


def test_the_handout_never_prints_another_clinics_exercise(setting):
    _patient, program = setting
    html = handout_html(Program.objects.get(pk=program.pk))
    assert SECRET not in html and "Home bridge" in html


def test_the_engine_builds_from_the_patients_clinic_and_the_bundled_library_only(
    setting, monkeypatch
):
    patient, _program = setting
    given = []
    real = evaluation_actions.generate_program

    def spy(intake, library, *args, **kwargs):
        given.append(set(library))
        return real(intake, library, *args, **kwargs)

    monkeypatch.setattr(evaluation_actions, "generate_program", spy)
    services.evaluate(patient, patient.evaluations.first().answers)
    assert "home-bridge" in given[0] and "away-bridge" not in given[0]


def test_the_progression_rules_judge_with_the_patients_clinic_library_only(setting, monkeypatch):
    patient, _program = setting
    program = Program.objects.get(patient=patient, is_active=True)
    services.record_session(
        patient,
        program,
        uuid.uuid4(),
        {
            "date": dt.date.today().isoformat(),
            "pain_before": 2,
            "exercises": [done_as_prescribed(program.plan["items"][0], pain_during=1, effort=3)],
        },
    )
    given = []
    real = session_actions.next_step

    def spy(current, logs, library, *args, **kwargs):
        given.append(set(library))
        return real(current, logs, library, *args, **kwargs)

    monkeypatch.setattr(session_actions, "next_step", spy)
    services.apply_progression(patient)
    assert "home-bridge" in given[0] and "away-bridge" not in given[0]


def test_a_catalog_holds_the_bundled_exercises_and_its_own_clinics(setting):
    patient, _program = setting
    mine = Catalog.for_clinic(patient.clinic)
    public = Catalog.for_clinic(None)
    assert "home-bridge" in mine and "away-bridge" not in mine
    assert "home-bridge" not in public and set(public) < set(mine)
    assert mine.name("away-bridge") == "Away bridge"  # named from its id, never its text


def test_a_catalog_is_one_query(setting, django_assert_num_queries):
    patient, _program = setting
    with django_assert_num_queries(1):
        catalog = Catalog.for_clinic(patient.clinic_id, "es")
        catalog.names()
        catalog.library()
        catalog.listing({"q": "puente"})


def test_no_module_outside_the_library_reads_exercise_rows_directly():
    """Everything else reads exercises through library/catalog.py, which knows the scope."""
    found = [
        str(path.relative_to(BACKREHAB))
        for path in BACKREHAB.rglob("*.py")
        if "ExerciseRecord" in path.read_text(encoding="utf-8")
        and path.relative_to(BACKREHAB).parts[0] != "library"
    ]
    assert found == []
