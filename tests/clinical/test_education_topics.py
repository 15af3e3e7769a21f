"""Education topics are chosen to match what aggravates the person."""

from collections.abc import Mapping
from typing import Any

import pytest

from backrehab.clinical.education import TOPICS
from backrehab.clinical.exercises import Exercise
from backrehab.clinical.program import generate_program
from tests.clinical.engine_factories import make_intake


def topics(library: Mapping[str, Exercise], **changes: Any) -> dict[str, list[str]]:
    plan = generate_program(make_intake(**changes), library)
    assert plan.program is not None
    return {e.topic: [r.rule for r in e.reasons] for e in plan.program.education}


@pytest.mark.parametrize(
    ("worse", "topic", "rule"),
    [
        ("lifting", "lifting", "education-lifting-aggravates"),
        ("sitting", "sitting", "education-sitting-aggravates"),
        ("sitting", "transitions-car", "education-car-sitting"),
        ("bending-forward", "bending", "education-bending-aggravates"),
        ("bending-backward", "bending", "education-bending-aggravates"),
        ("lying", "transitions-bed", "education-bed-lying"),
        ("morning-stiffness", "transitions-bed", "education-bed-lying"),
    ],
)
def test_an_aggravating_activity_brings_its_topic(worse, topic, rule, library):
    assert rule in topics(library, worse_with=[worse])[topic]


@pytest.mark.parametrize(
    ("goal", "topic"),
    [("lift-and-carry", "lifting"), ("sit-longer", "sitting"), ("bend-and-reach", "bending")],
)
def test_a_goal_brings_its_topic(goal, topic, library):
    assert topic in topics(library, goals=[goal])


def test_pregnancy_brings_getting_out_of_bed(library):
    assert (
        "education-bed-pregnancy" in topics(library, pregnant=True, trimester=2)["transitions-bed"]
    )


def test_chronic_pain_brings_pain_and_activity(library):
    assert (
        "education-pain-chronic"
        in topics(library, history={"duration_weeks": 20})["pain-and-activity"]
    )


def test_with_nothing_else_pain_and_activity_is_shown(library):
    assert topics(library) == {"pain-and-activity": ["education-pain-default"]}


def test_topics_keep_a_fixed_order_and_carry_title_and_message(library):
    plan = generate_program(make_intake(worse_with=["sitting", "lifting", "lying"]), library)
    assert plan.program is not None
    shown = [e.topic for e in plan.program.education]
    assert shown == [t for t in TOPICS if t in shown]
    assert all(e.title and e.summary for e in plan.program.education)
