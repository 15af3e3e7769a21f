"""Oswestry Disability Index v2.1a scoring (clinical-rules.md section 2)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from backrehab.clinical.scoring import (
    OdiBand,
    ScoreError,
    odi_band,
    round_half_up,
    score_odi,
)
from backrehab.clinical.settings import EngineSettings


def test_the_index_is_the_sum_over_fifty_as_a_percentage():
    result = score_odi([2, 2, 2, 2, 2, 2, 1, 1, 1, 1])  # 16 / 50
    assert result.percent == Decimal("32.0")
    assert result.answered == 10
    assert result.raw == 16


def test_a_skipped_section_lowers_the_denominator():
    result = score_odi([2, 2, 2, 2, 2, 2, 2, None, 1, 1])  # 16 / 45
    assert result.percent == Decimal("35.6")
    assert result.answered == 9


def test_when_two_statements_are_marked_the_higher_counts():
    assert score_odi([[1, 3], 0, 0, 0, 0, 0, 0, 0, 0, 0]).raw == 3


@pytest.mark.parametrize(
    ("sections", "percent"),
    [
        ([0] * 10, "0.0"),
        ([5] * 10, "100.0"),
        ([5] * 8 + [None, None], "100.0"),
        ([1] + [0] * 7 + [None, None], "2.5"),  # 1 / 40
        ([1] + [0] * 8 + [None], "2.2"),  # 1 / 45 = 2.22
        ([3] + [0] * 8 + [None], "6.7"),  # 3 / 45 = 6.67
        ([4] + [0] * 8 + [None], "8.9"),  # 4 / 45 = 8.89
        ([5, 5, 5, 5, 5, 5, 5, 5, 5, None], "100.0"),
    ],
)
def test_scores_are_rounded_half_up_to_one_decimal(sections, percent):
    assert score_odi(sections).percent == Decimal(percent)


def test_rounding_half_up_rounds_exact_halves_up():
    assert round_half_up(Fraction(1, 20)) == Decimal("0.1")  # 0.05
    assert round_half_up(Fraction(7111, 200)) == Decimal("35.6")  # 35.555
    assert round_half_up(Fraction(7109, 200)) == Decimal("35.5")  # 35.545
    assert round_half_up(Fraction(5, 2), places=0) == Decimal("3")


def test_fewer_than_eight_answered_sections_cannot_be_scored():
    with pytest.raises(ScoreError, match="at least 8"):
        score_odi([1] * 7 + [None] * 3)


def test_eight_answered_sections_are_enough():
    assert score_odi([1] * 8 + [None] * 2).percent == Decimal("20.0")


def test_the_minimum_of_answered_sections_is_a_setting():
    with pytest.raises(ScoreError):
        score_odi([1] * 9 + [None], EngineSettings(odi_min_answered=10))


@pytest.mark.parametrize(
    "sections",
    [[1] * 9, [1] * 11, [6] + [0] * 9, [-1] + [0] * 9, [[]] + [0] * 9],
)
def test_malformed_answers_are_refused(sections):
    with pytest.raises(ScoreError):
        score_odi(sections)


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        ("0", OdiBand.MINIMAL),
        ("20", OdiBand.MINIMAL),
        ("20.0", OdiBand.MINIMAL),
        ("20.1", OdiBand.MODERATE),
        ("21", OdiBand.MODERATE),
        ("40", OdiBand.MODERATE),
        ("40.1", OdiBand.SEVERE),
        ("60", OdiBand.SEVERE),
        ("60.1", OdiBand.CRIPPLED),
        ("80", OdiBand.CRIPPLED),
        ("80.1", OdiBand.BED_BOUND),
        ("100", OdiBand.BED_BOUND),
    ],
)
def test_band_edges_belong_to_the_lower_band(percent, band):
    assert odi_band(Decimal(percent)) is band


def test_a_score_carries_its_band():
    assert score_odi([4] * 10).band is OdiBand.CRIPPLED  # 80.0


def test_a_band_outside_0_to_100_is_an_error():
    with pytest.raises(ScoreError):
        odi_band(Decimal("100.1"))
