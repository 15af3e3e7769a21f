"""The clinician edits a program; warnings name the exercise and precaution; overriding needs a
reason; saving keeps the old version; templates round-trip."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backrehab.audit.models import AuditEvent
from backrehab.care import prescribing
from backrehab.care.models import Program, ProgramTemplate
from backrehab.clinical.intake import Intake
from backrehab.clinical.program import generate_program
from backrehab.library.catalog import Catalog
from tests.workspace.conftest import active_program

pytestmark = pytest.mark.django_db

RISKY = "knee-to-chest"  # flexion-biased; the demo intake's leg pain spreads with bending forward


def latest_answers(patient) -> dict:
    return patient.evaluations.latest("taken_at").answers


def post_data(program: Program, **extra: str) -> dict[str, str]:
    items = program.plan["items"]
    data = {
        "start": "current",
        "sessions_per_week": str(program.plan["sessions_per_week"]),
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
    }
    for n, item in enumerate(items):
        for key in ("exercise", "sets", "reps", "hold_seconds", "duration_seconds"):
            value = item.get(key)
            data[f"items-{n}-{key}"] = "" if value is None else str(value)
        if item.get("per_side"):
            data[f"items-{n}-per_side"] = "on"
    data.update(extra)
    return data


@pytest.fixture
def signed_in(client, people):
    client.force_login(people.me.user)
    return client


def test_a_flexion_exercise_warns_in_plain_words_naming_the_exercise_and_precaution(alex):
    library = Catalog.for_clinic(alex.clinic_id).library()
    draft = prescribing.from_program(active_program(alex))
    draft.items.append(prescribing.DraftItem(RISKY, sets=1, reps=5))
    warnings = prescribing.warnings(alex, draft, library)
    assert warnings and all(w.exercise == RISKY for w in warnings)
    assert any("Knee to chest" in w.text and "leg" in w.text for w in warnings)


def test_every_exercise_the_engine_leaves_out_warns_when_prescribed_and_no_other(alex):
    """The clinician is warned by the same rules that keep an exercise out of the engine's
    program: nothing the engine excludes slips through, and nothing it allows is flagged."""
    library = Catalog.for_clinic(alex.clinic_id).library()
    plan = generate_program(Intake.model_validate(latest_answers(alex)), library).program
    assert plan is not None
    excluded = {item.exercise: {r.rule for r in item.reasons} for item in plan.excluded}
    assert excluded
    for exercise in library:
        draft = prescribing.Draft(3, [prescribing.DraftItem(exercise, sets=1, reps=5)])
        flagged = {
            w.rule
            for w in prescribing.warnings(alex, draft, library)
            if w.rule not in {"dose-above-ladder", "stop-peripheralisation"}
        }
        assert flagged == excluded.get(exercise, set()), exercise


def test_a_dose_above_the_ladder_warns_and_an_impossible_dose_cannot_be_saved(alex):
    library = Catalog.for_clinic(alex.clinic_id).library()
    draft = prescribing.from_program(active_program(alex))
    draft.items[0].sets = 9
    assert any(w.rule == "dose-above-ladder" for w in prescribing.warnings(alex, draft, library))
    draft.items[0].sets = 11
    assert any("sets" in p for p in prescribing.problems(draft, library))


def test_saving_with_a_warning_needs_an_override_reason(alex, people):
    library = Catalog.for_clinic(alex.clinic_id).library()
    draft = prescribing.from_program(active_program(alex))
    draft.items.append(prescribing.DraftItem(RISKY, sets=1, reps=5))
    with pytest.raises(prescribing.PrescriptionInvalid) as refused:
        prescribing.save(
            alex,
            draft,
            by=people.me.user,
            reason="Adding a flexion stretch",
            overrides={},
            library=library,
        )
    assert any("Give a reason to go ahead" in p for p in refused.value.problems)
    assert Program.objects.filter(patient=alex).count() == 1


def test_the_page_saves_a_new_version_with_who_why_and_the_override_in_the_history(
    signed_in, people, alex
):
    old = active_program(alex)
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    added = signed_in.post(url, post_data(old, add_exercise=RISKY, action="add"))
    assert added.status_code == 200
    warnings = added.context["warnings"]
    assert warnings and "Knee to chest" in added.content.decode()
    data = post_data(old, action="save", reason="Flexion eases her morning stiffness")
    n = len(old.plan["items"])
    added_item = added.context["formset"].forms[-1].initial
    assert added_item["exercise"] == RISKY
    data["items-TOTAL_FORMS"] = str(n + 1)
    for key, value in added_item.items():
        if value not in (None, False):
            data[f"items-{n}-{key}"] = "on" if value is True else str(value)
    without_reason = signed_in.post(url, data)
    assert without_reason.status_code == 200 and "Give a reason to go ahead" in (
        without_reason.content.decode()
    )
    for w in warnings:
        data[f"override-{w['key']}"] = "Tested in clinic: centralises when supported"
    saved = signed_in.post(url, data)
    assert saved.status_code == 302, saved.context["problems"]
    new = active_program(alex)
    old.refresh_from_db()
    assert not old.is_active and new.pk != old.pk
    assert new.created_by == people.me.user and new.reason.startswith("Flexion eases")
    assert new.overrides[0]["exercise"] == RISKY and new.overrides[0]["reason"].startswith("Tested")
    assert new.plan["items"][-1]["exercise"] == RISKY
    assert AuditEvent.objects.filter(action="changed", patient_id=alex.pk).exists()
    record = signed_in.get(reverse("patient-record", kwargs={"patient_id": alex.pk}))
    body = record.content.decode()
    assert "Dana Okafor" in body and "Flexion eases her morning stiffness" in body
    assert "Added Knee to chest" in body and "Tested in clinic" in body


def test_buttons_move_and_remove_items_without_javascript(signed_in, alex):
    program = active_program(alex)
    first, second = (i["exercise"] for i in program.plan["items"][:2])
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    moved = signed_in.post(url, post_data(program, action="down-0"))
    assert [f.initial["exercise"] for f in moved.context["formset"].forms][:2] == [second, first]
    removed = signed_in.post(url, post_data(program, action="remove-0"))
    assert [f.initial["exercise"] for f in removed.context["formset"].forms][0] == second


def test_bad_numbers_come_back_as_messages_not_errors(signed_in, alex):
    program = active_program(alex)
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    response = signed_in.post(url, post_data(program, **{"items-0-sets": "lots", "action": "save"}))
    assert response.status_code == 200
    assert "Enter a whole number" in response.content.decode()
    assert Program.objects.filter(patient=alex).count() == 1


def test_starting_from_the_engine_or_a_template_fills_the_editor(signed_in, people, alex):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    engine = signed_in.get(url, {"start": "engine"})
    items = [f.initial["exercise"] for f in engine.context["formset"].forms]
    assert items == [i["exercise"] for i in active_program(alex).plan["items"]]
    template = ProgramTemplate.objects.create(
        clinic=people.clinic, name="Two", items=active_program(alex).plan["items"][:2]
    )
    chosen = signed_in.get(url, {"start": f"template-{template.pk}"})
    assert len(chosen.context["formset"].forms) == 2
    other = ProgramTemplate.objects.create(clinic=people.other_clinic, name="Theirs", items=[])
    theirs = signed_in.get(url, {"start": f"template-{other.pk}"})
    assert "not one of your clinic" in theirs.content.decode()


def test_a_template_saved_from_the_page_starts_the_next_prescription(signed_in, people, alex):
    program = active_program(alex)
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    data = post_data(
        program, action="template", template_title="Disc, early", template_description="Week 1-3"
    )
    assert signed_in.post(url, data).status_code == 200
    template = ProgramTemplate.objects.get(clinic=people.clinic, name="Disc, early")
    assert template.created_by == people.me.user
    assert [i["exercise"] for i in template.items] == [i["exercise"] for i in program.plan["items"]]
    listed = signed_in.get(reverse("program-templates"))
    assert "Disc, early" in listed.content.decode()
    again = signed_in.get(url, {"start": f"template-{template.pk}"})
    doses = [
        (f.initial["exercise"], f.initial["sets"], f.initial["reps"])
        for f in again.context["formset"].forms
    ]
    assert doses == [(i["exercise"], i["sets"], i["reps"]) for i in program.plan["items"]]


def test_warnings_are_said_in_the_clinicians_language_with_the_exercise_name(alex):
    from django.utils import translation

    from backrehab.workspace.prescribe_text import warning_text

    draft = prescribing.from_program(active_program(alex))
    draft.items[0].sets = 9
    draft.items.append(prescribing.DraftItem(RISKY, sets=1, reps=5))
    library = Catalog.for_clinic(alex.clinic_id).library()
    with translation.override("es"):
        names = Catalog.for_clinic(alex.clinic_id, "es").names()
        said = [
            (w.rule, w.exercise, warning_text(w, names))
            for w in prescribing.warnings(alex, draft, library)
        ]
    assert names[RISKY] != library[RISKY].name  # the Spanish name
    doses = [(e, t) for rule, e, t in said if rule == "dose-above-ladder"]
    assert (draft.items[0].exercise, names[draft.items[0].exercise]) in [
        (e, t.split(":")[0]) for e, t in doses
    ]
    assert any("9 series (máximo" in t for _e, t in doses)
    precautions = [t for rule, e, t in said if e == RISKY and rule != "dose-above-ladder"]
    assert precautions and all(
        t.startswith(names[RISKY]) and "va en contra de una precaución" in t for t in precautions
    )
