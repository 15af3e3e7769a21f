"""Roland-Morris Disability Questionnaire: score = statements ticked."""

import pytest

from backrehab.clinical.scoring import ScoreError, score_rmdq


@pytest.mark.parametrize(
    ("ticked", "score"),
    [([], 0), ([1], 1), ([3, 7, 24], 3), (list(range(1, 25)), 24)],
)
def test_the_score_is_the_number_of_statements_ticked(ticked, score):
    assert score_rmdq(ticked) == score


@pytest.mark.parametrize("ticked", [[0], [25], [1, 1], [True]])
def test_statements_outside_1_to_24_or_ticked_twice_are_refused(ticked):
    with pytest.raises(ScoreError):
        score_rmdq(ticked)
