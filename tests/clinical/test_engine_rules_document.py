"""docs/engine-rules.md is generated from the rule tables and must match the code."""

from backrehab.clinical import dosing, focus, pathways, populations, program, progression, red_flags
from backrehab.clinical.precautions import RULES
from backrehab.clinical.rulebook import DOCUMENT, render


def test_the_committed_document_matches_the_code():
    assert DOCUMENT.exists(), "run: python -m backrehab.clinical.rulebook --write"
    assert DOCUMENT.read_text(encoding="utf-8") == render(), (
        "docs/engine-rules.md is out of date: run python -m backrehab.clinical.rulebook --write"
    )


def test_every_rule_id_appears_in_the_document():
    text = render()
    ids = (
        [r.id for r in red_flags.RED_FLAG_RULES]
        + [r.id for r in RULES]
        + [r.id for r in program.DIRECTION_RULES]
        + [r.id for r in focus.FOCUS_RULES]
        + list(dosing.DOSE_RULES)
        + [r.id for r in focus.QUOTA_RULES]
        + list(progression.PROGRESSION_RULES)
        + [r.id for r in populations.EXCLUSIONS]
        + [r.reason_rule for r in populations.NEEDS]
        + [r.id for r in populations.RESERVED]
        + [r.id for r in pathways.NOTE_RULES]
    )
    missing = [rule for rule in ids if f"`{rule}`" not in text]
    assert missing == []


def test_every_reason_the_engine_can_give_is_documented(library):
    """Rule ids found in real plans and decisions are all in the document."""
    from backrehab.clinical.program import generate_program
    from tests.clinical.engine_factories import make_intake

    text = render()
    plan = generate_program(
        make_intake(
            known_conditions=["stenosis", "spondylolisthesis"],
            age=70,
            history={"recurrence": True},
            worse_with=["sitting", "lifting"],
            deficits=["hip-weakness"],
            goals=["walk-further"],
            minutes_per_session=5,
        ),
        library,
    )
    assert plan.program is not None
    rules = {
        r.rule
        for e in [*plan.program.items, *plan.program.excluded, *plan.program.education]
        for r in e.reasons
    }
    for rule in rules:
        documented = f"`{rule}`" in text or any(
            rule.startswith(prefix) and prefix.rstrip("-") in text
            for prefix in ("focus-deficit-", "focus-goal-", "phase-", "precaution-", "modify-")
        )
        assert documented, rule
