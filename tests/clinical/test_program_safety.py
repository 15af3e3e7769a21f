"""Safety: the program never contains an exercise a precaution or direction rule forbids.

Each case is an intake finding and the kind of exercise it rules out; the program must leave
every such exercise out, list it under `excluded` with the rule and a patient sentence, and
still give a program made of safe alternatives.
"""

import pytest

from backrehab.clinical.classification import classify
from backrehab.clinical.exercises import Bias, Category, Position
from backrehab.clinical.precautions import contraindicated
from backrehab.clinical.program import generate_program
from tests.clinical.engine_factories import make_exercise, make_intake, make_library

CASES = [
    # (name, intake changes, forbidden test, a rule id that must explain it)
    (
        "stenosis-extension",
        {"known_conditions": ["stenosis"]},
        lambda e: e.bias is Bias.EXTENSION,
        "extension-stenosis",
    ),
    (
        "spondylolisthesis-extension",
        {"known_conditions": ["spondylolisthesis"]},
        lambda e: e.bias is Bias.EXTENSION,
        "extension-spondylolisthesis",
    ),
    (
        "flexion-peripheralises",
        {"repeated_movements": {"flexion": "peripheralises"}},
        lambda e: e.bias is Bias.FLEXION,
        "flexion-peripheralises",
    ),
    (
        "extension-peripheralises",
        {"repeated_movements": {"extension": "peripheralises"}},
        lambda e: e.bias is Bias.EXTENSION,
        "extension-peripheralises",
    ),
    (
        "osteoporosis-flexion",
        {"known_conditions": ["osteoporosis"]},
        lambda e: e.bias is Bias.FLEXION,
        "flexion-osteoporosis",
    ),
    (
        "osteoporosis-rotation",
        {"known_conditions": ["osteoporosis"]},
        lambda e: e.bias is Bias.ROTATION,
        "rotation-osteoporosis",
    ),
    (
        "osteoporosis-curl-up",
        {"known_conditions": ["osteoporosis"]},
        lambda e: e.id == "mcgill-curl-up",
        "precaution-osteoporosis",
    ),
    (
        "pregnancy-2-prone",
        {"pregnant": True, "trimester": 2},
        lambda e: e.position is Position.PRONE,
        "prone-pregnancy-2",
    ),
    (
        "pregnancy-3-prone",
        {"pregnant": True, "trimester": 3},
        lambda e: e.position is Position.PRONE,
        "prone-pregnancy-3",
    ),
    (
        "pregnancy-2-supine",
        {"pregnant": True, "trimester": 2},
        lambda e: e.position is Position.SUPINE,
        "supine-pregnancy-2",
    ),
    (
        "pregnancy-3-supine",
        {"pregnant": True, "trimester": 3},
        lambda e: e.position is Position.SUPINE,
        "supine-pregnancy-3",
    ),
    (
        "high-irritability-strength",
        {"pain": {"now": 8, "best": 5, "worst": 9}},
        lambda e: e.category is Category.STRENGTH,
        "strength-irritability",
    ),
    (
        "radicular-hamstring-stretch",
        {"location": {"area": "below-knee", "sides": "one", "nerve_symptoms": True}},
        lambda e: e.id == "hamstring-stretch-strap",
        "precaution-radicular-leg-pain",
    ),
    (
        "flexion-preference-extension",
        {"repeated_movements": {"flexion": "centralises"}},
        lambda e: e.bias is Bias.EXTENSION,
        "avoid-extension-flexion-preference",
    ),
    (
        "extension-preference-flexion",
        {"repeated_movements": {"extension": "centralises"}},
        lambda e: e.bias is Bias.FLEXION,
        "avoid-flexion-extension-preference",
    ),
]


@pytest.mark.parametrize(
    ("changes", "forbidden", "rule"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_forbidden_exercise_is_left_out_with_its_reason(changes, forbidden, rule, library):
    plan = generate_program(make_intake(**changes), library)
    assert plan.program is not None
    chosen = {item.exercise for item in plan.program.items}
    excluded = {e.exercise: e for e in plan.program.excluded}
    forbidden_ids = {e.id for e in library.values() if forbidden(e)}
    assert forbidden_ids, "the case must exercise the rule"
    assert not chosen & forbidden_ids
    for exercise_id in forbidden_ids:
        reasons = excluded[exercise_id].reasons
        assert rule in [r.rule for r in reasons]
        assert all(r.text for r in reasons)
    # ... and a program of safe alternatives is still given.
    assert len(plan.program.items) >= 3


def test_no_prone_work_after_the_first_trimester_but_in_it(library):
    first = generate_program(make_intake(pregnant=True, trimester=1), library)
    assert first.program is not None
    assert not [e for e in first.program.excluded if "pregnancy" in e.reasons[0].rule]


def test_an_exercise_files_own_avoid_precaution_counts(library):
    special = make_exercise(
        "special-bridge",
        "motor-control",
        "standing",
        precautions=[
            {"condition": "spondylolisthesis", "action": "avoid", "note": "Not with a slip."}
        ],
    )
    lib = {**library, special.id: special}
    plan = generate_program(make_intake(known_conditions=["spondylolisthesis"]), lib)
    assert plan.program is not None
    excluded = {e.exercise: e.reasons for e in plan.program.excluded}
    assert excluded["special-bridge"][0].rule == "precaution-spondylolisthesis"
    assert excluded["special-bridge"][0].text == "Not with a slip."


def test_a_modify_precaution_keeps_the_exercise_and_tells_how(library):
    lib = make_library(["glute-bridge", "cat-camel", "knee-rotations", "walking-program"])
    plan = generate_program(
        make_intake(known_conditions=["spondylolisthesis"], pain={"now": 1, "best": 0, "worst": 2}),
        lib,
    )
    assert plan.program is not None
    bridge = next(i for i in plan.program.items if i.exercise == "glute-bridge")
    assert "modify-spondylolisthesis" in [r.rule for r in bridge.reasons]


def test_a_library_without_precautions_is_still_safe():
    """The rules apply even when an exercise file forgot to list them."""
    bare = make_exercise("bare-press-up", "mobility", "prone", "extension")
    bare = bare.model_copy(update={"precautions": []})
    c = classify(make_intake(known_conditions=["stenosis"]))
    assert contraindicated(bare, set(c.conditions))
    plan = generate_program(make_intake(known_conditions=["stenosis"]), {bare.id: bare})
    assert plan.program is not None
    assert plan.program.items == []
    assert plan.program.excluded[0].exercise == "bare-press-up"


@pytest.mark.parametrize(
    "changes",
    [case[1] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_nothing_chosen_is_contraindicated(changes, library):
    intake = make_intake(**changes)
    c = classify(intake)
    plan = generate_program(intake, library)
    assert plan.program is not None
    for item in plan.program.items:
        assert contraindicated(library[item.exercise], set(c.conditions)) == []
