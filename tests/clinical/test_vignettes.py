"""Clinical vignettes (backrehab/clinical/vignettes.py): the engine answers each case as a careful
physical therapist expects, and docs/vignettes.md is the same report as the code gives."""

import pytest

from backrehab.clinical.library import load_library
from backrehab.clinical.red_flags import STOPS_PROGRAM, Urgency
from backrehab.clinical.vignettes import DOCUMENT, VIGNETTES, report, run

pytestmark = pytest.mark.library


@pytest.fixture(scope="module")
def real_library():
    return load_library()


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_each_vignette_gets_the_expected_referral_and_program(vignette, real_library):
    outcome = run(vignette, real_library)
    assert outcome.problems == []


def test_no_vignette_waits_for_content_any_more():
    # A vignette may be marked `pending` while its content is being written; none is now, and a
    # new one must not be added that way: every expectation is enforced.
    assert [v.id for v in VIGNETTES if v.pending] == []


def test_there_are_at_least_30_vignettes_with_unique_ids():
    ids = [v.id for v in VIGNETTES]
    assert len(ids) >= 30
    assert len(ids) == len(set(ids))


def test_the_vignettes_are_consistent_with_what_stops_a_program():
    for v in VIGNETTES:
        assert v.program is not (v.urgency in STOPS_PROGRAM), v.id


def test_the_vignettes_cover_every_urgency_and_both_outcomes():
    assert {v.urgency for v in VIGNETTES} == {*Urgency, None}
    assert any(v.clearance for v in VIGNETTES)


def test_the_committed_report_matches_the_code(real_library):
    assert DOCUMENT.exists(), "run: python -m backrehab.clinical.vignettes --write"
    assert DOCUMENT.read_text(encoding="utf-8") == report(real_library), (
        "docs/vignettes.md is out of date: run python -m backrehab.clinical.vignettes --write"
    )
