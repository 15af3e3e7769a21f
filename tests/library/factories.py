"""Small exercise libraries built in code, so tests do not depend on the bundled content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.library import Library

EXAMPLE = Path(__file__).resolve().parents[2] / "backrehab/content/exercises/glute-bridge.yaml"


def document(exercise_id: str = "glute-bridge", **changes: Any) -> dict[str, Any]:
    """The shipped glute bridge as a plain document, with no links to other exercises."""
    doc = yaml.safe_load(EXAMPLE.read_text())
    doc.update(id=exercise_id, progression=[], regression=[])
    doc.update(changes)
    return doc


def make_library(*docs: dict[str, Any]) -> Library:
    return Library({d["id"]: Exercise.model_validate(d) for d in docs})


def clinic_staff(clinic_slug: str, username: str | None = None) -> Any:
    """A clinician of the clinic (made if new), as `personas.staff` makes clinic staff: admin
    access (is_staff) and the permissions to curate exercises."""
    from backrehab.clinic.models import Clinic
    from tests import personas

    clinic = Clinic.objects.filter(slug=clinic_slug).first() or personas.clinic(
        f"{clinic_slug.capitalize()} Clinic", clinic_slug
    )
    return personas.staff(clinic, username=username or f"{clinic_slug}-clinician")


def save_for(staff: Any, doc: dict[str, Any]) -> Any:
    """Save a clinic exercise as that staff member does."""
    from backrehab.library.actions import do_save_clinic_exercise

    return do_save_clinic_exercise(doc, staff.clinic, by=staff.user)
