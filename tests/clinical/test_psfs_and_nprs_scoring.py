"""Patient-Specific Functional Scale (mean of activities) and the Numeric Pain Rating Scale."""

from decimal import Decimal
from fractions import Fraction

import pytest

from backrehab.clinical.scoring import ScoreError, check_nprs, score_psfs


@pytest.mark.parametrize(
    ("ratings", "mean", "exact"),
    [
        ([5], "5.0", Fraction(5)),
        ([3, 4], "3.5", Fraction(7, 2)),
        ([3, 4, 1], "2.7", Fraction(8, 3)),
        ([0, 10, 10, 10, 10], "8.0", Fraction(8)),
        ([1, 1, 2], "1.3", Fraction(4, 3)),
    ],
)
def test_the_psfs_score_is_the_mean_of_the_activities(ratings, mean, exact):
    result = score_psfs(ratings)
    assert result.mean == Decimal(mean)
    assert result.exact == exact


@pytest.mark.parametrize("ratings", [[], [1] * 6, [11], [-1]])
def test_psfs_takes_one_to_five_ratings_of_0_to_10(ratings):
    with pytest.raises(ScoreError):
        score_psfs(ratings)


@pytest.mark.parametrize("value", [0, 5, 10])
def test_nprs_is_a_whole_number_from_0_to_10(value):
    assert check_nprs(value) == value


@pytest.mark.parametrize("value", [-1, 11, 5.5, True, "5"])
def test_nprs_refuses_anything_else(value):
    with pytest.raises(ScoreError):
        check_nprs(value)
