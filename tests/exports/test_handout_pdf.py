"""The printable handout: a real PDF with the clinic, every exercise, its dose and a tick sheet."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from pypdf import PdfReader

from backrehab.care.models import Program
from backrehab.exports import handout
from backrehab.exports.handout import handout_filename, handout_html, program_pdf
from backrehab.library.localization import localized
from backrehab.library.models import ExerciseRecord
from backrehab.library.queries import dose_words

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # Lines wrap anywhere; compare on words separated by single spaces.
    return " ".join(text.split()), len(reader.pages)


@pytest.fixture
def program(alex) -> Program:
    return Program.objects.get(patient=alex, is_active=True)


def test_the_handout_is_a_pdf_with_clinic_patient_and_therapist(program):
    pdf = program_pdf(program, today=dt.date(2026, 11, 24))
    assert pdf.startswith(b"%PDF")
    text, _ = pdf_text(pdf)
    assert "Riverside Physiotherapy" in text
    assert "Alex Doe" in text
    assert "Jo Martinez" in text
    assert "5 sessions a week" in text


def test_every_exercise_is_printed_with_its_prescribed_dose(program):
    text, _ = pdf_text(program_pdf(program))
    names = dict(ExerciseRecord.objects.values_list("slug", "name"))
    assert program.plan["items"]
    for item in program.plan["items"]:
        assert names[item["exercise"]] in text
        words = dose_words(
            item["sets"],
            item["reps"],
            item["hold_seconds"],
            item["duration_seconds"],
            item["per_side"],
        )
        assert words[1:] in text  # the first letter is capitalised on the page


def test_each_exercise_has_its_start_and_end_figures_inline(program):
    html = handout_html(program)
    count = len(program.plan["items"])
    assert html.count("<svg") == 2 * count
    assert html.count("figure-start") == count and html.count("figure-peak") == count


def test_the_handout_ends_with_a_weekly_tick_sheet_and_stop_rules(program):
    text, pages = pdf_text(program_pdf(program))
    assert "Weekly tick sheet" in text
    for week in range(1, 5):
        assert f"Week {week}" in text
    assert "Mon Tue Wed Thu Fri Sat Sun" in text
    assert "Stop the exercise and tell your therapist if" in text
    # A cover page, a page or two of exercises, the tick sheet: not one page per line.
    assert 2 <= pages <= 1 + len(program.plan["items"]) + 1


def test_the_handout_never_fetches_a_url(program, monkeypatch):
    fetched: list[str] = []

    def spy(self, url, headers=None):
        fetched.append(url)
        raise AssertionError("fetched")

    monkeypatch.setattr(handout.NoFetching, "fetch", spy)
    program_pdf(program)
    assert fetched == []


def test_a_handout_in_spanish_uses_the_translated_exercise_names(program):
    text, _ = pdf_text(program_pdf(program, language="es"))
    records = ExerciseRecord.objects.filter(slug__in=[i["exercise"] for i in program.plan["items"]])
    spanish = [localized(record.exercise, "es").name for record in records]
    assert "Programa de caminatas" in spanish  # the demo program walks; its name is translated
    for name in spanish:
        assert name in text


def test_the_handout_is_made_in_reasonable_time(program):
    started = time.perf_counter()
    program_pdf(program)
    assert time.perf_counter() - started < 10


def test_the_file_name_says_whose_program_and_when(program):
    assert handout_filename(program, dt.date(2026, 11, 24)) == (
        "exercise-program-alex-doe-2026-11-24.pdf"
    )
