"""Fear-Avoidance Beliefs Questionnaire, physical-activity subscale (FABQ-PA; Waddell et al. 1993).

Only the scored items 2-5 of the subscale are kept (item 1 is not part of the score), as numbers
0-6 in the questionnaire's order, so no questionnaire wording is stored. The score is their sum,
0-24; a higher score means stronger belief that physical activity harms the back. A score at or
above the setting `fabq_pa_high_fear` (15: FABQ-PA > 14, Fritz & George 2002) marks high fear,
which the stratified pathway uses to put graded exposure and pain-science education first.
"""

from __future__ import annotations

from collections.abc import Sequence

from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings

FABQ_PA_ITEMS = 4
FABQ_PA_ITEM_MAX = 6


def fabq_pa_score(answers: Sequence[int]) -> int:
    """The subscale score (0-24) from the four scored answers (items 2-5, 0-6 each)."""
    if len(answers) != FABQ_PA_ITEMS:
        raise ValueError(f"FABQ-PA needs {FABQ_PA_ITEMS} answers, got {len(answers)}")
    for answer in answers:
        if not 0 <= answer <= FABQ_PA_ITEM_MAX:
            raise ValueError(f"FABQ-PA answers run 0-{FABQ_PA_ITEM_MAX}, got {answer}")
    return sum(answers)


def high_fear_avoidance(
    answers: Sequence[int] | None, settings: EngineSettings = DEFAULT_SETTINGS
) -> bool | None:
    """Whether the answers show high fear of physical activity; None when it was not asked."""
    if answers is None:
        return None
    return fabq_pa_score(answers) >= settings.fabq_pa_high_fear
