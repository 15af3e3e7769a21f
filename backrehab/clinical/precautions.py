"""Precautions every exercise must carry, implied by its movement bias, position and category.

clinical-rules.md section 4 ties precautions to kinds of movement (extension-biased work with
stenosis, prone lying in later pregnancy, ...). Writing them out in each file keeps the patient
note next to the exercise; these rules make sure no file forgets one. The library loader rejects
a file that lacks a required `avoid`, and the program engine checks the same rules again, so a
missed precaution cannot reach a patient through either path.
"""

from __future__ import annotations

from dataclasses import dataclass

from backrehab.clinical.exercises import Bias, Category, Exercise, Position


@dataclass(frozen=True)
class Rule:
    id: str
    condition: str
    applies: str  # plain description, shown in the clinician document
    why: str

    def matches(self, exercise: Exercise) -> bool:
        return MATCHERS[self.id](exercise)


def _inclined(exercise: Exercise) -> bool:
    return "wedge" in exercise.figure.props


MATCHERS = {
    "extension-stenosis": lambda e: e.bias is Bias.EXTENSION,
    "extension-spondylolisthesis": lambda e: e.bias is Bias.EXTENSION,
    "extension-peripheralises": lambda e: e.bias is Bias.EXTENSION,
    "flexion-peripheralises": lambda e: e.bias is Bias.FLEXION,
    "flexion-osteoporosis": lambda e: e.bias is Bias.FLEXION,
    "rotation-osteoporosis": lambda e: e.bias is Bias.ROTATION,
    "prone-pregnancy-2": lambda e: e.position is Position.PRONE,
    "prone-pregnancy-3": lambda e: e.position is Position.PRONE,
    "supine-pregnancy-2": lambda e: e.position is Position.SUPINE and not _inclined(e),
    "supine-pregnancy-3": lambda e: e.position is Position.SUPINE and not _inclined(e),
    "strength-irritability": lambda e: e.category is Category.STRENGTH,
}

RULES = (
    Rule(
        "extension-stenosis",
        "lumbar-stenosis",
        "extension-biased exercises",
        "Bending backwards narrows the space for the nerves.",
    ),
    Rule(
        "extension-spondylolisthesis",
        "spondylolisthesis",
        "extension-biased exercises",
        "Bending backwards loads the slipped vertebra.",
    ),
    Rule(
        "extension-peripheralises",
        "extension-peripheralises",
        "extension-biased exercises",
        "Bending backwards has been spreading pain down the leg.",
    ),
    Rule(
        "flexion-peripheralises",
        "flexion-peripheralises",
        "flexion-biased exercises",
        "Bending forwards has been spreading pain down the leg.",
    ),
    Rule(
        "flexion-osteoporosis",
        "osteoporosis",
        "flexion-biased exercises",
        "Repeated forward bending of the spine raises the risk of a spinal fracture.",
    ),
    Rule(
        "rotation-osteoporosis",
        "osteoporosis",
        "rotation-biased exercises",
        "Twisting the spine raises the risk of a spinal fracture.",
    ),
    Rule(
        "prone-pregnancy-2",
        "pregnancy-trimester-2",
        "exercises lying face down",
        "Lying face down presses on the bump.",
    ),
    Rule(
        "prone-pregnancy-3",
        "pregnancy-trimester-3",
        "exercises lying face down",
        "Lying face down presses on the bump.",
    ),
    Rule(
        "supine-pregnancy-2",
        "pregnancy-trimester-2",
        "exercises lying flat on the back",
        "Lying flat on the back can press on the large vein that returns blood to the heart.",
    ),
    Rule(
        "supine-pregnancy-3",
        "pregnancy-trimester-3",
        "exercises lying flat on the back",
        "Lying flat on the back can press on the large vein that returns blood to the heart.",
    ),
    Rule(
        "strength-irritability",
        "high-irritability",
        "strength exercises",
        "While pain is high, loaded strength work tends to flare it up.",
    ),
)


def required_avoidances(exercise: Exercise) -> list[Rule]:
    """The rules that say this exercise must be avoided with a condition."""
    return [rule for rule in RULES if rule.matches(exercise)]


def missing_precautions(exercise: Exercise) -> list[str]:
    """Problems for the loader: required `avoid` precautions the file does not list."""
    return [
        f"{exercise.id}.yaml: precautions: {rule.applies} must list "
        f"'{rule.condition}' with action 'avoid' ({rule.why})"
        for rule in required_avoidances(exercise)
        if not exercise.avoided_with(rule.condition)
    ]


def contraindicated(exercise: Exercise, conditions: set[str]) -> list[tuple[str, str]]:
    """(condition, reason) pairs that rule the exercise out for someone with `conditions`.

    Both the file's own `avoid` precautions and the rules above count, so a library edited in
    the admin without a precaution is still safe.
    """
    found: dict[str, str] = {}
    for precaution in exercise.precautions:
        if precaution.action.value == "avoid" and precaution.condition in conditions:
            found[precaution.condition] = precaution.note
    for rule in required_avoidances(exercise):
        if rule.condition in conditions:
            found.setdefault(rule.condition, rule.why)
    return sorted(found.items())
