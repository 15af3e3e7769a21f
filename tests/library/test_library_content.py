"""The bundled library itself: complete, safe, in our own words, and drawn believably."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from backrehab.clinical.exercises import Category
from backrehab.clinical.precautions import contraindicated
from backrehab.figures.animation import animate
from backrehab.figures.skeleton import HEAD_RADIUS, WIDTH, lowest_point, segment_lengths, segments

# The seed article sits in shared/ beside the checkout (the repository, or a worktree one level
# further down); look upward for it.
ARTICLE = next(
    (
        parent / "shared/seed/lower-back-rehab-exercises.txt"
        for parent in Path(__file__).resolve().parents
        if (parent / "shared/seed/lower-back-rehab-exercises.txt").exists()
    ),
    Path("/nonexistent/lower-back-rehab-exercises.txt"),
)
ARTICLE_EIGHT = {
    "knee-rotations",
    "clam-shells",
    "wall-squat",
    "superman",
    "pelvic-tilt",
    "knee-to-chest",
    "cat-camel",
    "glute-bridge",
}
# product.md lists where the article is wrong; each of these must say so in its notes.
CORRECTED = {
    "pelvic-tilt",
    "cat-camel",
    "knee-to-chest",
    "glute-bridge",
    "wall-squat",
    "clam-shells",
}
# Slots of a session: an exercise ruled out in one is replaced from the same slot.
SLOTS = {
    Category.WARM_UP: "warm-up",
    Category.MOBILITY: "warm-up",
    Category.MOTOR_CONTROL: "main",
    Category.STRENGTH: "main",
    Category.STRETCH: "stretch",
    Category.AEROBIC: "aerobic",
}


def test_the_library_has_the_article_eight_and_at_least_twenty_more(library):
    assert set(library) >= ARTICLE_EIGHT
    assert {e.id for e in library.all() if e.from_article} == ARTICLE_EIGHT
    assert len(library) >= 28


@pytest.mark.parametrize("exercise_id", sorted(CORRECTED))
def test_each_correction_of_the_article_is_recorded(library, exercise_id):
    assert any(note.startswith("Correction:") for note in library[exercise_id].notes)


def test_every_category_and_bias_is_represented(library):
    assert {e.category for e in library.all()} == set(Category)
    assert {e.bias.value for e in library.all()} == {"flexion", "extension", "rotation", "neutral"}


def test_every_precaution_has_a_safe_alternative_in_the_same_slot(library):
    missing = []
    for exercise in library.all():
        for precaution in exercise.precautions:
            if precaution.action.value != "avoid":
                continue
            condition = precaution.condition
            alternatives = [
                other.id
                for other in library.all()
                if other.id != exercise.id
                and SLOTS[other.category] == SLOTS[exercise.category]
                and not contraindicated(other, {condition})
            ]
            if not alternatives:
                missing.append(f"{exercise.id} with {condition}")
    assert not missing, f"no safe alternative for: {missing}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _texts(exercise) -> list[str]:
    return [
        exercise.summary,
        exercise.purpose,
        exercise.breathing,
        *exercise.steps,
        *exercise.cues,
        *exercise.mistakes,
        *exercise.notes,
        *(p.note for p in exercise.precautions),
    ]


@pytest.mark.skipif(not ARTICLE.exists(), reason="the shared seed article is not beside the repo")
def test_no_exercise_copies_a_run_of_eight_words_from_the_article(library):
    words = _words(ARTICLE.read_text())
    article_runs = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    copied = []
    for exercise in library.all():
        for text in _texts(exercise):
            w = _words(text)
            copied += [
                f"{exercise.id}: {' '.join(w[i : i + 8])}"
                for i in range(len(w) - 7)
                if tuple(w[i : i + 8]) in article_runs
            ]
    assert not copied, copied


POINT_RADIUS = {
    "heel": WIDTH["foot"] / 2,
    "toe": WIDTH["foot"] / 2,
    "ankle": WIDTH["shank"] / 2,
    "knee": WIDTH["shank"] / 2,
    "wrist": WIDTH["forearm"] / 2,
    "pelvis": WIDTH["pelvis"] / 2,
    "shoulders": WIDTH["thorax"] / 2,
    "head": HEAD_RADIUS,
}


def _bottom(body, point: str) -> float:
    return body[point][1] - POINT_RADIUS[point.split("_")[0]]


@pytest.fixture(scope="module")
def animations(library):
    return {e.id: animate(e.figure) for e in library.all()}


def test_no_figure_sinks_into_the_floor(animations):
    sunk = {
        eid: round(min(lowest_point(f.body) for f in a.frames), 3)
        for eid, a in animations.items()
        if min(lowest_point(f.body) for f in a.frames) < -0.02
    }
    assert not sunk


def test_declared_floor_contacts_stay_on_the_floor_in_every_frame(library, animations):
    lifted = []
    for exercise in library.all():
        for point in exercise.figure.contacts:
            worst = max(abs(_bottom(f.body, point)) for f in animations[exercise.id].frames)
            if worst > 0.03:
                lifted.append(f"{exercise.id}.{point} off by {worst:.3f} m")
    assert not lifted


def test_planted_limbs_hold_still(library, animations):
    moved = []
    for exercise in library.all():
        frames = animations[exercise.id].frames
        for point in exercise.figure.plant:
            worst = max(math.dist(f.body[point], frames[0].body[point]) for f in frames)
            if worst > 0.03:
                moved.append(f"{exercise.id}.{point} drifts {worst:.3f} m")
    assert not moved


def test_limb_lengths_are_constant_in_every_frame_of_every_figure(animations):
    lengths = segment_lengths()
    for exercise_id, animation in animations.items():
        for frame in animation.frames[:: max(1, len(animation.frames) // 8)]:
            for name, (a, b) in segments(frame.body).items():
                base = name.removesuffix("_near").removesuffix("_far")
                assert math.dist(a, b) == pytest.approx(lengths[base], abs=1e-6), (
                    exercise_id,
                    name,
                )


def test_every_figure_moves(animations):
    def largest_movement(animation) -> float:
        return max(
            math.dist(frame.body[point], animation.start[point])
            for frame in animation.frames
            for point in animation.start.points
        )

    still = [eid for eid, a in animations.items() if largest_movement(a) < 0.025]
    assert not still


def test_no_text_has_unbalanced_brackets(library):
    # A YAML flow list splits "rotators (piriformis, gemelli)" at its commas unless quoted.
    broken = [
        f"{e.id}: {text}"
        for e in library.all()
        for text in [*_texts(e), *e.target_muscles, *e.aliases]
        if text.count("(") != text.count(")")
    ]
    assert not broken


def test_every_exercise_has_a_complete_spanish_twin(library):
    from backrehab.clinical.translations import load_translations

    spanish = load_translations("es", library)
    assert sorted(set(library) - set(spanish)) == []


def test_equipment_that_is_drawn_is_listed_and_listed_props_are_drawn(library):
    # The figure and the equipment list must agree, so what a patient is told to fetch is what
    # they see in the picture.
    drawn = {"wall", "chair", "strap", "pillow", "wedge", "step", "band", "weight", "bike"}
    mismatched = [
        e.id
        for e in library.all()
        if {p for p in e.figure.props if p in drawn} - {item.value for item in e.equipment}
    ]
    assert not mismatched


def test_every_equipment_option_of_the_intake_is_used_by_some_exercise(library):
    from backrehab.clinical.exercises import Equipment

    used = {item for e in library.all() for item in e.equipment}
    assert sorted(set(Equipment) - used) == []


def test_every_tag_the_engine_selects_by_is_carried_by_some_exercise(library):
    from backrehab.clinical.exercises import Tag

    used = {tag for e in library.all() for tag in e.tags}
    assert sorted(set(Tag) - used) == []


def test_every_session_slot_has_exercises_that_need_no_floor(library):
    # Someone who cannot get down to the floor still gets a full session.
    floor_free = {SLOTS[e.category] for e in library.all() if not e.needs_floor}
    assert floor_free == set(SLOTS.values())


def test_strength_ladders_reach_a_loaded_rung_that_challenges_a_fit_adult(library):
    from backrehab.clinical.exercises import Tag

    loaded = [
        e.id for e in library.all() if Tag.LOADED in e.tags and e.category is Category.STRENGTH
    ]
    assert len(loaded) >= 5
    # Each loaded exercise is reachable: some other exercise progresses to it or it regresses
    # to an easier one, so the engine can climb there.
    linked = {
        step.exercise for e in library.all() for step in e.progression if step.exercise is not None
    } | {e.id for e in library.all() if any(s.exercise for s in e.regression)}
    assert sorted(set(loaded) - linked) == []


# --- Ladders: the progression and regression links between exercises ------------------------

TRAINING = (Category.MOTOR_CONTROL, Category.STRENGTH)
# Ladders whose lowest rung must stay on the floor because lying down is the exercise, each with
# the reason. Everything else reaches a rung done standing or sitting.
FLOOR_BOUND = {
    "prone-lying": "lying face down is the exercise (McKenzie's first extension position); "
    "standing back extension is the floor-free option, a different rung reached from the press-up",
    "prone-on-elbows": "the second rung of the same lying-down extension ladder",
    "mcgill-curl-up": "lying on the back is the exercise; the standing pelvic tilt and the "
    "standing bird dog are the floor-free control exercises in the same slot",
}

# Control exercises whose ladder is deliberately a ladder of doses only, with the reason.
DOSE_ONLY = {
    "pelvic-floor-training": "pelvic-floor training progresses by holds, quick squeezes and "
    "position, not to a loaded rung; linking it to another ladder would stop the engine giving "
    "both in one program (one rung of a ladder per program), and it is needed in pregnancy",
}


def _links(library) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(up, down): harder and easier neighbours. A progression step is a link up; a regression
    step a link down; each also counts the other way from the exercise it names."""
    up: dict[str, set[str]] = {e.id: set() for e in library.all()}
    down: dict[str, set[str]] = {e.id: set() for e in library.all()}
    for e in library.all():
        for step in e.progression:
            if step.exercise is not None:
                up[e.id].add(step.exercise)
                down[step.exercise].add(e.id)
        for step in e.regression:
            if step.exercise is not None:
                down[e.id].add(step.exercise)
                up[step.exercise].add(e.id)
    return up, down


def _climb(start: str, links: dict[str, set[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for other in links[todo.pop()]:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _challenges_a_fit_adult(exercise) -> bool:
    from backrehab.clinical.exercises import Tag

    return bool({Tag.LOADED, Tag.SINGLE_LEG} & set(exercise.tags))


def test_every_control_and_strength_ladder_climbs_to_a_rung_that_challenges_a_fit_adult(library):
    # A 25-year-old rugby player must not top out on a bodyweight hold: from every control or
    # strength exercise the ladder leads up to a loaded or single-leg rung.
    up, _ = _links(library)
    stuck = {
        e.id: sorted(_climb(e.id, up))
        for e in library.all()
        if e.category in TRAINING
        and e.id not in DOSE_ONLY
        and not any(_challenges_a_fit_adult(library[x]) for x in _climb(e.id, up))
    }
    assert not stuck, f"ladders without a loaded or single-leg rung above: {stuck}"


def test_every_ladder_reaches_down_to_a_rung_without_floor_work(library):
    # Someone who cannot get down to the floor can still be given the same ladder's easiest rung.
    _, down = _links(library)
    floor_only = sorted(
        e.id
        for e in library.all()
        if e.id not in FLOOR_BOUND and all(library[x].needs_floor for x in _climb(e.id, down))
    )
    assert not floor_only, f"ladders whose easiest rungs all need the floor: {floor_only}"


def test_the_exceptions_are_still_needed(library):
    up, down = _links(library)
    for exercise_id in FLOOR_BOUND:
        assert all(library[x].needs_floor for x in _climb(exercise_id, down)), exercise_id
    for exercise_id in DOSE_ONLY:
        assert _climb(exercise_id, up) == {exercise_id}, exercise_id


def test_the_bird_dog_ladder_runs_from_standing_to_loaded(library):
    from backrehab.clinical.exercises import Tag

    rungs = [
        "standing-bird-dog",
        "quadruped-arm-reach",
        "quadruped-leg-reach",
        "bird-dog",
        "bird-dog-weight",
    ]
    for lower, higher in zip(rungs, rungs[1:], strict=False):
        ups = {s.exercise for s in library[lower].progression} | {
            e.id for e in library.all() if lower in {s.exercise for s in e.regression}
        }
        assert higher in ups, (lower, higher)
    assert not library["standing-bird-dog"].needs_floor
    assert Tag.LOADED in library["bird-dog-weight"].tags
    assert "multifidus-setting" in {s.exercise for s in library["quadruped-leg-reach"].regression}
