"""Reading the exercise library from its data files, with errors a content author can act on."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.precautions import missing_precautions

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "exercises"


class LibraryError(ValueError):
    """One or more exercise files are invalid; the message names each file and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Library(Mapping[str, Exercise]):
    """The exercises by id, in a stable order (by name)."""

    exercises: Mapping[str, Exercise]

    def __getitem__(self, key: str) -> Exercise:
        return self.exercises[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def __hash__(self) -> int:
        return hash(tuple(self.exercises))

    def all(self) -> list[Exercise]:
        return list(self.exercises.values())


def _location(error: Mapping[str, Any]) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(file)"


def parse_exercise(path: Path) -> Exercise:
    """Read one file; raise LibraryError naming the file and each bad field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LibraryError([f"{path.name}: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise LibraryError([f"{path.name}: expected a mapping of fields at the top level"])
    try:
        exercise = Exercise.model_validate(data)
    except ValidationError as exc:
        raise LibraryError(
            [f"{path.name}: {_location(err)}: {err['msg']}" for err in exc.errors()]
        ) from exc
    if exercise.id != path.stem:
        raise LibraryError([f"{path.name}: id: {exercise.id!r} must match the file name"])
    return exercise


def check_references(exercises: Mapping[str, Exercise]) -> list[str]:
    """Progression and regression steps must name exercises that exist."""
    problems = []
    for exercise in exercises.values():
        for kind in ("progression", "regression"):
            for index, step in enumerate(getattr(exercise, kind)):
                if step.exercise is not None and step.exercise not in exercises:
                    problems.append(
                        f"{exercise.id}.yaml: {kind}.{index}.exercise: "
                        f"no exercise with id {step.exercise!r}"
                    )
    return problems


def load_library(directory: Path = CONTENT_DIR) -> Library:
    """Load and validate every *.yaml file in `directory`; all problems are reported at once."""
    problems: list[str] = []
    found: dict[str, Exercise] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            exercise = parse_exercise(path)
        except LibraryError as exc:
            problems.extend(exc.problems)
            continue
        found[exercise.id] = exercise
    problems.extend(check_references(found))
    for exercise in found.values():
        problems.extend(missing_precautions(exercise))
    if problems:
        raise LibraryError(problems)
    ordered = dict(sorted(found.items(), key=lambda item: item[1].name.lower()))
    return Library(ordered)
