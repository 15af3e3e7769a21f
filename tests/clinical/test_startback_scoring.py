"""STarT Back Screening Tool: total, distress subscore and risk group (Keele item order)."""

import pytest

from backrehab.clinical.intake import Bothersomeness
from backrehab.clinical.scoring import ScoreError, StartBackRisk, score_startback, startback_risk

NO = [False] * 8


def items(*agreed: int) -> list[bool]:
    """Items 1-8 with the given item numbers agreed."""
    return [n in agreed for n in range(1, 9)]


@pytest.mark.parametrize(
    ("option", "points"),
    [
        (Bothersomeness.NOT_AT_ALL, 0),
        (Bothersomeness.SLIGHTLY, 0),
        (Bothersomeness.MODERATELY, 0),
        (Bothersomeness.VERY_MUCH, 1),
        (Bothersomeness.EXTREMELY, 1),
    ],
)
def test_item_9_scores_only_for_very_much_or_extremely(option, points):
    result = score_startback(NO, option)
    assert result.total == points
    assert result.distress == points


def test_the_distress_subscore_counts_items_5_to_9_only():
    result = score_startback(items(1, 2, 3, 4), "not-at-all")
    assert (result.total, result.distress) == (4, 0)
    result = score_startback(items(5, 6, 7, 8), "extremely")
    assert (result.total, result.distress) == (5, 5)


@pytest.mark.parametrize(
    ("agreed", "bother", "total", "distress", "risk"),
    [
        ((), "not-at-all", 0, 0, StartBackRisk.LOW),
        ((1, 2, 3), "slightly", 3, 0, StartBackRisk.LOW),
        ((5, 6, 7), "not-at-all", 3, 3, StartBackRisk.LOW),  # total <= 3 is low whatever else
        ((1, 2, 3, 4), "moderately", 4, 0, StartBackRisk.MEDIUM),
        ((1, 5, 6, 7), "not-at-all", 4, 3, StartBackRisk.MEDIUM),
        ((1, 5, 6, 7), "very-much", 5, 4, StartBackRisk.HIGH),
        ((5, 6, 7, 8), "not-at-all", 4, 4, StartBackRisk.HIGH),
        ((1, 2, 3, 4, 5, 6, 7, 8), "extremely", 9, 5, StartBackRisk.HIGH),
    ],
)
def test_risk_groups(agreed, bother, total, distress, risk):
    result = score_startback(items(*agreed), bother)
    assert (result.total, result.distress, result.risk) == (total, distress, risk)


@pytest.mark.parametrize(
    ("total", "distress", "risk"),
    [
        (3, 3, StartBackRisk.LOW),
        (4, 3, StartBackRisk.MEDIUM),
        (4, 4, StartBackRisk.HIGH),
        (9, 5, StartBackRisk.HIGH),
        (6, 2, StartBackRisk.MEDIUM),
    ],
)
def test_risk_thresholds(total, distress, risk):
    assert startback_risk(total, distress) is risk


def test_eight_agree_disagree_items_are_needed():
    with pytest.raises(ScoreError):
        score_startback([True] * 9, "slightly")
