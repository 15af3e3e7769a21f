"""The prescribing picker: find an exercise by name or alias and filters, see its warnings before
adding it, give it a note to the patient, a rest and times a day; the patient reads the note in
the program, the player and the handout. Templates are made from a program, edited, renamed and
deleted on the templates page."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from backrehab.audit.models import AuditEvent
from backrehab.care import prescribing
from backrehab.care.models import Program, ProgramTemplate
from backrehab.clinical.program import ProgramItem
from backrehab.exports.handout import handout_html
from backrehab.library.catalog import Catalog
from tests.workspace.conftest import active_program

pytestmark = pytest.mark.django_db

RISKY = "knee-to-chest"  # flexion-biased; the demo intake's leg pain spreads with bending forward
NOTE = "Keep the range small for the first week."


@pytest.fixture
def signed_in(client, people):
    client.force_login(people.me.user)
    return client


def post_data(items: list[dict], **extra: str) -> dict[str, str]:
    """The editor's fields for `items` (a plan's items), as the page sends them."""
    data = {
        "start": "current",
        "sessions_per_week": "3",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
    }
    for n, item in enumerate(items):
        for key in (
            "exercise",
            "sets",
            "reps",
            "hold_seconds",
            "duration_seconds",
            "times_per_day",
            "rest_seconds",
            "note",
        ):
            value = item.get(key)
            data[f"items-{n}-{key}"] = "" if value is None else str(value)
        if item.get("per_side"):
            data[f"items-{n}-per_side"] = "on"
    data.update(extra)
    return data


def rows_of(response) -> list[dict]:
    return [f.initial for f in response.context["formset"].forms]


def results_of(response) -> dict[str, dict]:
    return {r["slug"]: r for r in response.context["picker"].results}


def a_safe_exercise_to_add(alex) -> str:
    """An exercise not in Alex's program that nothing about her speaks against."""
    library = Catalog.for_clinic(alex.clinic_id).library()
    in_program = {i["exercise"] for i in active_program(alex).plan["items"]}
    candidates = [s for s in ("glute-bridge", "bird-dog", "band-row") if s not in in_program]
    warned = prescribing.candidate_warnings(alex, candidates, library)
    return next(slug for slug in candidates if not warned[slug])


# --- Finding an exercise --------------------------------------------------------------------------


def test_the_picker_finds_an_exercise_by_an_alias_with_its_thumbnail(signed_in, alex):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    response = signed_in.get(url, {"pick-q": "pointer"})  # an alias of the bird dog
    assert response.status_code == 200
    assert list(results_of(response)) == ["bird-dog"]
    body = response.content.decode()
    assert reverse("exercise-figure", args=["bird-dog", "peak"]) in body
    assert "Bird dog" in body


def test_the_filters_narrow_the_list_by_category_position_equipment_and_bias(signed_in, alex):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    catalog = Catalog.for_clinic(alex.clinic_id)
    response = signed_in.get(
        url, {"pick-category": "stretch", "pick-position": "supine", "pick-bias": "flexion"}
    )
    found = results_of(response)
    assert RISKY in found
    for slug in found:
        exercise = catalog[slug].original
        assert (exercise.category, exercise.position, exercise.bias) == (
            "stretch",
            "supine",
            "flexion",
        )
    with_band = results_of(signed_in.get(url, {"pick-equipment": "band"}))
    assert with_band and all("band" in catalog[slug].equipment for slug in with_band)
    broad = signed_in.get(url).context["picker"]
    assert broad.count == len(catalog.current()) and len(broad.results) < broad.count


def test_a_search_keeps_the_unsaved_edits_of_the_draft(signed_in, alex):
    items = active_program(alex).plan["items"]
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    edited = [{**items[0], "sets": 4, "note": NOTE}, *items[1:]]
    response = signed_in.post(url, post_data(edited, action="search", **{"pick-q": "bridge"}))
    assert response.status_code == 200
    first = rows_of(response)[0]
    assert (first["sets"], first["note"]) == (4, NOTE)
    assert len(rows_of(response)) == len(items)
    assert "glute-bridge" in results_of(response)


def test_a_bad_filter_is_named_and_the_page_still_lists(signed_in, alex):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    response = signed_in.get(url, {"pick-category": "juggling", "pick-q": "x" * 200})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert response.context["picker"].results  # the bad filters are left out, not fatal


# --- Warnings before adding -----------------------------------------------------------------------


def test_the_warning_is_shown_before_the_exercise_is_added(signed_in, alex):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    response = signed_in.get(url, {"pick-q": "knee hug"})  # an alias of knee to chest
    risky = results_of(response)[RISKY]
    assert risky["warnings"] and not risky["in_draft"]
    assert all(w.startswith("Knee to chest") for w in risky["warnings"])
    assert RISKY not in [r["exercise"] for r in rows_of(response)]
    body = response.content.decode()
    assert "Adding it will need a reason" in body and risky["warnings"][0] in body


def test_an_exercise_without_a_precaution_says_so_and_one_in_the_program_cannot_be_added_twice(
    signed_in, alex
):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    in_program = active_program(alex).plan["items"][0]["exercise"]
    response = signed_in.get(url, {"pick-q": Catalog.for_clinic(alex.clinic_id).name(in_program)})
    assert results_of(response)[in_program]["in_draft"]
    assert f'value="add-{in_program}"' not in response.content.decode()


def test_the_warnings_before_adding_are_in_the_clinicians_language(signed_in, alex):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    with translation.override("es"):
        response = signed_in.get(url, {"pick-q": "knee hug"}, HTTP_ACCEPT_LANGUAGE="es")
    body = response.content.decode()
    assert "Añadir un ejercicio" in body
    assert "va en contra de una precaución" in " ".join(results_of(response)[RISKY]["warnings"])


# --- A note, a rest and times a day ---------------------------------------------------------------


def test_the_note_and_rest_reach_the_program_page_the_player_and_the_handout(
    signed_in, client, alex, people
):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    items = active_program(alex).plan["items"]
    slug = a_safe_exercise_to_add(alex)
    added = signed_in.post(url, post_data(items, action=f"add-{slug}"))
    rows = rows_of(added)
    assert rows[-1]["exercise"] == slug
    rows[-1] = {**rows[-1], "note": NOTE, "rest_seconds": 45, "sets": 2}
    saved = signed_in.post(url, post_data(rows, action="save", reason="Add a bridge"))
    assert saved.status_code == 302, saved.context["problems"]
    program = active_program(alex)
    item = program.plan["items"][-1]
    assert (item["exercise"], item["note"], item["rest_seconds"]) == (slug, NOTE, 45)

    client.force_login(alex.user)
    assert NOTE in client.get(reverse("program")).content.decode()
    page = client.get(reverse("session")).content.decode()
    plan = json.loads(
        re.search(
            r'<script id="session-plan" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    played = {i["exercise"]: i for i in plan["items"]}
    assert (played[slug]["note"], played[slug]["rest_seconds"]) == (NOTE, 45)
    assert all(played[i["exercise"]]["note"] == "" for i in items)
    handout = handout_html(program, language="en")
    assert NOTE in handout and "rest 45 s between sets" in handout
    spanish = handout_html(program, language="es")
    assert NOTE in spanish and "De su fisioterapeuta:" in spanish
    assert "descansar 45 s entre series" in spanish


def test_times_a_day_is_offered_for_an_exercise_repeated_through_the_day_only(signed_in, alex):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    items = [i for i in active_program(alex).plan["items"] if not i.get("times_per_day")][:1]
    added = signed_in.post(url, post_data(items, action="add-prone-press-up"))
    rows = {r["slug"]: r for r in added.context["rows"]}
    assert rows["prone-press-up"]["daily"] and not rows[items[0]["exercise"]]["daily"]
    press_up = rows_of(added)[-1]
    library = Catalog.for_clinic(alex.clinic_id).library()
    assert press_up["times_per_day"] == library["prone-press-up"].dose.times_per_day
    body = added.content.decode()
    assert body.count('name="items-1-times_per_day"') == 1
    assert 'name="items-0-times_per_day"' not in body


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("note", "x" * 301, "at most 300 characters"),
        ("rest_seconds", "-5", "greater than or equal to 0"),
        ("rest_seconds", "a while", "Enter a whole number"),
        ("times_per_day", "40", "less than or equal to 12"),
    ],
)
def test_bad_extras_come_back_as_messages_not_errors(signed_in, alex, field, value, said):
    url = reverse("prescribe", kwargs={"patient_id": alex.pk})
    items = active_program(alex).plan["items"]
    response = signed_in.post(
        url, post_data(items, action="save", reason="x", **{f"items-0-{field}": value})
    )
    assert response.status_code == 200
    assert said in response.content.decode()
    assert Program.objects.filter(patient=alex).count() == 1


def test_an_old_program_without_notes_or_rests_still_plays_with_the_exercises_own_rest(
    client, alex
):
    program = active_program(alex)
    old_items = [
        {k: v for k, v in i.items() if k not in ("note", "rest_seconds")}
        for i in program.plan["items"]
    ]
    program.plan = {**program.plan, "items": old_items}
    program.save(update_fields=["plan"])
    assert all(ProgramItem.model_validate(i).note is None for i in old_items)
    client.force_login(alex.user)
    page = client.get(reverse("session")).content.decode()
    library = Catalog.for_clinic(alex.clinic_id).library()
    plan = json.loads(
        re.search(
            r'<script id="session-plan" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    for item in plan["items"]:
        assert item["rest_seconds"] == library[item["exercise"]].dose.rest_seconds
        assert item["note"] == ""


# --- Templates ------------------------------------------------------------------------------------


def test_a_template_is_made_from_a_patients_program_with_the_notes(signed_in, people, alex):
    program = active_program(alex)
    first = program.plan["items"][0]
    program.plan = {**program.plan, "items": [{**first, "note": NOTE}, *program.plan["items"][1:]]}
    program.save(update_fields=["plan"])
    record = signed_in.get(reverse("patient-record", kwargs={"patient_id": alex.pk}))
    link = f"{reverse('program-templates')}?patient={alex.pk}#from-program"
    assert link in record.content.decode()
    page = signed_in.get(reverse("program-templates"), {"patient": alex.pk})
    assert (alex.pk, "Alex Turner") in page.context["form"].fields["patient"].choices
    assert f'<option value="{alex.pk}" selected>' in page.content.decode()
    made = signed_in.post(
        reverse("template-from-program"),
        {"patient": str(alex.pk), "name": "Early disc", "description": "Weeks 1-3"},
    )
    assert made.status_code == 302
    template = ProgramTemplate.objects.get(clinic=people.clinic, name="Early disc")
    assert [i["exercise"] for i in template.items] == [i["exercise"] for i in program.plan["items"]]
    assert template.items[0]["note"] == NOTE and template.created_by == people.me.user
    assert AuditEvent.objects.filter(what__contains="'Early disc' made from a program").exists()
    again = signed_in.post(
        reverse("template-from-program"),
        {"patient": str(alex.pk), "name": "Early disc"},
        follow=True,
    )
    assert "already has a template named" in again.content.decode()
    assert ProgramTemplate.objects.filter(clinic=people.clinic).count() == 1


def test_a_template_from_another_clinics_patient_is_not_found(signed_in, people, alex):
    from tests.workspace.conftest import make_patient

    theirs = make_patient(people.other_clinic, people.stranger, "theirs")
    from tests import personas

    personas.evaluated(theirs)
    made = signed_in.post(
        reverse("template-from-program"), {"patient": str(theirs.pk), "name": "Stolen"}, follow=True
    )
    assert "Select a valid choice" in made.content.decode()
    assert not ProgramTemplate.objects.filter(name="Stolen").exists()


def test_a_template_is_edited_dose_note_and_items_with_the_picker(signed_in, people, alex):
    items = active_program(alex).plan["items"][:3]
    template = ProgramTemplate.objects.create(clinic=people.clinic, name="Three", items=items)
    url = reverse("template-edit", kwargs={"template_id": template.pk})
    page = signed_in.get(url, {"pick-q": "pointer"})
    assert page.status_code == 200 and "bird-dog" in results_of(page)
    assert not results_of(page)["bird-dog"]["warnings"]  # no patient: no precaution to check
    data = post_data(items, action="remove-2", description="Short start")
    del data["start"], data["sessions_per_week"]
    removed = signed_in.post(url, data)
    rows = rows_of(removed)
    assert [r["exercise"] for r in rows] == [i["exercise"] for i in items[:2]]
    rows[0] = {**rows[0], "sets": 3, "note": NOTE}
    data = post_data(rows, action="save", description="Short start")
    saved = signed_in.post(url, data)
    assert saved.status_code == 302
    template.refresh_from_db()
    assert [i["exercise"] for i in template.items] == [i["exercise"] for i in items[:2]]
    assert (template.items[0]["sets"], template.items[0]["note"]) == (3, NOTE)
    assert template.items[0]["reasons"] == items[0]["reasons"]  # why each was chosen stays
    assert template.description == "Short start"
    assert AuditEvent.objects.filter(what="program template 'Three' edited").exists()


def test_a_template_with_a_bad_dose_or_no_exercise_is_not_saved(signed_in, people, alex):
    items = active_program(alex).plan["items"][:2]
    template = ProgramTemplate.objects.create(clinic=people.clinic, name="Two", items=items)
    url = reverse("template-edit", kwargs={"template_id": template.pk})
    bad = post_data(items, action="save", **{"items-0-sets": "99"})
    response = signed_in.post(url, bad)
    assert response.status_code == 200 and "less than or equal to 10" in response.content.decode()
    empty = post_data([], action="save")
    response = signed_in.post(url, empty)
    assert "at least one exercise" in response.content.decode()
    template.refresh_from_db()
    assert template.items == items


def test_a_template_is_renamed_and_a_taken_or_empty_name_is_refused(signed_in, people, alex):
    items = active_program(alex).plan["items"][:2]
    one = ProgramTemplate.objects.create(clinic=people.clinic, name="One", items=items)
    ProgramTemplate.objects.create(clinic=people.clinic, name="Two", items=items)
    url = reverse("template-rename", kwargs={"template_id": one.pk})
    renamed = signed_in.post(url, {f"t{one.pk}-name": "  Back in   balance "}, follow=True)
    one.refresh_from_db()
    assert one.name == "Back in balance" and "is now called" in renamed.content.decode()
    assert AuditEvent.objects.filter(what__contains="renamed 'Back in balance'").exists()
    taken = signed_in.post(url, {f"t{one.pk}-name": "Two"}, follow=True)
    assert "already has a template named" in taken.content.decode()
    empty = signed_in.post(url, {f"t{one.pk}-name": " "}, follow=True)
    assert "Give the template a name" in empty.content.decode()
    one.refresh_from_db()
    assert one.name == "Back in balance"


def test_a_template_is_deleted_and_programs_from_it_stay(signed_in, people, alex):
    items = active_program(alex).plan["items"][:2]
    template = ProgramTemplate.objects.create(clinic=people.clinic, name="Gone", items=items)
    deleted = signed_in.post(
        reverse("template-delete", kwargs={"template_id": template.pk}), follow=True
    )
    assert "deleted" in deleted.content.decode()
    assert not ProgramTemplate.objects.filter(pk=template.pk).exists()
    assert AuditEvent.objects.filter(action="deleted", what="program template 'Gone'").exists()
    assert active_program(alex).plan["items"]


def test_another_clinics_template_cannot_be_edited_renamed_or_deleted(client, people, alex):
    theirs = ProgramTemplate.objects.create(clinic=people.other_clinic, name="Theirs", items=[])
    client.force_login(people.me.user)
    kwargs = {"template_id": theirs.pk}
    assert client.get(reverse("template-edit", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("template-rename", kwargs=kwargs), {}).status_code == 404
    assert client.post(reverse("template-delete", kwargs=kwargs)).status_code == 404
    assert ProgramTemplate.objects.filter(pk=theirs.pk, name="Theirs").exists()


def test_a_new_dose_keeps_the_note_and_rest_and_a_replacement_starts_without_them(alex):
    from backrehab.clinical.program import Program as EngineProgram
    from backrehab.clinical.progression.decisions import Decision, apply_decisions
    from backrehab.clinical.progression.ladder import DoseOut
    from backrehab.clinical.progression.rules import Kind

    plan = active_program(alex).plan
    first, second = plan["items"][:2]
    items = [{**first, "note": NOTE, "rest_seconds": 50}, {**second, "note": "Slowly."}]
    program = EngineProgram.model_validate({**plan, "items": items})
    dose = DoseOut(sets=2, reps=8, hold_seconds=None, duration_seconds=None, per_side=False)
    decisions = [
        Decision(
            exercise=first["exercise"],
            decision=Kind.PROGRESS,
            dose=dose,
            replacement=None,
            reasons=[],
        ),
        Decision(
            exercise=second["exercise"],
            decision=Kind.PROGRESS,
            dose=dose,
            replacement="glute-bridge",
            reasons=[],
        ),
    ]
    kept, replaced = apply_decisions(program, decisions)
    assert (kept["sets"], kept["note"], kept["rest_seconds"]) == (2, NOTE, 50)
    assert replaced["exercise"] == "glute-bridge"
    assert replaced["note"] is None and replaced["rest_seconds"] is None
