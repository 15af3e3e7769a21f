"""A patient's record as HL7 FHIR R4: one Bundle per patient, NDJSON for a whole clinic.

The mapping (which row becomes which resource, the codes, the exercise-dose extension) is
documented in docs/fhir.md; change the two together. Resources are built as plain JSON dicts and
then parsed by the `fhir.resources` R4B models (identical to R4 for every resource used here), so
nothing leaves this module that a FHIR parser would refuse.

Ids are uuid5 of the row they come from, so exporting twice gives the same ids and an EHR can
update rather than duplicate.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from backrehab.care.models import Evaluation, Program, ProgramProposal, SessionLog
from backrehab.clinic.models import Clinic, Patient, StaffMember
from backrehab.clinical.questionnaires import ODI_SECTIONS, STARTBACK_TOPICS
from backrehab.clinical.red_flags import Urgency
from backrehab.clinical.settings import DEFAULT_SETTINGS
from backrehab.library.catalog import Catalog
from backrehab.library.queries import item_dose_words

Json = dict[str, Any]

FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"

BASE = "https://backrehab.org/fhir"
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

EXERCISE_THERAPY = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
PATIENT_REFERRAL = {"system": SNOMED, "code": "3457005", "display": "Patient referral"}

# backrehab's own namespace, for what no standard code system covers (docs/fhir.md).
EXERCISE_SYSTEM = f"{BASE}/CodeSystem/exercise"
SCORE_SYSTEM = f"{BASE}/CodeSystem/score"
RED_FLAG_SYSTEM = f"{BASE}/CodeSystem/red-flag-rule"
BOTHERSOMENESS_SYSTEM = f"{BASE}/CodeSystem/startback-bothersomeness"
GOAL_SYSTEM = f"{BASE}/CodeSystem/goal"
PATIENT_ID_SYSTEM = f"{BASE}/sid/patient"
DOSE_EXTENSION = f"{BASE}/StructureDefinition/exercise-dose"
QUESTIONNAIRES = {
    "odi": f"{BASE}/Questionnaire/odi",
    "startback": f"{BASE}/Questionnaire/startback",
    "rmdq": f"{BASE}/Questionnaire/rmdq",
    "nprs": f"{BASE}/Questionnaire/nprs",
    "psfs": f"{BASE}/Questionnaire/psfs",
}

# LOINC, clinical-rules.md section 6.
ODI_PANEL = "97908-8"
ODI_SCORE = "97909-6"
STARTBACK_PANEL = "91349-1"
STARTBACK_TOTAL = "91351-7"
STARTBACK_DISTRESS = "91350-9"
STARTBACK_RISK = "91352-5"
PAIN_SEVERITY = "72514-3"
STARTBACK_RISK_ANSWERS = {
    "low": ("LA9194-7", "Low risk"),
    "medium": ("LA8982-6", "Medium risk"),
    "high": ("LA9193-9", "High risk"),
}

# The engine's urgency (red_flags.Urgency) -> ServiceRequest.priority. FHIR's scale runs
# routine < urgent < asap < stat; "soon" (a doctor within days) is FHIR's "urgent".
REFERRAL_PRIORITY = {
    Urgency.EMERGENCY: "stat",
    Urgency.URGENT: "asap",
    Urgency.SOON: "urgent",
    Urgency.ROUTINE: "routine",
}
REFERRAL_TEXT = {
    Urgency.EMERGENCY: "Emergency department now",
    Urgency.URGENT: "See a doctor the same day",
    Urgency.SOON: "See a doctor within days",
    Urgency.ROUTINE: "Mention at the next routine appointment",
}

GENDER = {"female": "female", "male": "male", "intersex": "other", "not-stated": "unknown"}


# --- ids and references -------------------------------------------------------------------------


def resource_id(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join([kind, *map(str, parts)])))


def reference(resource_type: str, rid: str) -> Json:
    """A reference inside a bundle (urn:uuid, matching the entry's fullUrl). `type` lets the
    NDJSON export turn it into the relative "Patient/<id>" form bulk data uses."""
    return {"reference": f"urn:uuid:{rid}", "type": resource_type}


def ref(resource: Json) -> Json:
    return reference(resource["resourceType"], resource["id"])


def relative_references(value: Any) -> Any:
    """The same resource with every bundle reference written as "<type>/<id>"."""
    if isinstance(value, dict):
        if "type" in value and str(value.get("reference", "")).startswith("urn:uuid:"):
            return {**value, "reference": f"{value['type']}/{value['reference'][9:]}"}
        return {key: relative_references(item) for key, item in value.items()}
    if isinstance(value, list):
        return [relative_references(item) for item in value]
    return value


def _instant(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _coding(system: str, code: str, display: str) -> Json:
    return {"system": system, "code": code, "display": display}


def _concept(system: str, code: str, display: str) -> Json:
    return {"coding": [_coding(system, code, display)], "text": display}


SURVEY = [_concept(OBSERVATION_CATEGORY, "survey", "Survey")]


# --- people and the clinic ----------------------------------------------------------------------


def organization(clinic: Clinic) -> Json:
    return {
        "resourceType": "Organization",
        "id": resource_id("organization", clinic.pk),
        "identifier": [{"system": f"{BASE}/sid/clinic", "value": clinic.slug}],
        "active": True,
        "name": clinic.name,
    }


def _human_name(user: Any) -> Json:
    name: Json = {"text": str(user.get_full_name() or user.get_username())}
    if user.last_name:
        name["family"] = user.last_name
    if user.first_name:
        name["given"] = [user.first_name]
    return name


def practitioner(user: Any) -> Json:
    return {
        "resourceType": "Practitioner",
        "id": resource_id("practitioner", user.pk),
        "active": user.is_active,
        "name": [_human_name(user)],
    }


def patient_resource(patient: Patient, latest: Evaluation | None, clinic: Json) -> Json:
    user = patient.user
    resource: Json = {
        "resourceType": "Patient",
        "id": resource_id("patient", patient.pk),
        "identifier": [
            {"system": PATIENT_ID_SYSTEM, "value": f"{patient.clinic.slug}/{patient.pk}"}
        ],
        "active": user.is_active,
        "name": [_human_name(user)],
        "managingOrganization": ref(clinic),
    }
    if user.email:
        resource["telecom"] = [{"system": "email", "value": user.email}]
    if latest is not None and latest.answers.get("sex") in GENDER:
        resource["gender"] = GENDER[latest.answers["sex"]]
    if patient.clinician is not None:
        resource["generalPractitioner"] = [
            reference("Practitioner", resource_id("practitioner", patient.clinician.user_id))
        ]
    if patient.language:
        resource["communication"] = [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": patient.language}]}}
        ]
    return resource


# --- evaluations: questionnaire responses and scores --------------------------------------------


def _response(evaluation: Evaluation, instrument: str, items: list[Json], subject: Json) -> Json:
    return {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id("questionnaire-response", evaluation.pk, instrument),
        "questionnaire": QUESTIONNAIRES[instrument],
        "status": "completed",
        "subject": subject,
        "authored": _instant(evaluation.taken_at),
        "item": items,
    }


def _observation(
    evaluation: Evaluation,
    key: str,
    code: Json,
    subject: Json,
    derived_from: Json,
    **value: Any,
) -> Json:
    return {
        "resourceType": "Observation",
        "id": resource_id("observation", evaluation.pk, key),
        "status": "final",
        "category": SURVEY,
        "code": code,
        "subject": subject,
        "effectiveDateTime": _instant(evaluation.taken_at),
        "derivedFrom": [derived_from],
        **value,
    }


def _loinc(code: str, display: str) -> Json:
    return _concept(LOINC, code, display)


def _score_code(code: str, display: str) -> Json:
    return _concept(SCORE_SYSTEM, code, display)


def evaluation_resources(evaluation: Evaluation, subject: Json) -> list[Json]:
    """QuestionnaireResponses for each instrument answered and an Observation for each score."""
    answers, scores = evaluation.answers, evaluation.scores
    out: list[Json] = []

    pain = answers["pain"]
    nprs = _response(
        evaluation,
        "nprs",
        [
            {"linkId": key, "text": text, "answer": [{"valueInteger": pain[key]}]}
            for key, text in (("now", "Pain now"), ("best", "Least pain"), ("worst", "Worst pain"))
        ],
        subject,
    )
    out.append(nprs)
    out.append(
        _observation(
            evaluation,
            "nprs",
            _loinc(PAIN_SEVERITY, "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
            subject,
            ref(nprs),
            valueInteger=pain["now"],
        )
    )

    if answers.get("odi") and scores.get("odi"):
        odi = _response(
            evaluation,
            "odi",
            [
                {
                    "linkId": key,
                    "text": title,
                    "answer": [{"valueInteger": value} for value in answers["odi"][key]],
                }
                for key, title in ODI_SECTIONS.items()
                if answers["odi"].get(key) is not None
            ],
            subject,
        )
        score = _observation(
            evaluation,
            "odi-score",
            _loinc(ODI_SCORE, "Oswestry Disability Index score"),
            subject,
            ref(odi),
            valueQuantity={
                "value": scores["odi"]["percent"],
                "unit": "%",
                "system": UCUM,
                "code": "%",
            },
        )
        panel = _observation(
            evaluation,
            "odi-panel",
            _loinc(ODI_PANEL, "Oswestry Disability Index panel"),
            subject,
            ref(odi),
            hasMember=[ref(score)],
        )
        out += [odi, panel, score]

    if answers.get("startback") and scores.get("startback"):
        sb_answers, sb = answers["startback"], scores["startback"]
        items = [
            {"linkId": str(n), "text": topic, "answer": [{"valueBoolean": sb_answers[key]}]}
            for n, (key, topic) in enumerate(STARTBACK_TOPICS.items(), start=1)
            if key != "bothersomeness"
        ]
        bother = sb_answers["bothersomeness"]
        items.append(
            {
                "linkId": "9",
                "text": STARTBACK_TOPICS["bothersomeness"],
                "answer": [
                    {
                        "valueCoding": _coding(
                            BOTHERSOMENESS_SYSTEM, bother, bother.replace("-", " ").capitalize()
                        )
                    }
                ],
            }
        )
        response = _response(evaluation, "startback", items, subject)
        total = _observation(
            evaluation,
            "startback-total",
            _loinc(STARTBACK_TOTAL, "STarT Back Screening Tool total score"),
            subject,
            ref(response),
            valueInteger=sb["total"],
        )
        distress = _observation(
            evaluation,
            "startback-distress",
            _loinc(STARTBACK_DISTRESS, "STarT Back Screening Tool psychosocial subscore"),
            subject,
            ref(response),
            valueInteger=sb["distress"],
        )
        code, display = STARTBACK_RISK_ANSWERS[sb["risk"]]
        risk = _observation(
            evaluation,
            "startback-risk",
            _loinc(STARTBACK_RISK, "STarT Back Screening Tool risk category"),
            subject,
            ref(response),
            valueCodeableConcept=_concept(LOINC, code, display),
            note=[{"text": sb["approach"]}],
        )
        panel = _observation(
            evaluation,
            "startback-panel",
            _loinc(STARTBACK_PANEL, "STarT Back Screening Tool panel"),
            subject,
            ref(response),
            hasMember=[ref(total), ref(distress), ref(risk)],
        )
        out += [response, panel, total, distress, risk]

    if answers.get("rmdq") is not None and scores.get("rmdq"):
        ticked = set(answers["rmdq"])
        response = _response(
            evaluation,
            "rmdq",
            [{"linkId": str(n), "answer": [{"valueBoolean": n in ticked}]} for n in range(1, 25)],
            subject,
        )
        out += [
            response,
            _observation(
                evaluation,
                "rmdq-score",
                _score_code("rmdq", "Roland-Morris Disability Questionnaire score"),
                subject,
                ref(response),
                valueInteger=scores["rmdq"]["score"],
            ),
        ]

    if answers.get("psfs") and scores.get("psfs"):
        response = _response(
            evaluation,
            "psfs",
            [
                {
                    "linkId": f"activity-{n}",
                    "text": activity["activity"],
                    "answer": [{"valueInteger": activity["score"]}],
                }
                for n, activity in enumerate(answers["psfs"], start=1)
            ],
            subject,
        )
        out += [
            response,
            _observation(
                evaluation,
                "psfs-mean",
                _score_code("psfs-mean", "Patient-Specific Functional Scale mean score"),
                subject,
                ref(response),
                valueQuantity={
                    "value": scores["psfs"]["mean"],
                    "unit": "{score}",
                    "system": UCUM,
                    "code": "{score}",
                },
            ),
        ]

    if evaluation.referral:
        out.append(referral_request(evaluation, subject))
    return out


def referral_request(evaluation: Evaluation, subject: Json) -> Json:
    """The referral the red-flag screen asked for, at the engine's urgency."""
    referral = evaluation.referral or {}
    urgency = Urgency(referral["urgency"])
    return {
        "resourceType": "ServiceRequest",
        "id": resource_id("referral", evaluation.pk),
        "status": "active",
        # Made by the screening rules, not signed by a clinician: a proposal for them to act on.
        "intent": "proposal",
        "priority": REFERRAL_PRIORITY[urgency],
        "code": {"coding": [PATIENT_REFERRAL], "text": REFERRAL_TEXT[urgency]},
        "subject": subject,
        "authoredOn": _instant(evaluation.taken_at),
        "reasonCode": [
            _concept(RED_FLAG_SYSTEM, reason["rule"], reason["text"])
            for reason in referral.get("reasons", [])
        ],
        "patientInstruction": " ".join(r["text"] for r in referral.get("reasons", [])[:1]),
    }


# --- goals --------------------------------------------------------------------------------------


def goals(evaluation: Evaluation, subject: Json) -> list[Json]:
    """What the patient wants back, from their latest evaluation: each PSFS activity, less pain,
    and the goals they ticked. Targets are the minimal clinically important change."""
    answers = evaluation.answers
    start = timezone.localtime(evaluation.taken_at).date().isoformat()
    common = {
        "resourceType": "Goal",
        "lifecycleStatus": "active",
        "subject": subject,
        "startDate": start,
        "expressedBy": subject,
    }
    out: list[Json] = []
    for n, activity in enumerate(answers.get("psfs") or [], start=1):
        target = min(10, activity["score"] + DEFAULT_SETTINGS.mcid_psfs_item)
        out.append(
            {
                **common,
                "id": resource_id("goal", evaluation.pk, f"psfs-{n}"),
                "description": {
                    "text": f"{activity['activity']} (rated {activity['score']}/10 now; "
                    "10 = able to do as before)"
                },
                "target": [
                    {
                        "measure": _score_code(
                            "psfs-item", "Patient-Specific Functional Scale item"
                        ),
                        "detailInteger": target,
                    }
                ],
            }
        )
    now = answers["pain"]["now"]
    if now > 0:
        out.append(
            {
                **common,
                "id": resource_id("goal", evaluation.pk, "pain"),
                "description": {"text": "Less pain"},
                "target": [
                    {
                        "measure": _loinc(
                            PAIN_SEVERITY, "Pain severity - 0-10 verbal numeric rating"
                        ),
                        "detailRange": {
                            "high": {"value": max(0, now - DEFAULT_SETTINGS.mcid_nprs)}
                        },
                    }
                ],
            }
        )
    for goal in answers.get("goals") or []:
        if goal == "less-pain" and now > 0:
            continue  # already there, with its target
        display = goal.replace("-", " ")
        out.append(
            {
                **common,
                "id": resource_id("goal", evaluation.pk, goal),
                "description": {
                    "coding": [_coding(GOAL_SYSTEM, goal, display)],
                    "text": display.capitalize(),
                },
            }
        )
    if answers.get("goal_notes"):
        out.append(
            {
                **common,
                "id": resource_id("goal", evaluation.pk, "own-words"),
                "description": {"text": answers["goal_notes"]},
            }
        )
    return out


# --- programs -----------------------------------------------------------------------------------


def dose_extension(item: Json, sessions_per_week: int) -> Json:
    """The prescription FHIR has no element for (docs/fhir.md, "exercise-dose")."""
    parts: list[Json] = [{"url": "sets", "valueInteger": item["sets"]}]
    for key, url in (
        ("reps", "reps"),
        ("hold_seconds", "holdSeconds"),
        ("duration_seconds", "durationSeconds"),
        ("rest_seconds", "restSeconds"),
        ("times_per_day", "timesPerDay"),
    ):
        if item.get(key) is not None:
            parts.append({"url": url, "valueInteger": int(item[key])})
    parts.append({"url": "perSide", "valueBoolean": bool(item.get("per_side"))})
    parts.append({"url": "sessionsPerWeek", "valueInteger": sessions_per_week})
    return {"url": DOSE_EXTENSION, "extension": parts}


def program_resources(
    program: Program,
    subject: Json,
    names: dict[str, str],
    goal_refs: list[Json],
    previous: Program | None,
    approved_from: ProgramProposal | None = None,
) -> list[Json]:
    """A CarePlan for the program and a ServiceRequest for each exercise in it (`basedOn` the
    proposal a clinician approved to make it, if any)."""
    plan = program.plan
    status = "active" if program.is_active else "revoked"
    per_week = int(plan.get("sessions_per_week", 1))
    care_plan: Json = {
        "resourceType": "CarePlan",
        "id": resource_id("care-plan", program.pk),
        "status": status,
        "intent": "plan",
        "category": [{"coding": [EXERCISE_THERAPY], "text": "Exercise therapy"}],
        "title": "Home exercise program for low back pain",
        "description": program.reason or "Home exercise program",
        "subject": subject,
        "created": _instant(program.created_at),
        "period": {"start": _instant(program.created_at)},
    }
    creator = program.created_by
    if creator is not None and hasattr(creator, "staff"):
        care_plan["author"] = reference("Practitioner", resource_id("practitioner", creator.pk))
    if previous is not None:
        care_plan["replaces"] = [reference("CarePlan", resource_id("care-plan", previous.pk))]
    if approved_from is not None:
        care_plan["basedOn"] = [reference("CarePlan", resource_id("proposal", approved_from.pk))]
    if goal_refs:
        care_plan["goal"] = goal_refs
    notes = [
        f"{change.get('exercise', '')}: {change.get('decision', '')} - "
        + "; ".join(r.get("text", "") for r in change.get("reasons", []))
        for change in program.changes
    ] + [
        f"Safety warning overridden for {o.get('exercise', '')}: {o.get('warning', '')} "
        f"Reason: {o.get('reason', '')}"
        for o in program.overrides
    ]
    if notes:
        care_plan["note"] = [{"text": note} for note in notes]

    return _with_requests(
        care_plan,
        plan,
        names,
        per_week,
        subject,
        status=status,
        intent="plan",
        id_prefix="exercise",
        owner=program.pk,
        authored=program.created_at,
    )


# --- proposals ----------------------------------------------------------------------------------

# A re-assessment's larger change waits for the clinician (ProgramProposal): a CarePlan with
# intent "proposal". Waiting it is a draft; approved, its work is done (the program version it
# became is the active CarePlan, `basedOn` it); rejected or replaced by a later re-assessment, it
# is revoked.
PROPOSAL_STATUS = {
    ProgramProposal.Status.PENDING: "draft",
    ProgramProposal.Status.APPROVED: "completed",
    ProgramProposal.Status.REJECTED: "revoked",
    ProgramProposal.Status.SUPERSEDED: "revoked",
}
PROPOSAL_DECISION = {
    ProgramProposal.Status.PENDING: "Waiting for the clinician's decision.",
    ProgramProposal.Status.APPROVED: "Approved",
    ProgramProposal.Status.REJECTED: "Rejected",
    ProgramProposal.Status.SUPERSEDED: "Replaced by a later re-assessment",
}
CHANGE_WORDS = {
    "add": "add",
    "remove": "remove",
    "pathway": "new stratified pathway",
    "referral": "new referral note",
}


def _change_note(change: Json, names: dict[str, str]) -> str:
    exercise = str(change.get("exercise") or "")
    what = CHANGE_WORDS.get(str(change.get("decision", "")), str(change.get("decision", "")))
    head = f"{what} {names.get(exercise, exercise)}".strip()
    why = "; ".join(str(r.get("text", "")) for r in change.get("reasons", []) if r.get("text"))
    return f"{head}: {why}" if why else head


def proposal_resources(
    proposal: ProgramProposal, subject: Json, names: dict[str, str]
) -> list[Json]:
    """A CarePlan (intent proposal) for a re-assessment's larger change and a ServiceRequest
    (intent proposal) for each exercise of the proposed program."""
    status = PROPOSAL_STATUS[ProgramProposal.Status(proposal.status)]
    plan = proposal.plan if isinstance(proposal.plan, dict) else {}
    per_week = int(plan.get("sessions_per_week") or 1)
    care_plan: Json = {
        "resourceType": "CarePlan",
        "id": resource_id("proposal", proposal.pk),
        "status": status,
        "intent": "proposal",
        "category": [{"coding": [EXERCISE_THERAPY], "text": "Exercise therapy"}],
        "title": "Proposed change to the home exercise program",
        "description": "A re-assessment suggests this larger change; the program in force "
        "continues until a clinician approves or rejects it.",
        "subject": subject,
        "created": _instant(proposal.created_at),
        # Approved, it would replace the program version in force at the re-assessment.
        "replaces": [reference("CarePlan", resource_id("care-plan", proposal.program_id))],
    }
    decided_by = proposal.decided_by
    if decided_by is not None and hasattr(decided_by, "staff"):
        care_plan["author"] = reference("Practitioner", resource_id("practitioner", decided_by.pk))
    decision = PROPOSAL_DECISION[ProgramProposal.Status(proposal.status)]
    if proposal.decided_at is not None:
        decision += f" on {timezone.localtime(proposal.decided_at).date().isoformat()}"
        if decided_by is not None:
            decision += f" by {decided_by.get_full_name() or decided_by.get_username()}"
        decision += "."
    if proposal.decision_note:
        decision += f" {proposal.decision_note}"
    care_plan["note"] = [
        *({"text": _change_note(c, names)} for c in proposal.changes if isinstance(c, dict)),
        {"text": decision},
    ]
    return _with_requests(
        care_plan,
        plan,
        names,
        per_week,
        subject,
        status=status,
        intent="proposal",
        id_prefix="proposed-exercise",
        owner=proposal.pk,
        authored=proposal.created_at,
    )


def _with_requests(
    care_plan: Json,
    plan: Mapping[str, Any],
    names: Mapping[str, str],
    per_week: int,
    subject: Json,
    *,
    status: str,
    intent: str,
    id_prefix: str,
    owner: int,
    authored: Any,
) -> list[Json]:
    """The care plan and one ServiceRequest per exercise of `plan` (a program or a proposal)."""
    requests: list[Json] = []
    for position, item in enumerate(plan.get("items", []), start=1):
        slug = str(item["exercise"])
        name = names.get(slug, slug)
        request: Json = {
            "resourceType": "ServiceRequest",
            "id": resource_id(id_prefix, owner, position, slug),
            "extension": [dose_extension(item, per_week)],
            "basedOn": [ref(care_plan)],
            "status": status,
            "intent": intent,
            "category": [{"coding": [EXERCISE_THERAPY], "text": "Exercise therapy"}],
            "code": {"coding": [_coding(EXERCISE_SYSTEM, slug, name)], "text": name},
            "subject": subject,
            "occurrenceTiming": {
                "repeat": {"frequency": per_week, "period": 1, "periodUnit": "wk"}
            },
            "authoredOn": _instant(authored),
            "patientInstruction": f"{item_dose_words(item)}, {per_week} times a week",
        }
        note = str(item.get("note") or "").strip()
        if note:
            # The clinician's own words to the patient ("keep the range small for the first
            # week"): part of what the patient is told, and kept as the request's note.
            request["patientInstruction"] += f". {note}"
            request["note"] = [{"text": note}]
        reasons = [r.get("text", "") for r in item.get("reasons", []) if r.get("text")]
        if reasons:
            request["reasonCode"] = [{"text": text} for text in reasons]
        requests.append(request)
    care_plan["activity"] = [{"reference": ref(r)} for r in requests]
    return [care_plan, *requests]


# --- sessions -----------------------------------------------------------------------------------


def _exercise_line(done: Json, names: dict[str, str]) -> str:
    name = names.get(done["exercise"], done["exercise"])
    amount = (
        f"{done['sets']} x {done['reps']}"
        if done.get("reps") is not None
        else (f"{done['sets']} x {done.get('duration_seconds') or 0} s")
    )
    if done.get("hold_seconds"):
        amount += f", hold {done['hold_seconds']} s"
    line = f"{name}: {amount}; pain {done['pain_during']}/10, effort {done['effort']}/10"
    if done.get("peripheralised"):
        line += "; pain spread down the leg"
    return line


def session_procedure(log: SessionLog, subject: Json, names: dict[str, str]) -> Json:
    """A completed session as a Procedure (what was done, by whom, when, how it went)."""
    data = log.data
    notes = [_exercise_line(done, names) for done in data.get("exercises", [])]
    notes += [
        f"Skipped {names.get(s['exercise'], s['exercise'])}"
        + (f": {s['reason']}" if s.get("reason") else "")
        for s in data.get("skipped", [])
    ]
    pain = f"Pain before {data['pain_before']}/10"
    if data.get("pain_after") is not None:
        pain += f", after {data['pain_after']}/10"
    if data.get("next_morning_pain") is not None:
        pain += f", next morning {data['next_morning_pain']}/10"
    notes.insert(0, pain)
    if data.get("note"):
        notes.append(f"Patient's note: {data['note']}")
    return {
        "resourceType": "Procedure",
        "id": resource_id("session", log.client_id),
        "basedOn": [reference("CarePlan", resource_id("care-plan", log.program_id))],
        "status": "completed",
        "category": {"coding": [EXERCISE_THERAPY], "text": "Exercise therapy"},
        "code": {"coding": [EXERCISE_THERAPY], "text": "Home exercise session"},
        "subject": subject,
        "performedDateTime": log.performed_on.isoformat(),
        "performer": [{"actor": subject}],
        "note": [{"text": text} for text in notes],
    }


# --- putting a patient together -----------------------------------------------------------------


def exercise_names(clinic: Clinic | int) -> dict[str, str]:
    """The names the export writes: as the exercise files have them, from the clinic's catalog."""
    return Catalog.for_clinic(clinic, "en").names()


def patient_resources(
    patient: Patient,
    evaluations: Iterable[Evaluation],
    programs: Iterable[Program],
    logs: Iterable[SessionLog],
    clinic: Json,
    names: dict[str, str],
    proposals: Iterable[ProgramProposal] = (),
) -> Iterator[Json]:
    """The patient's own resources (not the Organization or Practitioners they refer to)."""
    by_date = sorted(evaluations, key=lambda e: e.taken_at)
    latest = by_date[-1] if by_date else None
    person = patient_resource(patient, latest, clinic)
    subject = ref(person)
    yield person
    for evaluation in by_date:
        yield from evaluation_resources(evaluation, subject)
    wanted = goals(latest, subject) if latest is not None else []
    yield from wanted
    by_time = sorted(proposals, key=lambda p: (p.created_at, p.pk))
    became = {p.result_id: p for p in by_time if p.result_id is not None}
    previous: Program | None = None
    for program in sorted(programs, key=lambda p: p.created_at):
        refs = [ref(g) for g in wanted] if program.is_active else []
        yield from program_resources(
            program, subject, names, refs, previous, became.get(program.pk)
        )
        previous = program
    for proposal in by_time:
        yield from proposal_resources(proposal, subject, names)
    for log in sorted(logs, key=lambda entry: (entry.performed_on, entry.received_at)):
        yield session_procedure(log, subject, names)


def validated(resource: Json) -> Json:
    """The resource as a FHIR R4 parser reads it back (raises if it is not valid FHIR)."""
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    result: Json = json.loads(model.model_dump_json())
    return result


def _practitioners_for(
    patient: Patient, programs: Iterable[Program], proposals: Iterable[ProgramProposal] = ()
) -> list[Any]:
    users: dict[int, Any] = {}
    if patient.clinician is not None:
        users[patient.clinician.user.pk] = patient.clinician.user
    deciders = [p.decided_by for p in proposals]
    for user in [*(program.created_by for program in programs), *deciders]:
        if user is not None and hasattr(user, "staff"):
            users[user.pk] = user
    return [users[pk] for pk in sorted(users)]


def patient_bundle(patient: Patient) -> Json:
    """The patient's whole record as a FHIR R4 Bundle of type "collection" (docs/fhir.md)."""
    evaluations = list(patient.evaluations.all())
    programs = list(patient.programs.select_related("created_by__staff"))
    logs = list(patient.session_logs.all())
    proposals = list(patient.proposals.select_related("decided_by__staff"))
    clinic = organization(patient.clinic)
    names = exercise_names(patient.clinic_id)
    resources = [
        clinic,
        *(practitioner(user) for user in _practitioners_for(patient, programs, proposals)),
        *patient_resources(patient, evaluations, programs, logs, clinic, names, proposals),
    ]
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": _instant(timezone.now())},
        "type": "collection",
        "timestamp": _instant(timezone.now()),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
    return validated(bundle)


# --- a whole clinic, streamed -------------------------------------------------------------------


def clinic_resources(clinic: Clinic, chunk_size: int = 100) -> Iterator[Json]:
    """Every resource of the clinic, one at a time; patients are read in chunks, so memory use
    does not grow with the size of the clinic."""
    organisation = organization(clinic)
    yield organisation
    staff = StaffMember.objects.filter(clinic=clinic).select_related("user").order_by("pk")
    for member in staff.iterator(chunk_size=chunk_size):
        yield practitioner(member.user)
    names = exercise_names(clinic)
    patients = (
        Patient.objects.filter(clinic=clinic)
        .select_related("user", "clinic", "clinician__user")
        .prefetch_related(
            "evaluations",
            Prefetch("programs", queryset=Program.objects.select_related("created_by__staff")),
            "session_logs",
            Prefetch(
                "proposals",
                queryset=ProgramProposal.objects.select_related("decided_by__staff"),
            ),
        )
        .order_by("pk")
    )
    for patient in patients.iterator(chunk_size=chunk_size):
        yield from patient_resources(
            patient,
            patient.evaluations.all(),
            patient.programs.all(),
            patient.session_logs.all(),
            organisation,
            names,
            patient.proposals.all(),
        )


def clinic_ndjson(clinic: Clinic) -> Iterator[bytes]:
    """The clinic as FHIR NDJSON: one validated resource per line, references relative."""
    for resource in clinic_resources(clinic):
        line = json.dumps(validated(relative_references(resource)), ensure_ascii=False)
        yield (line + "\n").encode()
