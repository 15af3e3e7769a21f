"""The online evaluation, screen by screen: which intake answers each screen asks.

`fields` holds the step form and question types; `screens` the red-flag screens; `history`,
`questionnaires` and `routine` the other screens; `steps` their order.
"""

from backrehab.portal.intake.screens import RED_FLAG_QUESTIONS
from backrehab.portal.intake.steps import (
    REFERRAL_STEP,
    Step,
    plain_problem,
    step_for_path,
    steps_for,
)

__all__ = [
    "RED_FLAG_QUESTIONS",
    "REFERRAL_STEP",
    "Step",
    "plain_problem",
    "step_for_path",
    "steps_for",
]
