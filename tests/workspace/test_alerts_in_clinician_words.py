"""Alerts speak to the clinician in their language (issue 12, part 6): stored as a message id
with rule and exercise ids, said in the reader's language, naming exercises by their names."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from backrehab.care import services
from backrehab.care.alerts import SAID_BY_ENGINE_RULES
from backrehab.care.models import Alert
from backrehab.clinic.models import Role
from backrehab.clinical.progression import done_as_prescribed
from backrehab.library.catalog import Catalog
from backrehab.workspace.alert_text import SAY, alert_text
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex_spread(library_in_db):
    home = personas.clinic("Home")
    clinician = personas.staff(home, Role.CLINICIAN, "dana")
    alex = personas.patient(home, clinician, "alex", "Alex", "Turner")
    program = services.evaluate(alex, personas.alex_answers()).program
    assert program is not None
    item = program.plan["items"][1]
    services.record_session(
        alex,
        program,
        uuid.uuid4(),
        {
            "date": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "pain_before": 3,
            "exercises": [done_as_prescribed(item, pain_during=4, effort=5, peripheralised=True)],
        },
    )
    return alex, clinician, item["exercise"]


def test_spreading_pain_is_said_with_the_exercise_name_in_english_and_spanish(alex_spread):
    alex, _clinician, exercise = alex_spread
    alert = Alert.objects.get(patient=alex, kind=Alert.Kind.PERIPHERALISATION)
    assert alert.message["params"]["exercises"] == [exercise]
    english = alert_text(alert, Catalog.for_clinic(alex.clinic_id, "en"))
    name = Catalog.for_clinic(alex.clinic_id, "en").name(exercise)
    assert name in english and exercise not in english
    assert english.startswith("Leg pain spread further (peripheralised)")
    with translation.override("es"):
        spanish = alert_text(alert, Catalog.for_clinic(alex.clinic_id, "es"))
    assert spanish.startswith("El dolor de pierna se extendió más (periferalización)")
    assert Catalog.for_clinic(alex.clinic_id, "es").name(exercise) in spanish


def test_the_dashboard_shows_the_alert_in_the_readers_language(alex_spread):
    alex, clinician, _exercise = alex_spread
    client = Client()
    client.force_login(clinician.user)
    client.cookies["django_language"] = "es"
    page = client.get(reverse("patient-record", kwargs={"patient_id": alex.pk})).content.decode()
    alert = Alert.objects.get(patient=alex, kind=Alert.Kind.PERIPHERALISATION)
    assert alert.detail not in page
    with translation.override("es"):
        assert alert_text(alert, Catalog.for_clinic(alex.clinic_id, "es")) in page


def test_an_alert_from_an_older_version_shows_its_english_text(library_in_db):
    alert = Alert(kind=Alert.Kind.NO_SESSION, detail="No session since 1 Nov 2026 (8 days).")
    assert alert_text(alert, Catalog.for_clinic(None, "en")) == alert.detail


def test_every_message_the_care_layer_raises_can_be_said():
    assert set(SAY) >= SAID_BY_ENGINE_RULES


def test_a_proposal_alert_names_the_exercises_in_the_readers_language(library_in_db):
    from backrehab.care.alerts import message

    alert = Alert(
        kind=Alert.Kind.PROPOSAL,
        detail="English detail.",
        message=message(
            "proposal",
            changes=[{"kind": "add", "exercise": "bird-dog"}, {"kind": "pathway", "exercise": ""}],
        ),
    )
    english = alert_text(alert, Catalog.for_clinic(None, "en"))
    assert "add Bird dog" in english and "bird-dog" not in english
    with translation.override("es"):
        spanish = alert_text(alert, Catalog.for_clinic(None, "es"))
    assert spanish.startswith("La reevaluación pide un cambio mayor del programa")
    assert "bird-dog" not in spanish
