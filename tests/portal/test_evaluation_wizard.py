"""The online evaluation: one screen at a time, saved as it goes, ending in a program."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.utils import timezone

from backrehab.care.models import Evaluation, Program
from backrehab.clinical.intake import RedFlags
from backrehab.clinical.questionnaires import ODI_SECTIONS
from backrehab.portal.intake import steps_for
from backrehab.portal.models import IntakeDraft
from tests import personas

pytestmark = pytest.mark.django_db


NONE_OF_THESE = {"ticked": ["none"]}


def ticked(*questions: str) -> dict[str, list[str]]:
    return {"ticked": list(questions)}


def screen_answers() -> dict[str, dict[str, Any]]:
    """Sensible answers for every screen (the clinic has no licensed ODI/RMDQ text)."""
    red_flag_screens = {step.slug: NONE_OF_THESE for step in steps_for() if step.red_flags}
    return {
        "about": {"age": "46", "sex": "female", "pregnant": "no"},
        **red_flag_screens,
        "pain": {"pain__now": "4", "pain__best": "2", "pain__worst": "6"},
        "where": {"location__area": "buttock", "location__sides": "one"},
        "how-long": {
            "duration": "6",
            "unit": "weeks",
            "history__recurrence": "yes",
            "history__seen_doctor": "no",
        },
        "worse-better": {
            "worse_with": ["sitting", "bending-forward"],
            "better_with": ["walking"],
            "provocation": "moderate",
            "settling": "within-an-hour",
        },
        "movements": {},
        "conditions": {"known_conditions": ["muscle-strain"]},
        "how-it-affects-you": {
            "startback__leg_pain": "no",
            "startback__shoulder_or_neck_pain": "no",
            "startback__walked_short_distances_only": "no",
            "startback__dressed_more_slowly": "yes",
            "startback__activity_feels_unsafe": "no",
            "startback__worrying_thoughts": "no",
            "startback__feels_it_will_never_improve": "no",
            "startback__lost_enjoyment": "no",
            "startback__bothersomeness": "moderately",
        },
        "activities": {"activity_1": "Gardening", "score_1": "4"},
        "goals": {"goals": ["less-pain", "sit-longer"], "goal_notes": "Dig the garden again."},
        "routine": {
            "minutes_per_session": "20",
            "sessions_per_week": "3",
            "floor_transfer": "yes",
            "fitness": "moderate",
        },
    }


@pytest.fixture
def patient(db):
    clinic = personas.clinic("Harbour Physio", "harbour")
    return personas.patient(clinic, None, "robin", joined_on=timezone.localdate())


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient.user)
    return client


def answer_all(client, until: str | None = None):
    response = None
    for slug, data in screen_answers().items():
        if slug == until:
            break
        response = client.post(f"/my/evaluation/{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    return response


def test_the_steps_ask_every_red_flag_question_once():
    asked = [question for step in steps_for() if step.red_flags for question in step.form.questions]
    assert sorted(asked) == sorted(RedFlags.model_fields)


def test_starting_goes_to_the_first_step(signed_in):
    response = signed_in.get("/my/evaluation/")
    assert response["Location"] == "/my/evaluation/about/"


def test_a_step_shows_its_progress_and_back_and_next(signed_in):
    total = len(steps_for())
    response = signed_in.get("/my/evaluation/legs-and-nerves/")
    content = response.content.decode()
    assert f"Step 3 of {total}" in content
    assert f'<progress max="{total}" value="3"' in content
    assert ">Next<" in content and ">Back<" in content


def test_each_step_is_saved_and_the_evaluation_resumes_where_it_stopped(signed_in, patient):
    answer_all(signed_in, until="pain")
    draft = IntakeDraft.objects.get(user=patient.user)
    assert draft.answers["age"] == 46
    assert draft.answers["red_flags"]["saddle_numbness"] is False
    assert draft.step == "other-signs"
    # Coming back later continues at the next unanswered screen.
    signed_in.logout()
    signed_in.force_login(patient.user)
    assert signed_in.get("/my/evaluation/")["Location"] == "/my/evaluation/pain/"
    # Going back shows the answers already given.
    about = signed_in.get("/my/evaluation/about/").content.decode()
    assert 'value="46"' in about


def test_back_returns_to_the_previous_step(signed_in):
    answer_all(signed_in, until="where")
    response = signed_in.post("/my/evaluation/where/", {"back": "1"})
    assert response["Location"] == "/my/evaluation/pain/"


def test_validation_messages_name_the_question(signed_in):
    response = signed_in.post("/my/evaluation/about/", {"sex": "female"})
    assert "Please enter your age." in response.content.decode()
    response = signed_in.post("/my/evaluation/pain/", {"pain__now": "5", "pain__best": "2"})
    assert "Please answer: Your worst pain in the last 24 hours." in response.content.decode()
    response = signed_in.post(
        "/my/evaluation/pain/", {"pain__now": "5", "pain__best": "7", "pain__worst": "8"}
    )
    assert "Your least pain (7) cannot be more than your pain right now (5)." in (
        response.content.decode()
    )
    response = signed_in.post("/my/evaluation/where/", {"location__area": "thigh"})
    assert "Please say whether the pain goes into one side or both." in response.content.decode()


def test_a_safety_screen_left_blank_is_not_taken_as_no(signed_in, patient):
    answer_all(signed_in, until="bladder-and-bowel")
    response = signed_in.post("/my/evaluation/bladder-and-bowel/", {})
    assert response.status_code == 200
    assert "Please tick each one that applies to you, or &#x27;None of these&#x27;." in (
        response.content.decode()
    )
    draft = IntakeDraft.objects.get(user=patient.user)
    assert "saddle_numbness" not in draft.answers.get("red_flags", {})
    assert draft.screens_answered == []


def test_none_of_these_cannot_be_ticked_with_a_question(signed_in):
    answer_all(signed_in, until="bladder-and-bowel")
    response = signed_in.post(
        "/my/evaluation/bladder-and-bowel/", {"ticked": ["none", "saddle_numbness"]}
    )
    assert response.status_code == 200
    assert "You ticked &#x27;None of these&#x27; and also something above it" in (
        response.content.decode()
    )


def test_none_of_these_answers_no_to_every_question_on_the_screen(signed_in, patient):
    answer_all(signed_in, until="legs-and-nerves")
    draft = IntakeDraft.objects.get(user=patient.user)
    screen = next(s for s in steps_for() if s.slug == "bladder-and-bowel")
    assert {q: draft.answers["red_flags"][q] for q in screen.form.questions} == dict.fromkeys(
        screen.form.questions, False
    )
    assert draft.screens_answered == ["cauda-equina"]
    # Coming back to the screen shows "None of these" ticked.
    page = signed_in.get("/my/evaluation/bladder-and-bowel/").content.decode()
    assert re.search(r'<input[^>]*value="none"[^>]*checked>', page)


def test_saddle_numbness_stops_at_once_with_an_emergency_referral(signed_in, patient):
    answer_all(signed_in, until="bladder-and-bowel")
    data = ticked("saddle_numbness")
    response = signed_in.post("/my/evaluation/bladder-and-bowel/", data)
    assert response["Location"] == "/my/referral/"
    page = signed_in.get("/my/referral/").content.decode()
    assert "emergency department now" in page
    assert "Numbness or tingling between the inner thighs" in page
    assert not Program.objects.exists()
    # The later screens wait; the evaluation resumes at the referral.
    assert signed_in.get("/my/evaluation/pain/")["Location"] == "/my/referral/"
    assert signed_in.get("/my/evaluation/")["Location"] == "/my/referral/"


def test_a_red_flag_answered_by_mistake_can_be_changed(signed_in):
    answer_all(signed_in, until="general-health")
    data = ticked("fever_chills_or_sweats")
    signed_in.post("/my/evaluation/general-health/", data)
    assert "See a doctor today" in signed_in.get("/my/referral/").content.decode()
    response = signed_in.post("/my/evaluation/general-health/", screen_answers()["general-health"])
    assert response["Location"] == "/my/evaluation/spine-operations/"


def test_a_routine_inflammatory_pattern_does_not_interrupt(signed_in):
    answer_all(signed_in, until="stiffness-and-sleep")
    data = ticked(
        "morning_stiffness_over_30_min_easing_with_movement", "waking_second_half_of_night"
    )
    response = signed_in.post("/my/evaluation/stiffness-and-sleep/", data)
    assert response["Location"] == "/my/evaluation/other-signs/"


def test_completing_the_evaluation_shows_the_program_with_reasons(
    signed_in, patient, library_in_db
):
    response = answer_all(signed_in)
    assert response["Location"] == "/my/program/"
    evaluation = Evaluation.objects.get(patient=patient)
    assert evaluation.kind == Evaluation.Kind.INTAKE
    assert evaluation.answers["psfs"] == [{"activity": "Gardening", "score": 4}]
    program = Program.objects.get(patient=patient, is_active=True)
    assert not IntakeDraft.objects.filter(user=patient.user).exists()

    page = signed_in.get("/my/program/").content.decode()
    first = program.plan["items"][0]
    assert f"/exercises/{first['exercise']}/peak.svg" in page
    assert first["reasons"][0]["text"] in page
    assert "Why this exercise" in page
    assert "Start your first session" in page
    assert 'href="/my/session/"' in page
    for topic in program.plan["education"]:
        assert topic["title"] in page


def test_an_answer_the_engine_rejects_sends_the_patient_back_to_its_step(signed_in, patient):
    answer_all(signed_in, until="routine")
    # A contradiction no single screen sees: 60 years of pain at age 46.
    draft = IntakeDraft.objects.get(user=patient.user)
    draft.answers["history"]["duration_weeks"] = 60 * 52
    draft.save()
    response = signed_in.post("/my/evaluation/routine/", screen_answers()["routine"])
    assert response["Location"] == "/my/evaluation/how-long/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "How long" in page
    assert "How long: this bout of pain would have lasted longer than your life" in page
    assert not Evaluation.objects.exists()


def check_in(client, *, changed: str = "no", activities: dict[str, str] | None = None):
    """Answer a short check-in: pain, the safety screens, nothing changed, STarT Back, the
    activities carried over."""
    answers = screen_answers()
    client.get("/my/evaluation/?kind=reassessment")
    client.post("/my/evaluation/pain/", {"pain__now": "2", "pain__best": "1", "pain__worst": "3"})
    for step in steps_for():
        if step.red_flags:
            client.post(f"/my/evaluation/{step.slug}/", NONE_OF_THESE)
    response = client.post("/my/evaluation/anything-changed/", {"anything_changed": changed})
    if changed == "yes":
        return response
    client.post("/my/evaluation/how-it-affects-you/", answers["how-it-affects-you"])
    return client.post(
        "/my/evaluation/activities/",
        activities or {"activity_1": "Gardening", "score_1": "7"},
    )


def test_a_check_in_is_short_and_keeps_what_cannot_have_changed(signed_in, patient, library_in_db):
    answer_all(signed_in)
    first = Program.objects.get(patient=patient, is_active=True)
    response = signed_in.get("/my/evaluation/?kind=reassessment")
    assert response["Location"] == "/my/evaluation/pain/"
    slugs = [s.slug for s in steps_for("reassessment", {"anything_changed": False})]
    assert slugs[0] == "pain" and "anything-changed" in slugs
    for never_again in ("about", "where", "how-long", "worse-better", "goals", "routine"):
        assert never_again not in slugs
    # The activities named last time are there to rate again.
    page = signed_in.get("/my/evaluation/activities/").content.decode()
    assert 'value="Gardening"' in page
    assert "Retire this activity" in page

    response = check_in(signed_in)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Evaluation.objects.filter(patient=patient).order_by("-taken_at").first()
    assert latest.kind == Evaluation.Kind.REASSESSMENT
    assert latest.answers["pain"]["now"] == 2
    assert latest.answers["psfs"] == [{"activity": "Gardening", "score": 7}]
    # Carried over, not asked: where it hurts, the history, the routine.
    assert latest.answers["location"]["area"] == "buttock"
    assert latest.answers["history"]["recurrence"] is True
    assert latest.answers["minutes_per_session"] == 20
    assert latest.answers["provocation"] == "moderate"
    assert "anything_changed" not in latest.answers
    # A program stays in force (how the check-in adjusts it is the re-assessment's business).
    assert Program.objects.filter(patient=patient, is_active=True).exists()
    assert first.patient_id == patient.pk


def test_a_check_in_asks_the_history_again_when_something_has_changed(
    signed_in, patient, library_in_db
):
    answer_all(signed_in)
    response = check_in(signed_in, changed="yes")
    assert response["Location"] == "/my/evaluation/about/"
    # What was said last time is filled in, to change only what is different.
    assert 'value="46"' in signed_in.get("/my/evaluation/about/").content.decode()


def test_a_check_in_can_retire_an_activity_and_add_one(signed_in, patient, library_in_db):
    answer_all(signed_in)
    check_in(
        signed_in,
        activities={
            "activity_1": "Gardening",
            "retire_1": "on",
            "activity_2": "Cycling to work",
            "score_2": "5",
        },
    )
    latest = Evaluation.objects.filter(patient=patient).order_by("-taken_at").first()
    assert latest.answers["psfs"] == [{"activity": "Cycling to work", "score": 5}]


def test_a_check_in_needs_each_carried_activity_rated_or_retired(signed_in, patient):
    answer_all(signed_in, until="goals")
    IntakeDraft.objects.filter(user=patient.user).update(kind="reassessment")
    draft = IntakeDraft.objects.get(user=patient.user)
    draft.answers["psfs"] = [{"activity": "Gardening", "score": None}]
    draft.save()
    response = signed_in.post("/my/evaluation/activities/", {"activity_1": "Gardening"})
    assert "Please choose how well you can do activity 1 now." in response.content.decode()


def test_the_program_page_sends_a_patient_without_a_program_to_the_evaluation(signed_in):
    assert signed_in.get("/my/program/")["Location"] == "/my/evaluation/"


def test_the_odi_and_rmdq_steps_appear_only_with_licensed_text(tmp_path, settings):
    slugs = [s.slug for s in steps_for()]
    assert "daily-life" not in slugs and "today" not in slugs
    text = {
        "licence": "Test licence",
        "odi": {key: [f"{key} statement {n}" for n in range(6)] for key in ODI_SECTIONS},
        "rmdq": [f"Statement number {n}" for n in range(1, 25)],
    }
    path = tmp_path / "licensed.json"
    path.write_text(json.dumps(text))
    settings.BACKREHAB_QUESTIONNAIRE_TEXT = str(path)
    slugs = [s.slug for s in steps_for()]
    assert "daily-life" in slugs and "today" in slugs


def test_with_licensed_odi_text_the_odi_answers_are_saved_by_section(
    signed_in, patient, tmp_path, settings
):
    sections = list(ODI_SECTIONS)
    path = tmp_path / "licensed.json"
    path.write_text(
        json.dumps(
            {"licence": "Test", "odi": {k: [f"{k} line {n}" for n in range(6)] for k in sections}}
        )
    )
    settings.BACKREHAB_QUESTIONNAIRE_TEXT = str(path)
    page = signed_in.get("/my/evaluation/daily-life/").content.decode()
    assert "lifting line 3" in page
    too_few = signed_in.post("/my/evaluation/daily-life/", {"odi__lifting": "3"})
    assert "Please answer at least 8 of the 10 sections" in too_few.content.decode()
    answers = {f"odi__{k}": "2" for k in sections if k != "sex_life"}
    assert signed_in.post("/my/evaluation/daily-life/", answers).status_code == 302
    odi = IntakeDraft.objects.get(user=patient.user).answers["odi"]
    assert odi["lifting"] == 2 and "sex_life" not in odi


def test_a_patient_evaluated_before_gets_a_reassessment_by_default(
    signed_in, patient, library_in_db
):
    answer_all(signed_in)
    signed_in.get("/my/evaluation/")
    assert IntakeDraft.objects.get(user=patient.user).kind == Evaluation.Kind.REASSESSMENT


def test_a_red_flag_interrupt_is_kept_for_the_clinician_and_today_says_see_a_doctor(client):
    from django.utils import timezone

    from backrehab.care.models import Evaluation

    patient = personas.patient(
        personas.clinic("Clinic", "rf"), None, "flagged", joined_on=timezone.localdate()
    )
    user = patient.user
    from backrehab.portal import actions

    draft = actions.do_start_evaluation(user)
    actions.do_save_step(draft, "bladder-bowel", {"red_flags": {"saddle_numbness": True}})
    actions.do_save_step(draft, "bladder-bowel", {"red_flags": {"saddle_numbness": True}})
    evaluation = Evaluation.objects.get(patient=patient)  # recorded once, not per screen
    assert evaluation.referral is not None
    assert evaluation.referral["urgency"] == "emergency"
    client.force_login(user)
    assert "Please see a doctor before exercising" in client.get("/my/").text


def test_a_crafted_request_that_skips_the_safety_screens_builds_no_program(signed_in, patient):
    for slug, data in screen_answers().items():
        if slug not in {s.slug for s in steps_for() if s.red_flags}:
            signed_in.post(f"/my/evaluation/{slug}/", data)
    assert not Evaluation.objects.exists()
    assert not Program.objects.exists()
    draft = IntakeDraft.objects.get(user=patient.user)
    assert draft.screens_answered == []
    # Finishing sends the patient to the first safety screen not answered, saying why.
    response = signed_in.post("/my/evaluation/routine/", screen_answers()["routine"])
    assert response["Location"] == "/my/evaluation/bladder-and-bowel/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "only once every safety check has been answered" in page


def test_answers_posted_as_red_flags_on_another_screen_do_not_count_as_a_safety_screen(
    signed_in, patient
):
    answer_all(signed_in)  # every screen: a program
    IntakeDraft.objects.filter(user=patient.user).delete()
    Program.objects.all().delete()
    Evaluation.objects.all().delete()
    draft = IntakeDraft.objects.create(user=patient.user, kind="intake")
    # Every red-flag answer present in the draft, but no safety screen answered in it.
    draft.answers = {"red_flags": dict.fromkeys(RedFlags.model_fields, False)}
    draft.save()
    for slug, data in screen_answers().items():
        if slug not in {s.slug for s in steps_for() if s.red_flags}:
            signed_in.post(f"/my/evaluation/{slug}/", data)
    assert not Program.objects.exists()


def test_after_an_emergency_referral_a_fresh_evaluation_builds_no_program_until_cleared(
    signed_in, patient, library_in_db
):
    answer_all(signed_in, until="bladder-and-bowel")
    signed_in.post("/my/evaluation/bladder-and-bowel/", ticked("saddle_numbness"))
    referred = Evaluation.objects.get(patient=patient)
    assert (referred.referral or {})["urgency"] == "emergency"
    # The patient throws the draft away and answers "none of these" everywhere.
    IntakeDraft.objects.filter(user=patient.user).delete()
    response = answer_all(signed_in)
    assert response["Location"] == "/my/referral/"
    assert not Program.objects.filter(patient=patient).exists()
    assert Evaluation.objects.filter(patient=patient).count() == 2  # the answers are kept
    page = signed_in.get("/my/referral/").content.decode()
    assert "emergency department now" in page
    assert "Your new answers are saved." in page
    assert signed_in.get("/my/program/")["Location"] == "/my/referral/"

    # A clinician records that it is safe to go on; the next evaluation builds a program.
    from backrehab.care.actions.evaluations import do_clear_referral

    clinician = personas.staff(patient.clinic, username="dana").user
    do_clear_referral(patient, by=clinician, reason="Seen in the emergency department: no CES.")
    assert signed_in.get("/my/program/")["Location"] == "/my/evaluation/"
    assert "Start the evaluation" in signed_in.get("/my/").content.decode()
    signed_in.get("/my/evaluation/?kind=intake")
    response = answer_all(signed_in)
    assert response["Location"] == "/my/program/"
    assert Program.objects.filter(patient=patient, is_active=True).exists()


def test_below_the_knee_on_both_sides_cannot_be_sent_with_no_nerve_pain_down_both_legs(
    signed_in, patient
):
    answer_all(signed_in, until="where")
    response = signed_in.post(
        "/my/evaluation/where/",
        {
            "location__area": "below-knee",
            "location__sides": "both",
            "location__nerve_symptoms": "yes",
        },
    )
    assert response.status_code == 200
    assert "but on the safety screen that nerve pain running down both legs does not apply" in (
        response.content.decode()
    )
    draft = IntakeDraft.objects.get(user=patient.user)
    assert "location" not in draft.answers
    # One side is consistent and goes on.
    response = signed_in.post(
        "/my/evaluation/where/",
        {
            "location__area": "below-knee",
            "location__sides": "one",
            "location__nerve_symptoms": "yes",
        },
    )
    assert response["Location"] == "/my/evaluation/how-long/"


def test_the_inconsistency_is_refused_at_the_finish_too(signed_in, patient):
    answer_all(signed_in, until="routine")
    draft = IntakeDraft.objects.get(user=patient.user)
    draft.answers["location"] = {"area": "below-knee", "sides": "both", "nerve_symptoms": True}
    draft.save()
    response = signed_in.post("/my/evaluation/routine/", screen_answers()["routine"])
    # Pain below both knees is bilateral sciatica whatever box was left unticked: the engine
    # refers at once (an emergency), which is safer than sending the patient back to fix it.
    assert response["Location"] == "/my/referral/"
    referral = Evaluation.objects.get().referral
    assert referral is not None and referral["urgency"] == "emergency"


def test_the_wizard_wording_fixes(signed_in):
    answer_all(signed_in, until="worse-better")
    page = signed_in.get("/my/evaluation/worse-better/").content.decode()
    eases = page[page.index("What eases your pain?") :]
    assert "Lifting" not in eases[: eases.index("How much activity brings your pain on?")]
    routine = signed_in.get("/my/evaluation/routine/").content.decode()
    assert "An exercise bike" in routine and "A weight to hold" in routine
    screen = signed_in.get("/my/evaluation/bladder-and-bowel/").content.decode()
    assert "arousal or orgasm" in screen


def test_a_surgery_ticked_asks_its_details(signed_in, patient):
    answer_all(signed_in, until="spine-operations")
    response = signed_in.post("/my/evaluation/spine-operations/", ticked("recent_spinal_procedure"))
    assert response.status_code == 200
    assert "Please answer: If you had an operation or injection: what was it?" in (
        response.content.decode()
    )
    signed_in.post(
        "/my/evaluation/spine-operations/",
        {
            **ticked("recent_spinal_procedure"),
            "surgery__procedure": "discectomy",
            "surgery__weeks_since": "8",
            "surgery__surgeon_cleared": "yes",
            "surgery__wound_problem": "no",
            "surgery__new_severe_pain": "no",
        },
    )
    draft = IntakeDraft.objects.get(user=patient.user)
    assert draft.answers["surgery"] == {
        "procedure": "discectomy",
        "weeks_since": 8,
        "surgeon_cleared": True,
        "wound_problem": False,
        "new_severe_pain": False,
    }


def test_a_double_submitted_last_step_shows_the_program_not_an_error(
    signed_in, patient, library_in_db
):
    answer_all(signed_in)
    again = signed_in.post("/my/evaluation/routine/", screen_answers()["routine"])
    assert again["Location"] == "/my/program/"
    assert Evaluation.objects.filter(patient=patient).count() == 1
