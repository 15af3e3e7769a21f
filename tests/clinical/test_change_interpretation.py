"""Change against the minimal clinically important difference (Ostelo 2008)."""

from decimal import Decimal

import pytest

from backrehab.clinical.scoring import Measure, Verdict, interpret_change
from backrehab.clinical.settings import EngineSettings

UP, SAME, DOWN = Verdict.IMPROVED, Verdict.NO_IMPORTANT_CHANGE, Verdict.WORSE


@pytest.mark.parametrize(
    ("measure", "baseline", "follow_up", "verdict"),
    [
        # NPRS: 2 points, or 30 % of baseline.
        ("nprs", 8, 6, UP),
        ("nprs", 8, 7, SAME),  # 1 point, 12.5 %
        ("nprs", 3, 2, SAME),  # 33 %, but 1 point is below the 30 % rule's floor
        ("nprs", 2, 1, SAME),  # 50 %, but 1 point (the example)
        ("nprs", 4, 3, SAME),  # 1 point, 25 %
        ("nprs", 10, 7, UP),  # 3 points, exactly 30 %
        ("nprs", 5, 7, DOWN),
        ("nprs", 5, 6, SAME),
        ("nprs", 0, 0, SAME),
        # RMDQ: 5 points, or 30 %.
        ("rmdq", 20, 15, UP),
        ("rmdq", 20, 16, SAME),  # 4 points, 20 %
        ("rmdq", 10, 7, UP),  # 3 points, 30 %
        ("rmdq", 4, 2, SAME),  # 50 %, but 2 points is below the floor of 3
        ("rmdq", 10, 15, DOWN),
        # ODI: 10 points, or 30 %.
        ("odi", 50, 40, UP),
        ("odi", 50, 41, SAME),  # 9 points, 18 %
        ("odi", 20, 14, UP),  # 6 points, 30 %
        ("odi", 10, 6, SAME),  # 40 %, but 4 points is below the floor of 6
        ("odi", "35.6", "25.6", UP),
        ("odi", 30, 40, DOWN),
        ("odi", 30, 39.9, SAME),
        # PSFS: higher is better; 2 points for the mean, 3 for one activity; no 30 % rule.
        ("psfs", 4, 6, UP),
        ("psfs", 4, 5.8, SAME),
        ("psfs", 2, 3, SAME),  # 50 % better, but PSFS counts points only
        ("psfs", 6, 4, DOWN),
        ("psfs-item", 3, 6, UP),
        ("psfs-item", 3, 5, SAME),
        ("psfs-item", 6, 3, DOWN),
    ],
)
def test_change_is_judged_against_the_important_difference(measure, baseline, follow_up, verdict):
    def number(value: int | float | str) -> int | float | Decimal:
        return Decimal(value) if isinstance(value, str) else value

    result = interpret_change(measure, number(baseline), number(follow_up))
    assert result.verdict is verdict, result.reason


def test_the_reason_says_by_how_much():
    result = interpret_change(Measure.NPRS, 8, 5)
    assert result.reason == "better by 3 points (important change: 2)"
    assert interpret_change(Measure.RMDQ, 9, 6).reason.startswith("better by 33.3 %")


@pytest.mark.parametrize(
    ("measure", "baseline", "follow_up", "reason"),
    [
        ("odi", 60, 10, "better by 50 points (important change: 10)"),
        ("nprs", 0, 10, "worse by 10 points (important change: 2)"),
        ("rmdq", 20, 10, "better by 10 points (important change: 5)"),
        ("odi", 40, 30, "better by 10 points (important change: 10)"),
        ("odi", 20, 10, "better by 10 points (important change: 10)"),
        ("rmdq", 10, 10, "changed by 0 points, less than the important 5"),
    ],
)
def test_whole_numbers_are_written_as_plain_numbers(measure, baseline, follow_up, reason):
    """Decimal writes 50 as "5E+1" in its normal form; a clinician reads 50."""
    assert interpret_change(measure, baseline, follow_up).reason == reason


def test_the_30_percent_rule_counts_for_a_small_baseline_once_the_floor_is_reached():
    settings = EngineSettings(mcid_percent_floor_nprs=1)
    assert interpret_change("nprs", 3, 2, settings).verdict is Verdict.IMPROVED
    result = interpret_change("rmdq", 10, 6)
    assert result.verdict is Verdict.IMPROVED and result.reason.startswith("better by 40 %")


def test_the_percentage_rule_for_psfs_is_a_setting():
    settings = EngineSettings(mcid_percent_applies_to_psfs=True)
    assert interpret_change("psfs", 2, 3, settings).verdict is Verdict.IMPROVED


@pytest.mark.parametrize(
    ("measure", "baseline", "follow_up", "verdict"),
    [
        ("nprs", 2, 1, Verdict.NO_IMPORTANT_CHANGE),  # 50 %, but one point is noise
        ("nprs", 3, 2, Verdict.NO_IMPORTANT_CHANGE),
        ("nprs", 4, 2, Verdict.IMPROVED),
        ("odi", 10, 6, Verdict.NO_IMPORTANT_CHANGE),  # 40 %, 4 points
        ("odi", 16, 10, Verdict.IMPROVED),  # 37.5 %, 6 points
        ("rmdq", 4, 2, Verdict.NO_IMPORTANT_CHANGE),  # 50 %, 2 points
        ("rmdq", 8, 5, Verdict.IMPROVED),  # 37.5 %, 3 points
    ],
)
def test_the_30_percent_rule_needs_an_absolute_floor(measure, baseline, follow_up, verdict):
    assert interpret_change(measure, baseline, follow_up).verdict is verdict
