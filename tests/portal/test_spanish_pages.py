"""The patient's pages in Spanish, for a reader whose browser asks for Spanish."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from backrehab.care.models import Evaluation
from backrehab.operations.demo import seed_demo_clinic

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex(client: Client) -> Client:
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-alex"))
    return client


def spanish(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200, url
    text: str = response.content.decode()
    assert '<html lang="es">' in text
    return text


@pytest.fixture
def newcomer(alex: Client) -> Client:
    """Alex before any evaluation: the full evaluation, not the check-in."""
    Evaluation.objects.filter(patient__user__username="demo-alex").delete()
    return alex


def test_the_first_evaluation_step_is_in_spanish(newcomer):
    alex = newcomer
    text = spanish(alex, reverse("evaluation-step", args=["about"]))
    assert "Sobre usted" in text and "Su edad" in text and "Prefiero no decirlo" in text
    assert "Paso 1 de" in text and "Siguiente" in text
    assert "Your age" not in text and "Next</button>" not in text


def test_a_red_flag_step_asks_in_spanish(alex):
    text = spanish(alex, reverse("evaluation-step", args=["bladder-and-bowel"]))
    assert "Control de seguridad: vejiga, intestino y sensibilidad" in text
    assert "zona de la silla de montar" in text and "saddle area" not in text


def test_a_spanish_answer_error_is_in_spanish(newcomer):
    alex = newcomer
    response = alex.post(
        reverse("evaluation-step", args=["about"]), {"age": "5"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    text = response.content.decode()
    assert "Debe tener 12 años o más" in text and "Responda, por favor: Su sexo." in text


def test_the_program_is_in_spanish(alex):
    text = spanish(alex, reverse("program"))
    assert "Su programa de ejercicios" in text and "a la semana" in text
    assert "Your exercise program" not in text and " sets of " not in text
    assert "serie" in text  # the doses


def test_progress_is_in_spanish(alex):
    text = spanish(alex, reverse("progress"))
    assert "Mi progreso" in text and "Dolor, de 0 a 10" in text
    assert "Sesiones semana a semana" in text and "Mostrar los números" in text
    assert "My progress" not in text and "Show the numbers" not in text


def test_lessons_are_in_spanish(alex):
    text = spanish(alex, reverse("learn"))
    assert "Lecciones" in text and "Levantar y cargar peso" in text
    assert "Lifting and carrying" not in text
    lesson = spanish(alex, reverse("lesson", args=["lifting"]))
    assert "Por qué es importante" in lesson and "Acérquese a la carga" in lesson
    assert "Why it matters" not in lesson


def test_reminders_are_in_spanish(alex):
    text = spanish(alex, reverse("reminders"))
    assert "Añada sus sesiones a su calendario" in text and "¿A qué hora?" in text
    assert "Enviarme un correo los días de sesión" in text and "Guardar" in text
    assert "Subscribe in my calendar" not in text


def test_english_stays_the_default(alex):
    text = alex.get(reverse("program")).content.decode()
    assert "Your exercise program" in text and "a week" in text
