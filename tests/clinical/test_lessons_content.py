"""The education lessons are data: one valid file per education topic, in plain words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from backrehab.clinical.education import TOPICS
from backrehab.clinical.lessons import (
    EDUCATION_DIR,
    Lesson,
    LessonError,
    load_lesson,
    load_lessons,
)


def test_every_education_topic_has_a_lesson_in_topic_order():
    assert list(load_lessons()) == list(TOPICS)


@pytest.mark.parametrize("path", sorted(EDUCATION_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_lesson_file_is_valid_and_named_after_its_topic(path: Path):
    lesson = load_lesson(path)
    assert lesson.id == path.stem
    assert len(lesson.steps) >= 3 and len(lesson.common_mistakes) >= 2 and lesson.sources


def test_lessons_teach_the_key_techniques():
    lessons = load_lessons()
    text = {k: yaml.safe_dump(v.model_dump(mode="json")).lower() for k, v in lessons.items()}
    assert "hip hinge" in text["lifting"] and "close" in text["lifting"]
    assert "twist" in text["lifting"]
    assert "log roll" in text["transitions-bed"]
    assert (
        "sit down first" in text["transitions-car"]
        or "lower yourself onto the seat" in text["transitions-car"]
    )
    assert "both legs" in text["transitions-car"]
    assert "hurting does not mean harm" in text["pain-and-activity"]
    assert "build up" in text["pain-and-activity"]


def test_lesson_sentences_stay_short_for_readers_in_pain():
    for lesson in load_lessons().values():
        for step in lesson.steps:
            for sentence in re.split(r"(?<=[.!?])\s+", step.text):
                assert len(sentence.split()) <= 30, sentence


def test_an_unknown_topic_is_refused(tmp_path: Path):
    data = yaml.safe_load((EDUCATION_DIR / "lifting.yaml").read_text())
    bad = tmp_path / "juggling.yaml"
    bad.write_text(yaml.safe_dump({**data, "id": "juggling"}))
    with pytest.raises(LessonError, match="not an education topic"):
        load_lesson(bad)


def test_a_file_whose_id_differs_from_its_name_is_refused(tmp_path: Path):
    data = yaml.safe_load((EDUCATION_DIR / "lifting.yaml").read_text())
    wrong = tmp_path / "sitting.yaml"
    wrong.write_text(yaml.safe_dump(data))
    with pytest.raises(LessonError, match="does not match the file name"):
        load_lesson(wrong)


def test_a_missing_topic_is_reported(tmp_path: Path):
    (tmp_path / "lifting.yaml").write_text((EDUCATION_DIR / "lifting.yaml").read_text())
    with pytest.raises(LessonError, match="no lesson for topic"):
        load_lessons(tmp_path)


def test_unknown_fields_and_missing_sources_are_refused():
    data = yaml.safe_load((EDUCATION_DIR / "sitting.yaml").read_text())
    with pytest.raises(ValueError):
        Lesson.model_validate({**data, "video": "x"})
    with pytest.raises(ValueError):
        Lesson.model_validate({**data, "sources": []})


def _shape(lesson: Lesson) -> dict[str, object]:
    """Everything but the words: so step 3 is step 3, with its tip, in every language."""
    return {
        "id": lesson.id,
        "steps": [step.tip is not None for step in lesson.steps],
        "tips": len(lesson.tips),
        "common_mistakes": len(lesson.common_mistakes),
        "sources": [str(s.url) if s.url else None for s in lesson.sources],
    }


@pytest.mark.parametrize("topic", TOPICS)
def test_every_lesson_has_a_spanish_version_with_the_same_structure(topic: str):
    english = load_lesson(EDUCATION_DIR / f"{topic}.yaml")
    spanish = load_lesson(EDUCATION_DIR / "es" / f"{topic}.yaml")
    assert _shape(spanish) == _shape(english)
    assert spanish.title != english.title and spanish.summary != english.summary


def test_lessons_in_spanish_fall_back_to_english_per_lesson():
    from backrehab.clinical.lessons import bundled_lessons

    spanish, english = bundled_lessons("es"), bundled_lessons("en")
    assert list(spanish) == list(english) == list(TOPICS)
    assert spanish["lifting"].title == "Levantar y cargar peso"
    assert bundled_lessons("fr") == english
