"""The printable handout: the patient's program as a PDF a therapist can hand over.

Rendered by WeasyPrint from a Django template. Everything the page shows is in the HTML given to
WeasyPrint (figures inline as SVG, the stylesheet read from disk), and the URL fetcher refuses
every address, so making a handout never touches the network or the file system beyond that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetchingError

from backrehab.care.models import Program
from backrehab.clinic.models import Patient
from backrehab.library.catalog import Catalog
from backrehab.library.queries import item_dose_words

STYLESHEET = Path(__file__).resolve().parent.parent / "static/backrehab/handout.css"
TICK_WEEKS = 4
DAYS_PER_WEEK = 7


class NoFetching(URLFetcher):  # type: ignore[misc]
    """Refuses every URL: a handout holds health data and must not call out to anything."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        raise URLFetchingError(f"backrehab handouts do not load external resources ({url[:60]})")


@dataclass(frozen=True)
class HandoutItem:
    number: int
    name: str
    dose: str
    steps: list[str]
    cues: list[str]
    mistakes: list[str]
    breathing: str
    note: str  # the clinician's note to the patient ("" when none)
    figure_start: SafeString
    figure_peak: SafeString


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def therapist_of(program: Program) -> str:
    """The patient's clinician, or the staff member who prescribed this program."""
    patient: Patient = program.patient
    if patient.clinician is not None:
        return _person(patient.clinician.user)
    creator = program.created_by
    if creator is not None and hasattr(creator, "staff"):
        return _person(creator)
    return ""


def handout_items(program: Program, language: str) -> list[HandoutItem]:
    plan_items: list[dict[str, Any]] = list(program.plan.get("items", []))
    slugs = [str(item["exercise"]) for item in plan_items]
    # The patient's clinic's exercises only: another clinic's text never reaches this patient.
    catalog = Catalog.for_clinic(program.patient.clinic_id, language)
    drawn = catalog.figures(slugs, "start", "peak")
    items: list[HandoutItem] = []
    for item in plan_items:
        slug = str(item["exercise"])
        exercise = catalog.exercise(slug)
        if exercise is None or slug not in drawn:
            # An exercise deleted from the library: nothing safe to print, leave it out.
            continue
        items.append(
            HandoutItem(
                number=len(items) + 1,
                name=exercise.name,
                # The clinician's rest when the item has one, else the exercise's default.
                dose=item_dose_words(item, rest_seconds=exercise.dose.rest_seconds),
                note=str(item.get("note") or ""),
                steps=list(exercise.steps),
                cues=list(exercise.cues[:3]),
                mistakes=list(exercise.mistakes[:2]),
                breathing=exercise.breathing,
                # Our own renderer's output (backrehab.figures.svg), never user-written markup.
                figure_start=mark_safe(drawn[slug]["start"]),  # noqa: S308
                figure_peak=mark_safe(drawn[slug]["peak"]),  # noqa: S308
            )
        )
    return items


def handout_language(program: Program, language: str | None) -> str:
    chosen = language or program.patient.language or settings.LANGUAGE_CODE
    known = {code for code, _ in settings.LANGUAGES}
    return chosen if chosen in known else settings.LANGUAGE_CODE


def handout_html(
    program: Program, *, language: str | None = None, today: dt.date | None = None
) -> str:
    """The handout as HTML (what WeasyPrint lays out; also handy to inspect in tests)."""
    language = handout_language(program, language)
    patient = program.patient
    with translation.override(language):
        items = handout_items(program, language)
        days = [
            gettext("Mon"),
            gettext("Tue"),
            gettext("Wed"),
            gettext("Thu"),
            gettext("Fri"),
            gettext("Sat"),
            gettext("Sun"),
        ]
        return render_to_string(
            "exports/handout.html",
            {
                "language": language,
                "clinic": patient.clinic.name,
                "patient": str(patient),
                "therapist": therapist_of(program),
                "today": today or timezone.localdate(),
                "program_date": timezone.localtime(program.created_at).date(),
                "sessions_per_week": int(program.plan.get("sessions_per_week", 0)),
                "minutes": int(program.plan.get("minutes", 0)),
                "items": items,
                "weeks": range(1, TICK_WEEKS + 1),
                "days": days[:DAYS_PER_WEEK],
            },
        )


def program_pdf(
    program: Program, *, language: str | None = None, today: dt.date | None = None
) -> bytes:
    """The program as an A4 PDF handout in `language` (default: the patient's)."""
    html = handout_html(program, language=language, today=today)
    document = HTML(string=html, url_fetcher=NoFetching(), base_url=None)
    pdf: bytes = document.write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=NoFetching())]
    )
    return pdf


def handout_filename(program: Program, today: dt.date | None = None) -> str:
    day = today or timezone.localdate()
    who = slugify(str(program.patient)) or "patient"
    return f"exercise-program-{who}-{day:%Y-%m-%d}.pdf"
