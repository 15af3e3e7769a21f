"""Education lessons: short, plain-language lessons on moving through the day safely.

Each lesson is a YAML file in content/education named after its topic id in education.TOPICS, so
the topics an evaluation picks always have a lesson to open. Pure Python: the web pages, the CLI
and the content tests load them alike.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from backrehab.clinical.education import TOPICS

EDUCATION_DIR = Path(__file__).resolve().parent.parent / "content" / "education"

Text = Field(min_length=3, max_length=600)


class LessonError(ValueError):
    """A lesson file that is missing, unreadable or does not match the schema."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    citation: str = Field(min_length=10, max_length=300)
    url: HttpUrl | None = None


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Text
    tip: str | None = Field(None, min_length=3, max_length=300)


class Lesson(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=3, max_length=80)
    summary: str = Text
    why_it_matters: str = Text
    steps: list[Step] = Field(min_length=3, max_length=10)
    tips: list[str] = Field(default_factory=list, max_length=8)
    common_mistakes: list[str] = Field(min_length=2, max_length=8)
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def known_topic(self) -> Lesson:
        if self.id not in TOPICS:
            raise ValueError(f"{self.id!r} is not an education topic ({', '.join(TOPICS)})")
        return self


def load_lesson(path: Path) -> Lesson:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lesson = Lesson.model_validate(data)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise LessonError(f"{path.name}: {exc}") from exc
    if lesson.id != path.stem:
        raise LessonError(f"{path.name}: id {lesson.id!r} does not match the file name")
    return lesson


def load_lessons(directory: Path = EDUCATION_DIR) -> dict[str, Lesson]:
    """Every lesson, in the order of education.TOPICS; every topic must have one."""
    found = {lesson.id: lesson for lesson in map(load_lesson, sorted(directory.glob("*.yaml")))}
    missing = sorted(set(TOPICS) - set(found))
    if missing:
        raise LessonError(f"no lesson for topic(s): {', '.join(missing)}")
    return {topic: found[topic] for topic in TOPICS}


@cache
def bundled_lessons(language: str = "en") -> dict[str, Lesson]:
    """The lessons shipped with backrehab, read once per process: in `language` where a
    translation exists (content/education/<language>/<id>.yaml), in English otherwise."""
    english = load_lessons()
    folder = EDUCATION_DIR / language
    if language == "en" or not folder.is_dir():
        return english
    translated = {lesson.id: lesson for lesson in map(load_lesson, folder.glob("*.yaml"))}
    return {topic: translated.get(topic, lesson) for topic, lesson in english.items()}
