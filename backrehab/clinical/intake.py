"""The intake: what the evaluation found, as one validated record.

Everything the program engine decides is a function of this record (and the exercise library),
so it is deliberately strict: unknown fields, scores out of range and answers that contradict
each other are rejected with the path of each bad field, and a record is either valid as a whole
or not created at all. `backrehab intake-schema` prints its JSON Schema.

Licensed questionnaire text (ODI, RMDQ, STarT Back) never appears here: answers are stored as
numbers or under short topic names written for this project (see questionnaires.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from backrehab.clinical.exercises import Equipment
from backrehab.clinical.settings import DEFAULT_SETTINGS

# Whole numbers only: "5" or true must not pass as a pain score.
Nprs = Annotated[
    int, Strict(), Field(ge=0, le=10, description="0 = no pain, 10 = worst imaginable")
]
Rating = Annotated[int, Strict(), Field(ge=0, le=10)]
# A screening answer is true or false, nothing else: "yes", "off", 0 or 1 are refused, because a
# form that sends words or numbers for these answers has lost track of what was asked.
Answer = Annotated[bool, Strict()]


def _contradiction(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("contradiction", message, context)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    INTERSEX = "intersex"
    NOT_STATED = "not-stated"


class RedFlags(_Record):
    """Screening answers of clinical-rules.md section 1, one field per question.

    An omitted answer means "no": the intake form must ask every question. The groups follow the
    suspected condition; red_flags.py decides urgency from them.
    """

    # Cauda equina syndrome: emergency.
    saddle_numbness: Answer = Field(
        False,
        description="Numbness or tingling between the inner thighs, around the genitals, the back "
        "passage or the buttocks (saddle area).",
    )
    altered_feeling_when_wiping: Answer = Field(
        False, description="Feeling is different when wiping after using the toilet."
    )
    new_bladder_control_difficulty: Answer = Field(
        False, description="New difficulty starting, stopping or controlling the flow of urine."
    )
    loss_of_sensation_passing_urine: Answer = Field(False, description="Cannot feel urine passing.")
    new_urinary_leaking: Answer = Field(
        False, description="New leaking of urine, or a new need to wear pads."
    )
    bladder_fullness_unaware: Answer = Field(
        False, description="Not knowing when the bladder is full or empty."
    )
    bowel_incontinence: Answer = Field(False, description="Loss of control of the bowels.")
    loss_of_sensation_passing_motion: Answer = Field(
        False, description="Cannot feel a bowel motion passing."
    )
    new_sexual_function_change: Answer = Field(
        False,
        description="A new change in sexual function (for example erection, ejaculation, "
        "arousal or orgasm) or in feeling in the genitals.",
    )
    sciatica_both_legs: Answer = Field(
        False, description="Nerve pain (sciatica) running down both legs."
    )
    # Progressive neurological deficit: urgent.
    worsening_leg_weakness: Answer = Field(
        False, description="Weakness in a leg that is getting worse."
    )
    foot_drop: Answer = Field(
        False, description="The front of the foot drops or catches when walking (foot drop)."
    )
    spreading_numbness: Answer = Field(False, description="Numbness in a leg that is spreading.")
    # Infection: urgent.
    fever_chills_or_sweats: Answer = Field(
        False, description="Fever, chills or sweats together with the back pain."
    )
    immunosuppressed: Answer = Field(
        False,
        description="A weakened immune system (for example chemotherapy, transplant medicines).",
    )
    iv_drug_use: Answer = Field(False, description="Injecting drugs into a vein.")
    recent_bacterial_infection: Answer = Field(
        False, description="A bacterial infection recently (for example of the urine or skin)."
    )
    new_severe_or_constant_pain: Answer = Field(
        False,
        description="The back pain is new and severe, or constant (it never lets up).",
    )
    feeling_unwell: Answer = Field(False, description="Feeling generally unwell.")
    # Post-operative pathway (details in Intake.surgery), not an infection sign by itself.
    recent_spinal_procedure: Answer = Field(
        False, description="An operation or injection in the spine recently."
    )
    # Malignancy: soon.
    history_of_cancer: Answer = Field(False, description="Has had cancer at any time.")
    unexplained_weight_loss: Answer = Field(False, description="Losing weight without trying to.")
    constant_night_pain: Answer = Field(
        False, description="Constant pain at night that no change of position eases."
    )
    no_improvement_after_4_to_6_weeks_of_care: Answer = Field(
        False, description="No improvement after 4 to 6 weeks of treatment."
    )
    # Fracture: soon, or urgent after major trauma.
    major_trauma: Answer = Field(
        False,
        description="The pain began with a significant injury (for example a fall from a height "
        "or a road accident).",
    )
    minor_trauma_or_strain: Answer = Field(
        False, description="The pain began with a minor fall, knock or strain."
    )
    long_term_corticosteroids: Answer = Field(
        False, description="Taking steroid tablets (corticosteroids) for a long time."
    )
    sudden_severe_central_pain: Answer = Field(
        False, description="Sudden, severe pain in the middle of the back."
    )
    # Inflammatory back pain (axial spondyloarthritis): routine referral, exercise continues.
    morning_stiffness_over_30_min_easing_with_movement: Answer = Field(
        False,
        description="Morning stiffness lasting more than 30 minutes that eases with movement.",
    )
    waking_second_half_of_night: Answer = Field(
        False, description="Woken by back pain in the second half of the night."
    )
    # Asked since the 1b revision (Finucane 2020).
    abdominal_pulsing: Answer = Field(
        False, description="A pulsing or throbbing feeling in the belly along with the back pain."
    )
    thoracic_pain: Answer = Field(
        False, description="The pain is mainly in the upper or middle back, not the lower back."
    )

    def positive(self) -> list[str]:
        """Names of the questions answered "yes", in declaration order."""
        return [name for name in type(self).model_fields if getattr(self, name)]


RED_FLAG_QUESTIONS: tuple[str, ...] = tuple(RedFlags.model_fields)


@dataclass(frozen=True)
class RedFlagScreen:
    """One screen of red-flag questions, asked together because they point to one suspicion.

    The ids are stable: the web evaluation stores which screens were answered under them.
    """

    id: str
    questions: tuple[str, ...]


# Every RedFlags field is on exactly one screen (a test holds this). The evaluation must get an
# answer, or an explicit "none of these", for every screen before the intake is complete.
RED_FLAG_SCREENS: tuple[RedFlagScreen, ...] = (
    RedFlagScreen(
        "cauda-equina",
        (
            "saddle_numbness",
            "altered_feeling_when_wiping",
            "new_bladder_control_difficulty",
            "loss_of_sensation_passing_urine",
            "new_urinary_leaking",
            "bladder_fullness_unaware",
            "bowel_incontinence",
            "loss_of_sensation_passing_motion",
            "new_sexual_function_change",
            "sciatica_both_legs",
        ),
    ),
    RedFlagScreen("neurological", ("worsening_leg_weakness", "foot_drop", "spreading_numbness")),
    RedFlagScreen(
        "infection",
        (
            "fever_chills_or_sweats",
            "feeling_unwell",
            "immunosuppressed",
            "iv_drug_use",
            "recent_bacterial_infection",
            "new_severe_or_constant_pain",
        ),
    ),
    RedFlagScreen("surgery", ("recent_spinal_procedure",)),
    RedFlagScreen(
        "cancer",
        (
            "history_of_cancer",
            "unexplained_weight_loss",
            "constant_night_pain",
            "no_improvement_after_4_to_6_weeks_of_care",
        ),
    ),
    RedFlagScreen(
        "fracture",
        (
            "major_trauma",
            "minor_trauma_or_strain",
            "long_term_corticosteroids",
            "sudden_severe_central_pain",
        ),
    ),
    RedFlagScreen(
        "inflammatory",
        ("morning_stiffness_over_30_min_easing_with_movement", "waking_second_half_of_night"),
    ),
    RedFlagScreen("other", ("abdominal_pulsing", "thoracic_pain")),
)


class Pain(_Record):
    """Numeric Pain Rating Scale (NPRS) now and over the last 24 hours."""

    now: Nprs
    best: Nprs = Field(description="least pain in the last 24 hours")
    worst: Nprs = Field(description="most pain in the last 24 hours")

    @model_validator(mode="after")
    def best_now_worst_in_order(self) -> Pain:
        # "Now" lies inside the last 24 hours, so it cannot be outside their best and worst.
        if self.best > self.now:
            raise _contradiction(
                "best in 24 h ({best}) is higher than pain now ({now})",
                best=self.best,
                now=self.now,
            )
        if self.now > self.worst:
            raise _contradiction(
                "pain now ({now}) is higher than worst in 24 h ({worst})",
                now=self.now,
                worst=self.worst,
            )
        return self


class PainArea(StrEnum):
    """How far the pain reaches."""

    BACK_ONLY = "back-only"
    BUTTOCK = "buttock"
    THIGH = "thigh"
    BELOW_KNEE = "below-knee"


class LegSides(StrEnum):
    ONE = "one"
    BOTH = "both"


class Location(_Record):
    area: PainArea = Field(PainArea.BACK_ONLY, description="the furthest point the pain reaches")
    sides: LegSides | None = Field(
        None,
        validate_default=True,
        description="one leg or both; required when the pain reaches the buttock or leg",
    )
    nerve_symptoms: Answer = Field(
        False,
        description="pins and needles, numbness or shooting pain in the leg (signs of nerve "
        "involvement)",
    )

    @field_validator("sides")
    @classmethod
    def sides_only_with_leg_pain(cls, sides: LegSides | None, info: ValidationInfo) -> Any:
        area = info.data.get("area")
        if area is PainArea.BACK_ONLY and sides is not None:
            raise _contradiction("given, but the pain is in the back only")
        if area not in (None, PainArea.BACK_ONLY) and sides is None:
            raise _contradiction("say one leg or both when the pain reaches the buttock or leg")
        return sides

    @field_validator("nerve_symptoms")
    @classmethod
    def nerve_symptoms_need_leg_pain(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("area") is PainArea.BACK_ONLY:
            raise _contradiction("leg nerve symptoms, but the pain is in the back only")
        return value

    @property
    def below_buttock(self) -> bool:
        return self.area in (PainArea.THIGH, PainArea.BELOW_KNEE)


class History(_Record):
    duration_weeks: Annotated[int, Strict()] = Field(
        ge=0, le=5200, description="weeks since this episode began"
    )
    recurrence: Answer = Field(False, description="has had episodes of back pain before this one")
    seen_doctor: Answer = Field(False, description="a doctor has assessed this episode")
    doctor_assessed_cancer_history: Answer = Field(
        False,
        description="a doctor has assessed this episode knowing the person's history of cancer "
        "(only with red_flags.history_of_cancer and seen_doctor)",
    )

    @field_validator("doctor_assessed_cancer_history")
    @classmethod
    def assessed_by_a_doctor(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("seen_doctor") is False:
            raise _contradiction("a doctor assessed the cancer history, but seen_doctor is false")
        return value


class Procedure(StrEnum):
    DISCECTOMY = "discectomy"
    DECOMPRESSION = "decompression"  # including laminectomy
    FUSION = "fusion"
    DISC_REPLACEMENT = "disc-replacement"
    INJECTION = "injection"
    OTHER = "other"


class Surgery(_Record):
    """Recent spinal surgery or injection: the post-operative pathway (clinical-rules.md 1b)."""

    procedure: Procedure
    weeks_since: Annotated[int, Strict()] = Field(
        ge=0, le=520, description="whole weeks since the operation or injection"
    )
    surgeon_cleared: Answer = Field(
        False, description="the surgeon (or their team) has cleared the person to exercise"
    )
    wound_problem: Answer = Field(
        False, description="the wound is red, weeping or discharging, or has opened"
    )
    new_severe_pain: Answer = Field(
        False, description="new, severe pain since the operation, not the usual healing soreness"
    )


class Provocation(StrEnum):
    """How much activity brings the pain on (irritability, clinical-rules.md section 3)."""

    LITTLE = "little"  # a little activity brings it on: irritable
    MODERATE = "moderate"
    A_LOT = "a-lot"  # only a lot of activity brings it on


class Settling(StrEnum):
    """How long the pain takes to settle once brought on (irritability, section 3)."""

    MINUTES = "minutes"
    WITHIN_AN_HOUR = "within-an-hour"
    OVER_AN_HOUR = "over-an-hour"  # irritable


class Activity(StrEnum):
    SITTING = "sitting"
    STANDING = "standing"
    WALKING = "walking"
    BENDING_FORWARD = "bending-forward"
    BENDING_BACKWARD = "bending-backward"
    LIFTING = "lifting"
    LYING = "lying"
    MORNING_STIFFNESS = "morning-stiffness"


# What can ease back pain. Lifting cannot, and morning stiffness is not an activity.
EASING_ACTIVITIES: tuple[Activity, ...] = (
    Activity.SITTING,
    Activity.STANDING,
    Activity.WALKING,
    Activity.BENDING_FORWARD,
    Activity.BENDING_BACKWARD,
    Activity.LYING,
)


class Response(StrEnum):
    """What repeated movement in one direction did to the pain (McKenzie)."""

    CENTRALISES = "centralises"  # pain retreats toward the spine or eases
    PERIPHERALISES = "peripheralises"  # pain spreads down the leg
    NO_EFFECT = "no-effect"
    NOT_TESTED = "not-tested"


class RepeatedMovements(_Record):
    flexion: Response = Field(Response.NOT_TESTED, description="repeated bending forward")
    extension: Response = Field(Response.NOT_TESTED, description="repeated bending backward")

    @field_validator("extension")
    @classmethod
    def not_both_centralising(cls, extension: Response, info: ValidationInfo) -> Response:
        # A directional preference is one direction; both centralising is a recording error.
        if extension is Response.CENTRALISES and info.data.get("flexion") is Response.CENTRALISES:
            raise _contradiction("both flexion and extension centralise; record the one that did")
        return extension


class KnownCondition(StrEnum):
    DISC_HERNIATION = "disc-herniation"
    STENOSIS = "stenosis"
    SPONDYLOLISTHESIS = "spondylolisthesis"
    OSTEOPOROSIS = "osteoporosis"
    ARTHRITIS = "arthritis"
    MUSCLE_STRAIN = "muscle-strain"
    LIGAMENT_SPRAIN = "ligament-sprain"
    POSTURAL = "postural"
    PREGNANCY_RELATED = "pregnancy-related"
    INFLAMMATORY = "inflammatory"
    HYPERMOBILITY = "hypermobility"


class Bothersomeness(StrEnum):
    """STarT Back item 9: how bothersome the back pain was in the last 2 weeks."""

    NOT_AT_ALL = "not-at-all"
    SLIGHTLY = "slightly"
    MODERATELY = "moderately"
    VERY_MUCH = "very-much"
    EXTREMELY = "extremely"


class StartBack(_Record):
    """STarT Back Screening Tool answers in the Keele item order (items 1-8 agree = true).

    Field names are topics written for this project, not the Keele wording.
    """

    leg_pain: Answer = Field(description="1: pain spread down the leg in the last 2 weeks")
    shoulder_or_neck_pain: Answer = Field(description="2: shoulder or neck pain as well")
    walked_short_distances_only: Answer = Field(description="3: walked only short distances")
    dressed_more_slowly: Answer = Field(description="4: dressed more slowly than usual")
    activity_feels_unsafe: Answer = Field(description="5: being active does not feel safe")
    worrying_thoughts: Answer = Field(description="6: worrying thoughts a lot of the time")
    feels_it_will_never_improve: Answer = Field(description="7: feels it will never get better")
    lost_enjoyment: Answer = Field(description="8: stopped enjoying things")
    bothersomeness: Bothersomeness = Field(description="9: how bothersome overall")

    def items_1_to_8(self) -> list[bool]:
        return [getattr(self, name) for name in list(type(self).model_fields)[:8]]


def _one_or_more_statements(value: Any) -> Any:
    # A section answer is one statement number, or a list when two were marked.
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    return value


OdiStatement = Annotated[int, Strict(), Field(ge=0, le=5)]
OdiMarked = Annotated[list[OdiStatement], Field(min_length=1, max_length=6)]
OdiAnswer = Annotated[
    OdiMarked | None,
    BeforeValidator(_one_or_more_statements),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": 5},
                {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 0, "maximum": 5},
                    "minItems": 1,
                    "maxItems": 6,
                },
                {"type": "null"},
            ]
        }
    ),
    Field(
        None,
        description="statement marked (0-5), a list if more than one was marked (the highest "
        "counts), or null/omitted if the section was skipped",
    ),
]


class Odi(_Record):
    """Oswestry Disability Index v2.1a answers by section (0-5 each). Omit or null = skipped."""

    pain_intensity: OdiAnswer
    personal_care: OdiAnswer
    lifting: OdiAnswer
    walking: OdiAnswer
    sitting: OdiAnswer
    standing: OdiAnswer
    sleeping: OdiAnswer
    sex_life: OdiAnswer
    social_life: OdiAnswer
    travelling: OdiAnswer

    def sections(self) -> list[list[int] | None]:
        return [getattr(self, name) for name in type(self).model_fields]

    @model_validator(mode="after")
    def enough_sections(self) -> Odi:
        answered = sum(1 for answer in self.sections() if answer is not None)
        needed = DEFAULT_SETTINGS.odi_min_answered
        if answered < needed:
            raise _contradiction(
                "{answered} sections answered; at least {needed} are needed for a score",
                answered=answered,
                needed=needed,
            )
        return self


RmdqItem = Annotated[int, Strict(), Field(ge=1, le=24)]


class PsfsActivity(_Record):
    activity: str = Field(min_length=2, max_length=80, description="in the patient's words")
    score: Rating = Field(description="0 = unable to do, 10 = able to do as before")


class Goal(StrEnum):
    LESS_PAIN = "less-pain"
    WALK_FURTHER = "walk-further"
    SIT_LONGER = "sit-longer"
    STAND_LONGER = "stand-longer"
    LIFT_AND_CARRY = "lift-and-carry"
    BEND_AND_REACH = "bend-and-reach"
    SLEEP_BETTER = "sleep-better"
    RETURN_TO_WORK = "return-to-work"
    RETURN_TO_SPORT = "return-to-sport"
    PREVENT_RECURRENCE = "prevent-recurrence"


class Deficit(StrEnum):
    """Findings of the physical examination that exercise can address."""

    HIP_WEAKNESS = "hip-weakness"
    LEG_STRENGTH = "leg-strength"
    TRUNK_ENDURANCE = "trunk-endurance"
    MOVEMENT_CONTROL = "movement-control"  # aberrant movement: stabilisation subgroup
    LUMBAR_MOBILITY = "lumbar-mobility"
    HIP_MOBILITY = "hip-mobility"
    HAMSTRING_TIGHTNESS = "hamstring-tightness"
    HIP_FLEXOR_TIGHTNESS = "hip-flexor-tightness"
    LOW_ENDURANCE = "low-endurance"


class Fitness(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


FabqItem = Annotated[int, Strict(), Field(ge=0, le=6)]


def _unique(values: list[Any], what: str) -> list[Any]:
    repeated = sorted({str(v) for v in values if values.count(v) > 1})
    if repeated:
        raise _contradiction("{what} listed twice: {items}", what=what, items=", ".join(repeated))
    return values


class Intake(_Record):
    """One evaluation. Only age, sex, pain and history are required; every list may be empty."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"title": "backrehab intake"},
    )

    age: Annotated[int, Strict()] = Field(ge=12, le=110)
    sex: Sex
    pregnant: Answer = False
    trimester: Literal[1, 2, 3] | None = Field(
        None, validate_default=True, description="required when pregnant"
    )
    pelvic_girdle_pain: Answer = Field(
        False,
        description="pregnancy-related pain over the back of the pelvis (sacroiliac joints) or "
        "the pubic bone, worse standing on one leg; only with a trimester",
    )
    red_flags: RedFlags = Field(default_factory=RedFlags)
    surgery: Surgery | None = Field(
        None, description="details when red_flags.recent_spinal_procedure is true"
    )
    pain: Pain
    provocation: Provocation | None = Field(
        None, description="how much activity brings the pain on; null = not asked"
    )
    settling: Settling | None = Field(
        None, description="how long the pain takes to settle; null = not asked"
    )
    location: Location = Field(default_factory=Location)
    history: History
    worse_with: list[Activity] = Field(
        default_factory=list, max_length=len(Activity), description="what makes it worse"
    )
    better_with: list[Activity] = Field(
        default_factory=list, max_length=len(Activity), description="what eases it"
    )
    repeated_movements: RepeatedMovements = Field(default_factory=RepeatedMovements)
    known_conditions: list[KnownCondition] = Field(
        default_factory=list, max_length=len(KnownCondition)
    )
    startback: StartBack | None = None
    fabq_pa: list[FabqItem] | None = Field(
        None,
        min_length=4,
        max_length=4,
        description="Fear-Avoidance Beliefs Questionnaire, physical-activity items 2-5 in order "
        "(0-6 each); null = not asked",
    )
    odi: Odi | None = None
    rmdq: list[RmdqItem] | None = Field(
        None, max_length=24, description="numbers (1-24) of the RMDQ statements ticked"
    )
    psfs: list[PsfsActivity] = Field(default_factory=list, max_length=5)
    goals: list[Goal] = Field(default_factory=list, max_length=len(Goal))
    goal_notes: str | None = Field(None, max_length=500, description="goals in the own words")
    deficits: list[Deficit] = Field(default_factory=list, max_length=len(Deficit))
    minutes_per_session: Annotated[int, Strict()] = Field(20, ge=5, le=120)
    sessions_per_week: Annotated[int, Strict()] = Field(3, ge=1, le=14)
    equipment: list[Equipment] = Field(
        default_factory=list, max_length=len(Equipment), description="equipment at hand"
    )
    fitness: Fitness = Fitness.MODERATE
    floor_transfer: Answer = Field(
        True, description="can get down to the floor and up again without help"
    )

    @field_validator("pregnant")
    @classmethod
    def pregnancy_needs_a_possible_sex(cls, pregnant: bool, info: ValidationInfo) -> bool:
        if pregnant and info.data.get("sex") is Sex.MALE:
            raise _contradiction("pregnant, but sex is 'male'; check both answers")
        age = info.data.get("age")
        oldest = DEFAULT_SETTINGS.pregnancy_age_over
        if pregnant and age is not None and age > oldest:
            raise _contradiction(
                "pregnant at age {age} (over {oldest}); check both answers", age=age, oldest=oldest
            )
        return pregnant

    @field_validator("trimester")
    @classmethod
    def trimester_only_in_pregnancy(cls, trimester: int | None, info: ValidationInfo) -> Any:
        pregnant = info.data.get("pregnant")
        if trimester is not None and pregnant is False:
            raise _contradiction("a trimester is given, but pregnant is false")
        if trimester is None and pregnant is True:
            raise _contradiction("required when pregnant (1, 2 or 3)")
        return trimester

    @field_validator("pelvic_girdle_pain")
    @classmethod
    def pelvic_girdle_pain_in_pregnancy(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("trimester") is None:
            raise _contradiction("pelvic girdle pain is asked in pregnancy; give the trimester")
        return value

    @field_validator("surgery")
    @classmethod
    def surgery_details_with_the_answer(cls, surgery: Surgery | None, info: ValidationInfo) -> Any:
        flags = info.data.get("red_flags")
        if surgery is not None and flags is not None and not flags.recent_spinal_procedure:
            raise _contradiction(
                "surgery details given, but red_flags.recent_spinal_procedure is false"
            )
        return surgery

    @field_validator("history")
    @classmethod
    def episode_not_older_than_person(cls, history: History, info: ValidationInfo) -> History:
        flags = info.data.get("red_flags")
        if history.doctor_assessed_cancer_history and flags and not flags.history_of_cancer:
            raise _contradiction(
                "doctor_assessed_cancer_history is true, but red_flags.history_of_cancer is false"
            )
        age = info.data.get("age")
        if age is not None and history.duration_weeks > age * 53:
            raise _contradiction(
                "duration_weeks ({weeks}) is longer than the person's life (age {age})",
                weeks=history.duration_weeks,
                age=age,
            )
        return history

    @field_validator("worse_with", "goals", "deficits", "equipment")
    @classmethod
    def no_repeats(cls, values: list[Any]) -> list[Any]:
        return _unique(values, "an item is")

    @field_validator("better_with")
    @classmethod
    def not_both_worse_and_better(cls, values: list[Activity], info: ValidationInfo) -> Any:
        _unique(values, "an item is")
        if Activity.MORNING_STIFFNESS in values:
            raise _contradiction("morning stiffness cannot ease the pain; list it in worse_with")
        cannot_ease = sorted(str(v) for v in values if v not in EASING_ACTIVITIES)
        if cannot_ease:
            raise _contradiction(
                "cannot ease back pain: {items} (choose from {choices})",
                items=", ".join(cannot_ease),
                choices=", ".join(EASING_ACTIVITIES),
            )
        both = sorted(set(values) & set(info.data.get("worse_with") or []))
        if both:
            raise _contradiction(
                "listed as both making it worse and easing it: {items}", items=", ".join(both)
            )
        return values

    @field_validator("known_conditions")
    @classmethod
    def conditions_fit_the_person(cls, values: list[KnownCondition], info: ValidationInfo) -> Any:
        _unique(values, "a condition is")
        if KnownCondition.PREGNANCY_RELATED in values and info.data.get("sex") is Sex.MALE:
            raise _contradiction("pregnancy-related back pain, but sex is 'male'")
        return values

    @field_validator("rmdq")
    @classmethod
    def statements_ticked_once(cls, values: list[int] | None) -> Any:
        return None if values is None else _unique(values, "a statement is")

    @field_validator("psfs")
    @classmethod
    def activities_named_once(cls, values: list[PsfsActivity]) -> list[PsfsActivity]:
        _unique([v.activity.strip().lower() for v in values], "an activity is")
        return values


def format_location(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a JSON path: ("psfs", 0, "score") -> "psfs[0].score"."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "(intake)"


_FRIENDLY = {
    "extra_forbidden": "unknown field",
    "missing": "required",
}


def describe_errors(errors: list[Any]) -> list[str]:
    """One "path: problem" line per bad field, in the order pydantic found them."""
    lines = []
    for error in errors:
        message = _FRIENDLY.get(error["type"], error["msg"])
        lines.append(f"{format_location(tuple(error['loc']))}: {message}")
    return lines
