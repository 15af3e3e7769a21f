"""The caseload at a glance: my patients first, filters, search, sort, pages, alerts on top."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backrehab.care import services
from backrehab.care.models import Alert, Evaluation, Program
from backrehab.workspace import queries
from tests.workspace.conftest import (
    active_program,
    alex_answers,
    log_session,
    make_patient,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def signed_in(client, people):
    client.force_login(people.me.user)
    return client


def names(response: Any) -> list[str]:
    return [row.patient.user.username for row in response.context["rows"]]


def test_it_shows_my_caseload_by_default_and_the_whole_clinic_on_request(signed_in, people, alex):
    make_patient(people.clinic, people.colleague, "casey", "Casey", "Adams")
    make_patient(people.other_clinic, people.stranger, "faraway")
    assert names(signed_in.get(reverse("dashboard"))) == ["alex"]
    assert names(signed_in.get(reverse("dashboard"), {"scope": "clinic"})) == ["casey", "alex"]


def test_a_row_shows_risk_last_session_adherence_pain_trend_and_clinician(signed_in, alex):
    program = active_program(alex)
    # Started a week ago: a program started today after 18:00 has its first session tomorrow,
    # and nothing would be due yet in the two weeks counted.
    Program.objects.filter(pk=program.pk).update(created_at=timezone.now() - dt.timedelta(days=7))
    log_session(alex, program, TODAY - dt.timedelta(days=5), pain_before=5)
    log_session(alex, program, TODAY - dt.timedelta(days=1), pain_before=3)
    response = signed_in.get(reverse("dashboard"))
    row = response.context["rows"][0]
    assert row.risk == alex.evaluations.get().scores["startback"]["risk"]
    assert row.last_session == TODAY - dt.timedelta(days=1)
    assert row.done == 2 and row.prescribed > 0
    assert (row.pain.first, row.pain.last, row.pain.direction) == (5, 3, -1)
    body = response.content.decode()
    assert "Down, 5 to 3" in body and "Dana Okafor" in body


def test_a_row_is_said_in_the_clinicians_language(signed_in, alex):
    program = active_program(alex)
    log_session(alex, program, TODAY - dt.timedelta(days=5), pain_before=2)
    log_session(alex, program, TODAY - dt.timedelta(days=1), pain_before=4)
    english = signed_in.get(reverse("dashboard")).content.decode()
    assert (
        '<span class="trend trend-up"><span aria-hidden="true">↑</span> Up, 2 to 4</span>'
        in english
    )
    assert 'aria-label="Messages with Alex Turner: 0 unread"' in english
    assert "No re-assessment yet" in english

    spanish = signed_in.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sube, de 2 a 4" in spanish and "Up, 2 to 4" not in spanish
    assert 'aria-label="Mensajes con Alex Turner: 0 sin leer"' in spanish
    risk = alex.evaluations.get().scores["startback"]["risk"]
    assert {"high": "Alto", "medium": "Medio", "low": "Bajo"}[risk] in spanish


def test_the_outcome_column_compares_the_latest_reassessment_with_the_intake(signed_in, alex):
    better = alex_answers()
    for section in better["odi"]:
        if better["odi"][section]:
            better["odi"][section] = 0
    services.evaluate(alex, better, kind=Evaluation.Kind.REASSESSMENT)
    page = signed_in.get(reverse("dashboard"))
    row = page.context["rows"][0]
    assert row.outcome.measure == "ODI" and row.outcome.verdict == "improved"
    assert "important change" in row.outcome.reason
    said = f"ODI {row.outcome.before} → {row.outcome.after}: improved"
    assert f'<span class="verdict verdict-improved" title="{row.outcome.reason}">{said}</span>' in (
        page.content.decode()
    )
    spanish = signed_in.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"ODI {row.outcome.before} → {row.outcome.after}: ha mejorado" in spanish


def test_it_filters_by_risk_group_and_open_alerts_and_searches_by_name(signed_in, people, alex):
    quiet = make_patient(people.clinic, people.me, "blake", "Blake", "Moss")
    risk = alex.evaluations.get().scores["startback"]["risk"]
    assert names(signed_in.get(reverse("dashboard"), {"risk": risk})) == ["alex"]
    assert names(signed_in.get(reverse("dashboard"), {"risk": "none"})) == ["blake"]
    Alert.objects.create(patient=quiet, kind="no_session", key="k", detail="Quiet.")
    assert names(signed_in.get(reverse("dashboard"), {"alerts": "on"})) == ["blake"]
    assert names(signed_in.get(reverse("dashboard"), {"q": "turn"})) == ["alex"]


def test_columns_sort_on_the_server_both_ways(signed_in, people, alex):
    blake = make_patient(people.clinic, people.me, "blake", "Blake", "Moss")
    services.evaluate(blake, alex_answers())
    log_session(blake, active_program(blake), TODAY)
    log_session(alex, active_program(alex), TODAY - dt.timedelta(days=3))
    assert names(signed_in.get(reverse("dashboard"), {"sort": "name"})) == ["blake", "alex"]
    assert names(signed_in.get(reverse("dashboard"), {"sort": "-name"})) == ["alex", "blake"]
    assert names(signed_in.get(reverse("dashboard"), {"sort": "-last_session"})) == [
        "blake",
        "alex",
    ]
    assert names(signed_in.get(reverse("dashboard"), {"sort": "last_session"})) == [
        "alex",
        "blake",
    ]
    response = signed_in.get(reverse("dashboard"), {"sort": "nonsense"})
    assert response.status_code == 200 and len(names(response)) == 2


def test_it_pages_fifty_patients_at_a_time(signed_in, people):
    for n in range(queries.PAGE_SIZE + 3):
        make_patient(people.clinic, people.me, f"p{n:03d}", "P", f"{n:03d}")
    first = signed_in.get(reverse("dashboard"))
    assert len(first.context["rows"]) == queries.PAGE_SIZE
    second = signed_in.get(reverse("dashboard"), {"page": "2"})
    assert names(second) == ["p050", "p051", "p052"]
    assert signed_in.get(reverse("dashboard"), {"page": "junk"}).status_code == 200


def test_open_alerts_of_my_patients_are_on_top_newest_first(signed_in, people, alex):
    other = make_patient(people.clinic, people.colleague, "casey")
    Alert.objects.create(patient=alex, kind="no_session", key="a", detail="Old one.")
    Alert.objects.create(patient=alex, kind="pain_rising", key="b", detail="New one.")
    Alert.objects.create(patient=other, kind="regress", key="c", detail="Not mine.")
    done = Alert.objects.create(patient=alex, kind="regress", key="d", detail="Seen.")
    done.acknowledged_at = done.raised_at
    done.save()
    shown = signed_in.get(reverse("dashboard")).context["alerts"]
    assert [a.detail for a in shown] == ["New one.", "Old one."]
    everyone = signed_in.get(reverse("dashboard"), {"scope": "clinic"}).context["alerts"]
    assert {a.detail for a in everyone} == {"New one.", "Old one.", "Not mine."}


def test_the_dashboard_shows_the_newest_alerts_and_links_to_every_open_one(signed_in, people, alex):
    for n in range(queries.OPEN_ALERTS_SHOWN + 3):
        Alert.objects.create(patient=alex, kind="no_session", key=f"k{n}", detail=f"Alert {n}.")
    Alert.objects.create(
        patient=make_patient(people.clinic, people.colleague, "casey"),
        kind="regress",
        key="c",
        detail="Not mine.",
    )

    page = signed_in.get(reverse("dashboard"))
    assert len(page.context["alerts"]) == queries.OPEN_ALERTS_SHOWN
    assert page.context["alert_count"] == queries.OPEN_ALERTS_SHOWN + 3
    html = page.content.decode()
    assert f'href="{reverse("open-alerts")}"' in html
    assert f"See all {queries.OPEN_ALERTS_SHOWN + 3} open alerts" in html

    mine = signed_in.get(reverse("open-alerts"))
    assert [a.detail for a in mine.context["alerts"]][:2] == [
        f"Alert {queries.OPEN_ALERTS_SHOWN + 2}.",
        f"Alert {queries.OPEN_ALERTS_SHOWN + 1}.",
    ]
    assert len(mine.context["alerts"]) == queries.OPEN_ALERTS_SHOWN + 3
    assert "Acknowledge" in mine.content.decode()
    clinic = signed_in.get(reverse("open-alerts"), {"scope": "clinic"})
    assert len(clinic.context["alerts"]) == queries.OPEN_ALERTS_SHOWN + 4


def test_acknowledging_from_the_alerts_page_comes_back_to_it(signed_in, alex):
    alert = Alert.objects.create(patient=alex, kind="no_session", key="k", detail="Quiet.")
    here = reverse("open-alerts") + "?scope=clinic"
    response = signed_in.post(reverse("alert-acknowledge", args=[alert.pk]), {"next": here})
    assert response["Location"] == here
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    assert list(signed_in.get(here).context["alerts"]) == []


def test_bad_filter_values_do_not_break_the_page(signed_in, alex):
    response = signed_in.get(reverse("dashboard"), {"scope": "x", "risk": "y", "q": "z" * 500})
    assert response.status_code == 200


def test_sorting_by_adherence_puts_patients_without_a_program_last(signed_in, people, alex):
    """A patient whom a red flag stopped has no sessions a week to divide by."""
    program = active_program(alex)
    log_session(alex, program, TODAY - dt.timedelta(days=2), pain_before=3)
    make_patient(people.clinic, people.me, "stopped", "Stopped", "Patient")
    for order in ("adherence", "-adherence"):
        response = signed_in.get(reverse("dashboard"), {"sort": order})
        assert response.status_code == 200
        assert names(response)[-1] == "stopped", order
