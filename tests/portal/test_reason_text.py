"""Why each exercise, what changed and why, and referral reasons, in the patient's language.

The engine writes its sentences in English; the web app says them again by rule id
(backrehab/portal/reason_text.py). These tests hold the two together: every rule the engine can
fire has a sentence to translate, that sentence in English is word for word the engine's, and a
Spanish reader sees Spanish.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from backrehab.care.models import Evaluation, Program
from backrehab.clinical import (
    classification,
    dosing,
    education,
    focus,
    pathways,
    populations,
    precautions,
    program,
    progression,
    red_flags,
)
from backrehab.clinical.intake import Activity, Deficit, Goal
from backrehab.clinical.program import avoidances
from backrehab.clinical.reasons import Reason
from backrehab.operations.demo import seed_demo_clinic
from backrehab.portal.reason_text import has_template, reason_text, reason_texts, sentence
from tests.clinical.engine_factories import make_intake


def fixed_rules() -> dict[str, str]:
    """Every rule whose sentence has nothing filled in, with the engine's English."""
    rules: dict[str, str] = {}
    rules |= {
        r.id: r.text
        for r in classification.PREFERENCE_RULES
        if r.basis is not classification.Basis.HISTORY  # a note for the clinician only
    }
    rules |= {r.id: r.text for r in classification.SUBGROUP_RULES}
    rules |= {r.id: r.why for r in precautions.RULES}
    rules |= {r.id: r.text for r in program.DIRECTION_RULES}
    rules |= {f"phase-{p.id}": p.text for p in focus.PHASES}
    rules |= {r.id: r.text for r in dosing.DOSE_RULES.values()}
    rules |= {r.id: r.text for r in (*education.EDUCATION_RULES, education.FALLBACK_RULE)}
    rules |= {r.id: r.text for r in red_flags.RED_FLAG_RULES}
    rules |= prescribing_rules()
    rules |= {
        r.id: r.text
        for r in progression.PROGRESSION_RULES.values()
        if "{" not in r.text  # the others are checked with values below
    }
    return rules


def prescribing_rules() -> dict[str, str]:
    """Patient sentences of the special populations, the care pathway and the full session."""
    rules = {n.reason_rule: n.text for n in (*populations.NEEDS, pathways.GRADED_ACTIVITY)}
    rules[populations.PELVIC_GIRDLE.reason_rule] = populations.PELVIC_GIRDLE.text
    rules |= {r.id: r.text for r in populations.EXCLUSIONS}
    rules |= {r.id: r.text for r in education.PATHWAY_EDUCATION_RULES}
    exposure = pathways.exposure_need(Activity.LIFTING)
    rules[exposure.reason_rule] = exposure.text
    rules["fill-full-session"] = program.FILL_RULE_TEXT
    return rules


def engine_reasons() -> list[Reason]:
    """One reason for every rule id the engine can produce, made the way the engine makes it."""
    made = [Reason(rule=rule, text=text) for rule, text in fixed_rules().items()]
    for rule in focus.FOCUS_RULES:
        if rule.text is not None and rule.id not in (
            "focus-preference",
            "focus-preference-training",
            "focus-symptom-modulation",
            "focus-movement-control",
            "focus-functional-strength",
        ):
            made.append(Reason(rule=rule.id, text=rule.text(None)))  # type: ignore[arg-type]
    leaning = [
        r for r in classification.PREFERENCE_RULES if r.basis is not classification.Basis.HISTORY
    ]
    for source in (*leaning, *classification.SUBGROUP_RULES):
        made.append(Reason(rule="focus-preference", text=source.text, params={"source": source.id}))
    for deficit in Deficit:
        made.append(
            Reason(
                rule=f"focus-deficit-{deficit.value}",
                text=f"Chosen for {focus.DEFICIT_LABELS[deficit]}, found at your examination.",
                params={"deficit": deficit.value},
            )
        )
    for goal in Goal:
        made.append(
            Reason(
                rule=f"focus-goal-{goal.value}",
                text=f"Builds toward your goal: {focus.GOAL_LABELS[goal]}.",
                params={"goal": goal.value},
            )
        )
    reason = progression._reason
    made += [
        reason("regress-pain-during", pain=7),
        reason("regress-not-settled", morning=6, before=3),
        reason("hold-effort", effort=8),
        reason("regress-after-gap", days=35),
        reason("hold-after-gap", days=20),
        reason("alert-morning-rise", rise=3),
        reason("hold-pain-after", pain=8),
        reason("hold-not-settled", morning=4, before=3),
        reason("monitor-pain-at-baseline", before=7),
    ]
    cleared = red_flags.screen(
        make_intake(red_flags={"thoracic_pain": True}),
        clearance=red_flags.Clearance(
            by="Ana Ruiz", on=dt.date(2026, 3, 4), why="seen by the GP", rules=["thoracic-pain"]
        ),
    )
    assert cleared is not None
    made += cleared.reasons
    for question in (
        "saddle_numbness",
        "waking_second_half_of_night",
        "minor_trauma_or_strain",
        "abdominal_pulsing",
        "recent_spinal_procedure",
        "history_of_cancer",
    ):
        finding = red_flags.question_text(question)
        made.append(reason("stop-red-flag", {"question": question}, finding=finding))
        made.append(reason("alert-red-flag-routine", {"question": question}, finding=finding))
    return made


def test_every_rule_the_engine_can_fire_has_a_sentence_to_translate():
    missing = [r.rule for r in engine_reasons() if not has_template(r.rule)]
    missing += [
        f"progression: {rule}" for rule in progression.PROGRESSION_RULES if not has_template(rule)
    ]
    assert missing == []


def test_every_sentence_in_english_is_word_for_word_the_engines():
    with override("en"):
        different = [
            (r.rule, r.text, sentence(r.rule, r.params))
            for r in engine_reasons()
            if sentence(r.rule, r.params) != r.text
        ]
    assert different == []


def test_every_sentence_has_a_spanish_translation():
    with override("es"):
        untranslated = [r.rule for r in engine_reasons() if reason_text(r.model_dump()) == r.text]
    assert untranslated == []


def test_numbers_filled_in_by_the_engine_appear_in_the_spanish_sentence():
    why = progression._reason("regress-not-settled", morning=6, before=3).model_dump()
    with override("es"):
        text = reason_text(why)
    assert "6/10" in text and "3/10" in text and "morning" not in text


@pytest.mark.django_db
def test_exercise_notes_and_replacements_come_from_the_exercise_translation(library, library_in_db):
    left_out = avoidances(library["prone-press-up"])
    assert left_out, "prone-press-up is left out for some condition"
    why = next(iter(left_out.values())).model_dump()
    replacement = progression._reason(
        "progress-variant", {"replacement": "bird-dog"}, replacement="bird dog"
    ).model_dump()
    with override("en"):
        assert reason_text(why) == why["text"]
    with override("es"):
        assert reason_text(why) != why["text"]
        assert "perro de caza" in reason_text(replacement)


def test_a_reason_from_an_unknown_rule_or_an_older_wording_stays_as_stored():
    with override("es"):
        assert (
            reason_text({"rule": "a-rule-from-elsewhere", "text": "As written."}) == "As written."
        )
        older = {"rule": "hold-pain", "text": "Stay at this dose (an older wording)."}
        assert reason_text(older) == older["text"]
        assert reason_text({"rule": "hold-effort", "text": "No params kept."}) == "No params kept."
    assert reason_texts([{"rule": "x", "text": "Same."}, {"rule": "y", "text": "Same."}]) == [
        "Same."
    ]


def test_an_exercise_a_physical_therapist_chose_says_so_in_spanish():
    from backrehab.care.prescribing import CLINICIAN_REASON

    with override("es"):
        assert reason_text(CLINICIAN_REASON) == "Elegido por su fisioterapeuta."


# --- Pages --------------------------------------------------------------------------------------


@pytest.fixture
def alex(client: Client, db: None) -> Client:
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-alex"))
    return client


def spanish(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200, url
    return response.content.decode()


def test_why_each_exercise_is_in_spanish_on_the_program_page(alex):
    plan = Program.objects.get(patient__user__username="demo-alex", is_active=True).plan
    english = [r["text"] for item in plan["items"] for r in item["reasons"]]
    text = spanish(alex, reverse("program"))
    assert not [sentence for sentence in english if sentence in text]
    assert "Calentamiento:" in text or "Movilidad:" in text


def test_what_changed_and_why_is_in_spanish_on_today_and_progress(alex):
    active = Program.objects.get(patient__user__username="demo-alex", is_active=True)
    exercise = active.plan["items"][0]["exercise"]
    why = progression._reason("hold-effort", effort=8).model_dump()
    active.changes = [
        {
            "exercise": exercise,
            "decision": "hold",
            "dose": None,
            "replacement": None,
            "reasons": [why],
        }
    ]
    active.created_at = timezone.now() + dt.timedelta(seconds=1)
    active.save()
    for url in (reverse("today"), reverse("progress")):
        text = spanish(alex, url)
        assert "esfuerzo 8/10" in text, url
        assert why["text"] not in text, url


def test_the_referral_screen_gives_its_reasons_in_spanish(alex):
    patient = User.objects.get(username="demo-alex").patient
    rule = next(r for r in red_flags.RED_FLAG_RULES if r.id == "fracture-older-central-pain")
    Program.objects.filter(patient=patient).update(is_active=False)
    Evaluation.objects.create(
        patient=patient,
        kind="reassessment",
        answers={},
        scores={},
        referral={"urgency": "soon", "reasons": [{"rule": rule.id, "text": rule.text}]},
    )
    for url in (reverse("referral"), reverse("today")):
        text = spanish(alex, url)
        assert rule.text not in text, url
        assert "columna" in text, url
