"""Questionnaire forms: what ships with the app, and the licensed text a clinic adds.

The ODI (Fairbank; licensed through Mapi Research Trust) and the RMDQ (licence of the text
unclear) may not be redistributed, so the app ships only their scorers and section titles. The
STarT Back wording is Keele University's, free only for non-commercial use, so it is treated the
same way: the app ships topic lines written for this project. A clinic that holds a licence puts
the item text in a JSON or YAML file and passes its path; without that file every form still
works, showing titles and topics and taking the numeric answers the scorers need.

File format (every block optional):

    licence: "ODI v2.1a licensed to Example Clinic by Mapi Research Trust, 2025"
    odi:                       # six statements (0-5) per section, keys as in ODI_SECTIONS
      pain_intensity: ["...", "...", "...", "...", "...", "..."]
    rmdq: ["...", ...]         # the 24 statements in order
    startback: ["...", ...]    # the 9 items in the Keele order
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from backrehab.clinical.intake import StartBack, format_location

# ODI v2.1a section titles (titles may ship; the statements may not).
ODI_SECTIONS: dict[str, str] = {
    "pain_intensity": "Pain intensity",
    "personal_care": "Personal care (washing, dressing, etc.)",
    "lifting": "Lifting",
    "walking": "Walking",
    "sitting": "Sitting",
    "standing": "Standing",
    "sleeping": "Sleeping",
    "sex_life": "Sex life (if applicable)",
    "social_life": "Social life",
    "travelling": "Travelling",
}

RMDQ_STATEMENTS = 24

# STarT Back items in the Keele order, as topics in this project's words.
STARTBACK_TOPICS: dict[str, str] = {
    name: (field.description or name).split(": ", 1)[1]
    for name, field in StartBack.model_fields.items()
}

BOTHERSOMENESS_OPTIONS = ("Not at all", "Slightly", "Moderately", "Very much", "Extremely")

Line = Annotated[str, Field(min_length=1, max_length=400)]


class LicensedText(BaseModel):
    """Item text a clinic supplies under its own licence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    licence: str = Field(min_length=2, description="who licensed the text to the clinic")
    odi: dict[str, Annotated[list[Line], Field(min_length=6, max_length=6)]] | None = None
    rmdq: Annotated[list[Line], Field(min_length=24, max_length=24)] | None = None
    startback: Annotated[list[Line], Field(min_length=9, max_length=9)] | None = None

    @field_validator("odi")
    @classmethod
    def known_sections(cls, value: dict[str, list[str]] | None) -> Any:
        if value is not None:
            unknown = sorted(set(value) - set(ODI_SECTIONS))
            missing = sorted(set(ODI_SECTIONS) - set(value))
            if unknown or missing:
                raise ValueError(
                    f"sections must be {', '.join(ODI_SECTIONS)}"
                    + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                    + (f"; missing: {', '.join(missing)}" if missing else "")
                )
        return value


class QuestionnaireTextError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def load_licensed_text(path: Path | str | None) -> LicensedText | None:
    """Read the clinic's file (JSON or YAML by extension); None when no path is configured."""
    if path is None:
        return None
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
        data = json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise QuestionnaireTextError([f"{path}: cannot read: {exc}"]) from exc
    try:
        return LicensedText.model_validate(data)
    except ValidationError as exc:
        raise QuestionnaireTextError(
            [f"{path}: {format_location(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        ) from exc


class FormItem(BaseModel):
    """One question of a form: its key, a title, and its answer text if licensed text is loaded."""

    model_config = ConfigDict(frozen=True)

    key: str
    number: int
    title: str
    statements: list[str] | None = None  # None: answer by number (no licensed text installed)


def odi_form(text: LicensedText | None = None) -> list[FormItem]:
    statements = text.odi if text is not None and text.odi is not None else {}
    return [
        FormItem(key=key, number=n, title=title, statements=statements.get(key))
        for n, (key, title) in enumerate(ODI_SECTIONS.items(), start=1)
    ]


def rmdq_form(text: LicensedText | None = None) -> list[FormItem]:
    lines = text.rmdq if text is not None and text.rmdq is not None else None
    return [
        FormItem(
            key=str(n),
            number=n,
            title=lines[n - 1] if lines else f"Statement {n}",
        )
        for n in range(1, RMDQ_STATEMENTS + 1)
    ]


def startback_form(text: LicensedText | None = None) -> list[FormItem]:
    lines = text.startback if text is not None and text.startback is not None else None
    items = []
    for n, (key, topic) in enumerate(STARTBACK_TOPICS.items(), start=1):
        items.append(
            FormItem(
                key=key,
                number=n,
                title=lines[n - 1] if lines else topic,
                statements=list(BOTHERSOMENESS_OPTIONS) if key == "bothersomeness" else None,
            )
        )
    return items
