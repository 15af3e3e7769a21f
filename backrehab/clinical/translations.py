"""Exercise text in other languages, kept beside the exercise files and checked against them.

A translation file (content/exercises/<language>/<id>.yaml) gives the patient-facing text of one
exercise in that language; everything clinical (dose, bias, precautions, figure) stays in the
exercise file, so a translation can never change what is prescribed. Lists must keep the
original's length and order, so step 3 is step 3 in every language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.library import CONTENT_DIR, Library, LibraryError

Text = Annotated[str, Field(min_length=2, max_length=600)]
LANGUAGES = ("es",)


class ExerciseText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: Annotated[str, Field(min_length=2, max_length=80)]
    aliases: list[str] = Field(default_factory=list)
    summary: Text
    purpose: Text
    target_muscles: list[Text]
    steps: list[Text]
    cues: list[Text]
    mistakes: list[Text]
    breathing: Text
    notes: list[Text] = Field(default_factory=list)
    # condition id -> the precaution's note
    precautions: dict[str, Text] = Field(default_factory=dict)
    # the notes of the progression and regression steps, in order (None where none)
    progression_notes: list[Text | None] = Field(default_factory=list)
    regression_notes: list[Text | None] = Field(default_factory=list)


def mismatches(text: ExerciseText, exercise: Exercise) -> list[str]:
    """Where the translation does not line up with the exercise it translates."""
    problems = []
    for name in ("target_muscles", "steps", "cues", "mistakes", "notes"):
        have, want = len(getattr(text, name)), len(getattr(exercise, name))
        if have != want:
            problems.append(f"{name}: {have} entries, the exercise has {want}")
    wanted = {p.condition for p in exercise.precautions}
    if set(text.precautions) != wanted:
        problems.append(f"precautions: translate the notes for exactly {sorted(wanted)}")
    for name, steps in (
        ("progression_notes", exercise.progression),
        ("regression_notes", exercise.regression),
    ):
        notes = getattr(text, name)
        if len(notes) != len(steps):
            problems.append(f"{name}: {len(notes)} entries, the exercise has {len(steps)} steps")
        elif any((n is None) != (s.note is None) for n, s in zip(notes, steps, strict=True)):
            problems.append(f"{name}: give a note exactly where the exercise's step has one")
    return problems


def load_translations(
    language: str, library: Library, directory: Path = CONTENT_DIR
) -> dict[str, ExerciseText]:
    """Every translation file for `language`, checked against the library; all problems at once."""
    problems: list[str] = []
    found: dict[str, ExerciseText] = {}
    for path in sorted((directory / language).glob("*.yaml")):
        where = f"{language}/{path.name}"
        try:
            text = ExerciseText.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            problems.append(f"{where}: {exc}")
            continue
        if text.id != path.stem or text.id not in library:
            problems.append(f"{where}: id: no exercise {text.id!r} matching the file name")
            continue
        problems.extend(f"{where}: {p}" for p in mismatches(text, library[text.id]))
        found[text.id] = text
    if problems:
        raise LibraryError(problems)
    return found


def localize(exercise: Exercise, text: ExerciseText | None) -> Exercise:
    """The exercise with its patient-facing text in the translation's language."""
    if text is None:
        return exercise
    precautions = [
        p.model_copy(update={"note": text.precautions.get(p.condition, p.note)})
        for p in exercise.precautions
    ]
    progression = [
        s.model_copy(update={"note": n})
        for s, n in zip(exercise.progression, text.progression_notes, strict=False)
    ] or exercise.progression
    regression = [
        s.model_copy(update={"note": n})
        for s, n in zip(exercise.regression, text.regression_notes, strict=False)
    ] or exercise.regression
    return exercise.model_copy(
        update={
            "name": text.name,
            "aliases": text.aliases or exercise.aliases,
            "summary": text.summary,
            "purpose": text.purpose,
            "target_muscles": text.target_muscles,
            "steps": text.steps,
            "cues": text.cues,
            "mistakes": text.mistakes,
            "breathing": text.breathing,
            "notes": text.notes,
            "precautions": precautions,
            "progression": progression,
            "regression": regression,
        }
    )
