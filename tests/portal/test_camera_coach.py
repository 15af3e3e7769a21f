"""The camera coach on the server's side: what the session page gives the player (the tracking
model, where the pose model's files are), the policy that lets the page run it and nothing more,
the page's weight before the opt-in, and the session log's record of how reps were counted."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from pydantic import ValidationError

from backrehab.care.models import Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.progression import SessionLog as SessionRecord
from backrehab.clinical.progression import done_as_prescribed
from backrehab.operations.demo import seed_demo_clinic
from backrehab.portal import session_plan as session_plan_module

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[2] / "backrehab" / "static"
POSE_FILES = {
    "pose.js",
    "pose_landmark_lite.tflite",
    "pose_landmark_full.tflite",
    "pose_landmark_heavy.tflite",
    "pose_solution_packed_assets.data",  # the person detector
    "pose_solution_packed_assets_loader.js",
    "pose_solution_simd_wasm_bin.js",
    "pose_solution_simd_wasm_bin.wasm",
    "pose_solution_wasm_bin.js",
    "pose_solution_wasm_bin.wasm",
    "pose_web.binarypb",
}


def plan_in(text: str) -> dict:
    match = re.search(
        r'<script id="session-plan" type="application/json">(.*?)</script>', text, re.S
    )
    assert match, "the page embeds the session plan"
    return json.loads(match.group(1))


@pytest.fixture
def sam(client):
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-sam"))
    return Patient.objects.get(user__username="demo-sam")


def test_the_tracking_models_come_on_request_for_the_exercises_the_camera_counts(client, sam):
    plan = plan_in(client.get("/my/session/").text)
    assert all("motion" not in item for item in plan["items"]), "not in the page itself"
    response = client.get(plan["coach"]["models"])
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    models = response.json()["models"]
    assert models, "Sam's program has exercises the camera can count"
    items = {item["exercise"]: item for item in plan["items"]}
    for exercise, model in models.items():
        assert model["exercise"] == exercise and model["counted"] is True
        assert model["signals"] and model["required"]
        assert model["placement"]["en"] and model["placement"]["es"]
        assert model["per_side"] == items[exercise]["per_side"]  # at the program's dose
    for item in plan["items"]:
        if item["reps"] is None:
            assert item["exercise"] not in models, item["exercise"]


def test_a_patient_without_a_program_gets_no_models(client):
    from django.utils import timezone as tz

    from tests import personas

    newbie = personas.patient(
        personas.clinic("Clinic", "c"), None, "newbie", joined_on=tz.localdate()
    )
    client.force_login(newbie.user)
    assert client.get("/my/session/motion").json() == {"models": {}}


def test_the_pose_model_is_served_from_our_own_static_files(client, sam):
    coach = plan_in(client.get("/my/session/").text)["coach"]
    assert coach is not None, "@mediapipe/pose is installed (npm ci) and offered"
    assert set(coach["files"]) >= POSE_FILES
    assert coach["models"] == "/my/session/motion"
    for name, url in coach["files"].items():
        assert url.startswith("/static/vendor/mediapipe-pose/"), url
        assert finders.find(f"vendor/mediapipe-pose/{name}"), name
    # The landmark models and the detector are real files, not pointers to a download.
    lite = Path(str(finders.find("vendor/mediapipe-pose/pose_landmark_lite.tflite")))
    assert lite.stat().st_size > 1_000_000


def test_without_the_pose_model_no_camera_is_offered(client, sam, monkeypatch):
    monkeypatch.setattr(session_plan_module.finders, "find", lambda path: None)
    plan = plan_in(client.get("/my/session/").text)
    assert plan["coach"] is None


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def test_only_the_session_page_may_compile_webassembly_and_nothing_may_connect_out(client, sam):
    session = _directives(client.get("/my/session/")["Content-Security-Policy"])
    assert session["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert "'unsafe-eval'" not in session["script-src"]
    assert session["connect-src"] == ["'self'"]
    today = _directives(client.get("/my/")["Content-Security-Policy"])
    assert today["script-src"] == ["'self'"]
    assert today["connect-src"] == ["'self'"]


def _static_imports(path: Path, seen: set[Path]) -> None:
    """The module and everything it imports statically (import(...) loads later, on demand)."""
    if path in seen:
        return
    seen.add(path)
    text = path.read_text(encoding="utf-8")
    for name in re.findall(r'^\s*(?:import|export)\s[^;()]*?from\s+"(\.[^"]+)"', text, re.M):
        _static_imports((path.parent / name).resolve(), seen)


def test_the_page_weighs_at_most_150_kb_before_figures_until_the_camera_is_chosen(client, sam):
    html = client.get("/my/session/").text
    # The figures are counted apart (they are the exercises' own drawings).
    without_figures = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    files: set[Path] = set()
    for url in re.findall(r'(?:src|href)="/static/([^"]+\.(?:js|css))"', html):
        path = (STATIC / url).resolve()
        if url.endswith(".js"):
            _static_imports(path, files)
        else:
            files.add(path)
    names = {p.name for p in files}
    assert "player.js" in names and "coach.js" in names
    # Neither the camera code, nor the counter, nor the pose model load before the opt-in.
    assert not {"camera.js", "counter.js", "pose.js"} & names
    assert "vendor/mediapipe-pose" not in re.sub(
        r'<script id="session-plan".*?</script>', "", html, flags=re.S
    )
    weight = len(without_figures.encode()) + sum(p.stat().st_size for p in files)
    assert weight <= 150_000, f"{weight} bytes"


def _log_with(patient: Patient, **counting) -> dict:
    program = Program.objects.get(patient=patient, is_active=True)
    item = next(i for i in program.plan["items"] if i.get("reps"))
    exercise = {**done_as_prescribed(item, pain_during=2, effort=4), **counting}
    return {
        "client_id": str(uuid.uuid4()),
        "program": program.pk,
        "session": {
            "date": timezone.localdate().isoformat(),
            "pain_before": 3,
            "exercises": [exercise],
        },
    }


def _post(client: Client, body: dict):
    return client.post("/my/session/log", json.dumps(body), content_type="application/json")


def test_a_camera_counted_exercise_is_stored_with_its_source_and_range(client, sam):
    body = _log_with(
        sam, count_source="camera", reps_counted=20, full_range_reps=18, count_corrected=True
    )
    assert _post(client, body).status_code == 201
    stored = SessionLog.objects.get(client_id=body["client_id"]).data["exercises"][0]
    assert stored["count_source"] == "camera"
    assert (stored["reps_counted"], stored["full_range_reps"]) == (20, 18)
    assert stored["count_corrected"] is True


@pytest.mark.parametrize("source", ["tapped", "paced"])
def test_tapped_and_paced_counts_are_stored_too(client, sam, source):
    body = _log_with(sam, count_source=source, reps_counted=20)
    assert _post(client, body).status_code == 201
    stored = SessionLog.objects.get(client_id=body["client_id"]).data["exercises"][0]
    assert stored["count_source"] == source and stored["full_range_reps"] is None


def test_a_log_from_before_the_camera_coach_stays_valid(client, sam):
    body = _log_with(sam)
    assert "count_source" not in body["session"]["exercises"][0]
    assert _post(client, body).status_code == 201
    stored = SessionLog.objects.get(client_id=body["client_id"]).data["exercises"][0]
    assert stored["count_source"] is None and stored["count_corrected"] is False


@pytest.mark.parametrize(
    ("counting", "problem"),
    [
        ({"count_source": "guessed", "reps_counted": 3}, "count_source"),
        ({"count_source": "paced", "reps_counted": 10, "full_range_reps": 8}, "only the camera"),
        ({"count_source": "camera", "reps_counted": 5, "full_range_reps": 8}, "more than"),
        ({"reps_counted": 5}, "needs count_source"),
        ({"count_source": "camera", "reps_counted": -1}, "reps_counted"),
        ({"count_source": "camera", "reps_counted": 501}, "reps_counted"),
        ({"count_source": "camera", "reps_counted": "9"}, "reps_counted"),
    ],
)
def test_a_count_that_does_not_add_up_is_refused_with_a_clear_message(
    client, sam, counting, problem
):
    body = _log_with(sam, **counting)
    response = _post(client, body)
    assert response.status_code == 422
    assert problem in " ".join(response.json()["errors"])
    assert not SessionLog.objects.filter(client_id=body["client_id"]).exists()


def test_the_log_model_itself_checks_the_counts():
    base = {"exercise": "glute-bridge", "sets": 2, "reps": 10, "pain_during": 1, "effort": 3}
    session = {"date": "2026-01-05", "pain_before": 2}
    ok = {**base, "count_source": "camera", "reps_counted": 20, "full_range_reps": 20}
    assert SessionRecord.model_validate({**session, "exercises": [ok]}).exercises[0].reps_counted
    with pytest.raises(ValidationError):
        SessionRecord.model_validate(
            {**session, "exercises": [{**base, "full_range_reps": 3, "reps_counted": 3}]}
        )


def test_every_module_the_player_imports_is_kept_for_a_session_offline():
    from backrehab.portal.views.app import SHELL

    modules: set[Path] = set()
    _static_imports((STATIC / "backrehab" / "player.js").resolve(), modules)
    names = {str(p.relative_to(STATIC.resolve())) for p in modules}
    assert "backrehab/motion/coach.js" in names
    assert names <= set(SHELL), names - set(SHELL)
