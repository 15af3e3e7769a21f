"""Exact scoring of the outcome instruments (clinical-rules.md section 2).

Scores are computed with exact fractions and rounded half up only at the end, so a score never
depends on binary floating point (16/45 of the ODI is 35.6, not 35.5 or 35.56). The scorers take
plain numbers, so the web forms, the CLI and the tests use them alike; `score_intake` applies them
to an intake.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import floor

from pydantic import BaseModel, ConfigDict

from backrehab.clinical.intake import Bothersomeness, Intake
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings

ODI_SECTIONS = 10
ODI_MAX_PER_SECTION = 5
RMDQ_STATEMENTS = 24
STARTBACK_ITEMS = 9
PSFS_MAX_ACTIVITIES = 5


class ScoreError(ValueError):
    """Answers that cannot be scored (wrong count, out of range, too few sections)."""


def round_half_up(value: Fraction, places: int = 1) -> Decimal:
    """Round an exact value half up (away from zero for halves of positive numbers)."""
    scale = 10**places
    scaled = floor(value * scale + Fraction(1, 2))
    return Decimal(scaled).scaleb(-places)


def check_nprs(value: int) -> int:
    """Numeric Pain Rating Scale: a whole number 0-10, used as it is."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ScoreError(f"NPRS must be a whole number 0-10, not {value!r}")
    return value


# --- Oswestry Disability Index v2.1a ------------------------------------------------------------


class OdiBand(StrEnum):
    MINIMAL = "minimal"
    MODERATE = "moderate"
    SEVERE = "severe"
    CRIPPLED = "crippled"
    BED_BOUND = "bed-bound"


# Upper edge of each band, inclusive: 20.0 is minimal, 20.1 moderate (the published bands are
# 0-20, 21-40, ... for whole numbers; "> 20" decides fractional scores).
ODI_BANDS: tuple[tuple[int, OdiBand], ...] = (
    (20, OdiBand.MINIMAL),
    (40, OdiBand.MODERATE),
    (60, OdiBand.SEVERE),
    (80, OdiBand.CRIPPLED),
    (100, OdiBand.BED_BOUND),
)


@dataclass(frozen=True)
class OdiScore:
    percent: Decimal
    band: OdiBand
    answered: int
    raw: int
    exact: Fraction  # the unrounded percentage, for change comparisons


def odi_band(percent: Decimal | Fraction | int | float) -> OdiBand:
    value = Fraction(str(percent)) if isinstance(percent, float) else Fraction(percent)
    if not 0 <= value <= 100:
        raise ScoreError(f"ODI must be 0-100 %, not {percent}")
    return next(band for upper, band in ODI_BANDS if value <= upper)


def section_score(answer: int | Sequence[int] | None) -> int | None:
    """A section's score: the statement marked; when several were marked, the highest."""
    if answer is None:
        return None
    marked = [answer] if isinstance(answer, int) else list(answer)
    if not marked:
        raise ScoreError("a section answer lists no statement; use None for a skipped section")
    for value in marked:
        if isinstance(value, bool) or not 0 <= value <= ODI_MAX_PER_SECTION:
            raise ScoreError(f"ODI statements are numbered 0-5, not {value!r}")
    return max(marked)


def score_odi(
    sections: Sequence[int | Sequence[int] | None],
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> OdiScore:
    """Index % = sum / (5 x answered sections) x 100; a skipped section (None) lowers the
    denominator by 5. Fewer than `odi_min_answered` answered sections cannot be scored."""
    if len(sections) != ODI_SECTIONS:
        raise ScoreError(f"the ODI has {ODI_SECTIONS} sections; got {len(sections)}")
    scores = [s for s in (section_score(a) for a in sections) if s is not None]
    if len(scores) < settings.odi_min_answered:
        raise ScoreError(
            f"{len(scores)} ODI sections answered; at least {settings.odi_min_answered} needed"
        )
    raw = sum(scores)
    exact = Fraction(raw * 100, ODI_MAX_PER_SECTION * len(scores))
    percent = round_half_up(exact)
    return OdiScore(
        percent=percent, band=odi_band(percent), answered=len(scores), raw=raw, exact=exact
    )


# --- Roland-Morris Disability Questionnaire -----------------------------------------------------


def score_rmdq(ticked: Collection[int]) -> int:
    """Score = number of statements ticked (0-24); statements are numbered 1-24."""
    for number in ticked:
        if isinstance(number, bool) or not 1 <= number <= RMDQ_STATEMENTS:
            raise ScoreError(f"RMDQ statements are numbered 1-24, not {number!r}")
    if len(set(ticked)) != len(list(ticked)):
        raise ScoreError("an RMDQ statement is ticked twice")
    return len(set(ticked))


# --- STarT Back Screening Tool ------------------------------------------------------------------


class StartBackRisk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class StartBackScore:
    total: int  # 0-9
    distress: int  # psychosocial subscore, items 5-9 (0-5)
    risk: StartBackRisk


# Item 9 (bothersomeness) scores only for the two highest of its five options.
BOTHERSOME = frozenset({Bothersomeness.VERY_MUCH, Bothersomeness.EXTREMELY})


def startback_risk(total: int, distress: int) -> StartBackRisk:
    """Total <= 3 low; total >= 4 with subscore <= 3 medium; total >= 4 with subscore >= 4 high."""
    if total <= 3:
        return StartBackRisk.LOW
    return StartBackRisk.HIGH if distress >= 4 else StartBackRisk.MEDIUM


def score_startback(
    items_1_to_8: Sequence[bool], bothersomeness: Bothersomeness | str
) -> StartBackScore:
    """Items 1-8 in the Keele order: agree = 1. Item 9 = 1 for "very much" or "extremely"."""
    if len(items_1_to_8) != STARTBACK_ITEMS - 1:
        raise ScoreError(f"STarT Back items 1-8 expected; got {len(items_1_to_8)}")
    item_9 = int(Bothersomeness(bothersomeness) in BOTHERSOME)
    answers = [int(bool(a)) for a in items_1_to_8] + [item_9]
    total = sum(answers)
    distress = sum(answers[4:9])  # items 5, 6, 7, 8 and 9
    return StartBackScore(total=total, distress=distress, risk=startback_risk(total, distress))


# --- Patient-Specific Functional Scale ----------------------------------------------------------


@dataclass(frozen=True)
class PsfsScore:
    mean: Decimal  # rounded half up to one decimal, for display
    exact: Fraction
    items: tuple[int, ...]


def score_psfs(scores: Sequence[int]) -> PsfsScore:
    """Up to five activities rated 0-10 (10 = able to do as before); score = their mean."""
    if not 1 <= len(scores) <= PSFS_MAX_ACTIVITIES:
        raise ScoreError(f"PSFS takes 1-{PSFS_MAX_ACTIVITIES} activities; got {len(scores)}")
    for value in scores:
        if isinstance(value, bool) or not 0 <= value <= 10:
            raise ScoreError(f"PSFS ratings are 0-10, not {value!r}")
    exact = Fraction(sum(scores), len(scores))
    return PsfsScore(mean=round_half_up(exact), exact=exact, items=tuple(scores))


# --- Change against the minimal clinically important difference ---------------------------------


class Measure(StrEnum):
    NPRS = "nprs"
    ODI = "odi"
    RMDQ = "rmdq"
    PSFS = "psfs"  # the mean of the activities
    PSFS_ITEM = "psfs-item"  # one activity


# For these a lower score is better; for the PSFS a higher one.
LOWER_IS_BETTER = frozenset({Measure.NPRS, Measure.ODI, Measure.RMDQ})


class Verdict(StrEnum):
    IMPROVED = "improved"  # by at least the minimal clinically important difference
    NO_IMPORTANT_CHANGE = "no-important-change"
    WORSE = "worse"  # worse by at least the minimal clinically important difference


@dataclass(frozen=True)
class Change:
    measure: Measure
    improvement: Fraction  # in the measure's points; positive = better
    percent: Fraction | None  # improvement as a share of baseline (None when baseline is 0)
    threshold: int
    verdict: Verdict
    reason: str


def mcid_points(measure: Measure, settings: EngineSettings = DEFAULT_SETTINGS) -> int:
    return {
        Measure.NPRS: settings.mcid_nprs,
        Measure.ODI: settings.mcid_odi,
        Measure.RMDQ: settings.mcid_rmdq,
        Measure.PSFS: settings.mcid_psfs_mean,
        Measure.PSFS_ITEM: settings.mcid_psfs_item,
    }[measure]


def percent_floor(measure: Measure, settings: EngineSettings = DEFAULT_SETTINGS) -> int:
    """The smallest change in points the 30 % rule counts: a large share of a small score
    (NPRS 2 -> 1) is within measurement noise, not an important change."""
    return {
        Measure.NPRS: settings.mcid_percent_floor_nprs,
        Measure.ODI: settings.mcid_percent_floor_odi,
        Measure.RMDQ: settings.mcid_percent_floor_rmdq,
    }.get(measure, 0)


def _exact(value: int | float | Decimal | Fraction) -> Fraction:
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def interpret_change(
    measure: Measure | str,
    baseline: int | float | Decimal | Fraction,
    follow_up: int | float | Decimal | Fraction,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> Change:
    """Improved if better by the MCID points, or (NPRS, RMDQ, ODI) by 30 % of baseline; worse if
    worse by the MCID points; otherwise no important change."""
    measure = Measure(measure)
    before, after = _exact(baseline), _exact(follow_up)
    improvement = before - after if measure in LOWER_IS_BETTER else after - before
    percent = improvement / before * 100 if before != 0 else None
    threshold = mcid_points(measure, settings)
    percent_counts = measure in LOWER_IS_BETTER or (
        settings.mcid_percent_applies_to_psfs and measure in (Measure.PSFS, Measure.PSFS_ITEM)
    )
    if improvement >= threshold:
        verdict = Verdict.IMPROVED
        reason = f"better by {_show(improvement)} points (important change: {threshold})"
    elif (
        percent_counts
        and percent is not None
        and improvement > 0
        and improvement >= percent_floor(measure, settings)
        and (percent >= settings.mcid_percent)
    ):
        verdict = Verdict.IMPROVED
        reason = (
            f"better by {_show(percent)} % of the starting score "
            f"(important change: {settings.mcid_percent} %)"
        )
    elif -improvement >= threshold:
        verdict = Verdict.WORSE
        reason = f"worse by {_show(-improvement)} points (important change: {threshold})"
    else:
        verdict = Verdict.NO_IMPORTANT_CHANGE
        reason = f"changed by {_show(improvement)} points, less than the important {threshold}"
    return Change(measure, improvement, percent, threshold, verdict, reason)


def _show(value: Fraction) -> str:
    rounded = round_half_up(value)
    return str(rounded.normalize()) if rounded == rounded.to_integral() else str(rounded)


# --- All scores of an intake, as the plan prints them -------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NprsOut(_Out):
    now: int
    best: int
    worst: int


class OdiOut(_Out):
    percent: float
    band: OdiBand
    answered_sections: int


class RmdqOut(_Out):
    score: int


class StartBackOut(_Out):
    total: int
    distress: int
    risk: StartBackRisk
    approach: str  # the stratified-care recommendation, for the clinician


# Stratified care (Hill et al., Lancet 2011; NICE NG59 1.1.2-1.1.3).
STRATIFIED_CARE: dict[StartBackRisk, str] = {
    StartBackRisk.LOW: "Brief self-management support and simple exercise.",
    StartBackRisk.MEDIUM: "Physiotherapist-led exercise program.",
    StartBackRisk.HIGH: "Exercise program with a psychologically informed approach (education, "
    "graded activity); consider referral for psychological support.",
}


class PsfsItemOut(_Out):
    activity: str
    score: int


class PsfsOut(_Out):
    mean: float
    activities: list[PsfsItemOut]


class Scores(_Out):
    nprs: NprsOut
    odi: OdiOut | None
    rmdq: RmdqOut | None
    startback: StartBackOut | None
    psfs: PsfsOut | None


def score_intake(intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS) -> Scores:
    odi = rmdq = startback = psfs = None
    if intake.odi is not None:
        try:
            result = score_odi(intake.odi.sections(), settings)
        except ScoreError:
            # Only possible when a clinic requires more answered sections than the intake
            # checks for; an unscorable ODI is left out rather than guessed.
            result = None
        if result is not None:
            odi = OdiOut(
                percent=float(result.percent), band=result.band, answered_sections=result.answered
            )
    if intake.rmdq is not None:
        rmdq = RmdqOut(score=score_rmdq(intake.rmdq))
    if intake.startback is not None:
        sb = score_startback(intake.startback.items_1_to_8(), intake.startback.bothersomeness)
        startback = StartBackOut(
            total=sb.total, distress=sb.distress, risk=sb.risk, approach=STRATIFIED_CARE[sb.risk]
        )
    if intake.psfs:
        ps = score_psfs([a.score for a in intake.psfs])
        psfs = PsfsOut(
            mean=float(ps.mean),
            activities=[PsfsItemOut(activity=a.activity, score=a.score) for a in intake.psfs],
        )
    pain = intake.pain
    return Scores(
        nprs=NprsOut(now=pain.now, best=pain.best, worst=pain.worst),
        odi=odi,
        rmdq=rmdq,
        startback=startback,
        psfs=psfs,
    )
