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
