"""The clinician workspace: dashboard, alerts, patient record, notes, prescribing, templates.

Views stay thin: access comes from clinic.access, reads from workspace.queries, changes from
the actions (care/actions), and every look at or change to a record goes to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backrehab.audit.log import Action, record
from backrehab.care import prescribing
from backrehab.care.actions.alerts import do_acknowledge_alert
from backrehab.care.actions.notes import do_add_note
from backrehab.care.actions.prescribing import do_prescribe, do_save_template
from backrehab.care.actions.programs import pending_proposal
from backrehab.care.models import Alert, Program, ProgramTemplate, SessionDays
from backrehab.care.schedules import days_in_force
from backrehab.clinic.access import (
    Access,
    access_of,
    patient_or_404,
    staff_member,
    staff_required,
    visible_patients,
)
from backrehab.clinic.models import Patient, StaffMember
from backrehab.clinical.settings import DEFAULT_SETTINGS
from backrehab.library.catalog import Catalog
from backrehab.portal.models import CalendarFeed
from backrehab.portal.services import reassess_every
from backrehab.workspace import queries
from backrehab.workspace.caseload_rows import caseload_rows
from backrehab.workspace.forms import (
    DashboardFilterForm,
    ItemFormSet,
    NoteForm,
    PrescriptionForm,
    item_initial,
)
from backrehab.workspace.picker import item_row, picker
from backrehab.workspace.prescribe_text import warning_text


def _staff(request: HttpRequest) -> StaffMember:
    staff = staff_member(request.user)
    assert staff is not None  # staff_required ran first
    return staff


# --- Dashboard and alerts -------------------------------------------------------------------------


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    staff = _staff(request)
    form = DashboardFilterForm(request.GET or None)
    filters = queries.DashboardFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.DashboardFilters(
            scope=data["scope"] or "mine",
            risk=data["risk"],
            alerts=data["alerts"],
            q=data["q"].strip(),
            sort=data["sort"] or "name",
        )
    today = timezone.localdate()
    patients = queries.caseload(staff, filters, today)
    page, rows = queries.dashboard_page(patients, request.GET.get("page"), today)
    alerts, alert_count = queries.open_alerts(staff, mine=filters.scope != "clinic")
    unread = queries.unread_messages(staff, mine=filters.scope != "clinic")
    return render(
        request,
        "workspace/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "alerts": alerts,
            "alert_count": alert_count,
            "unread": unread,
            "sort_links": _sort_links(request, filters.sort),
            "query_without_page": _query(request, drop=("page",)),
            "messages_sort_query": _query(request, drop=("page",), sort="-messages"),
            "templates_url": reverse("program-templates"),
            "table_rows": caseload_rows(rows),
        },
    )


@staff_required
def open_alert_list(request: HttpRequest) -> HttpResponse:
    """Every open alert of my patients (or, with scope=clinic, of the whole clinic), paged."""
    staff = _staff(request)
    whole_clinic = request.GET.get("scope") == "clinic"
    page = queries.open_alert_page(staff, not whole_clinic, request.GET.get("page"))
    return render(
        request,
        "workspace/alerts.html",
        {
            "page": page,
            "alerts": page.object_list,
            "whole_clinic": whole_clinic,
            "query": _query(request, drop=("page",)),
        },
    )


def _query(request: HttpRequest, drop: tuple[str, ...], **changes: str) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


SORT_LABELS = {
    "name": "Patient",
    "risk": "Risk group",
    "last_session": "Last session",
    "adherence": "Adherence (2 weeks)",
    "clinician": "Clinician",
    "alerts": "Open alerts",
    "messages": "Unread messages",
}


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the link that sorts by it, and its aria-sort state."""
    links = {}
    for key in queries.SORTS:
        if current == key:
            state, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, next_sort = "descending", key
        else:
            state, next_sort = "none", key
        links[key] = {
            "href": "?" + _query(request, drop=("page",), sort=next_sort),
            "state": state,
            "label": _(SORT_LABELS[key]),
        }
    return links


@require_POST
@staff_required
def acknowledge_alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = (
        Alert.objects.select_related("patient")
        .filter(patient__in=visible_patients(request.user), pk=alert_id)
        .first()
    )
    if alert is None:
        raise Http404("No such alert.")
    do_acknowledge_alert(alert, by=request.user, request=request)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Alert acknowledged: %(kind)s for %(patient)s.")
        % {"kind": alert.get_kind_display(), "patient": alert.patient},
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("dashboard")


# --- Patient record and notes ---------------------------------------------------------------------


@staff_required
def patient_record(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    return _record_page(request, patient, NoteForm())


def _record_page(
    request: HttpRequest, patient: Patient, note_form: NoteForm, status: int = 200
) -> HttpResponse:
    patient = Patient.objects.select_related("user", "clinic", "clinician__user").get(pk=patient.pk)
    data = queries.patient_record(patient, request.GET.get("logs"))
    record(request, Action.VIEWED, "patient record", patient)
    is_admin = access_of(request.user) is Access.CLINIC_ADMIN
    return render(
        request,
        "workspace/record.html",
        {
            "record": data,
            "patient": patient,
            "note_form": note_form,
            "is_admin": is_admin,
            "verdicts": queries.VERDICT_WORDS,
            "proposal": pending_proposal(patient),
            "unread_messages": patient.unread_by_team,  # kept by backrehab.care.listing
            "reassess_every": reassess_every(patient)
            or DEFAULT_SETTINGS.reassessment_interval_days,
            "session_days": _session_days(patient, data.current),
        },
        status=status,
    )


def _session_days(patient: Patient, current: queries.VersionView | None) -> dict[str, Any] | None:
    """The weekdays the program in force falls on, who chose them, and the form's choices."""
    if current is None or current.program.sessions_per_week < 1:
        return None
    per_week = current.program.sessions_per_week
    chosen = SessionDays.objects.filter(patient=patient).select_related("set_by").first()
    days = days_in_force(patient, per_week, chosen=chosen or SessionDays(weekdays=[]))
    return {
        "days": days,
        "set_by": chosen.set_by if chosen is not None and days.chosen else None,
        "set_at": chosen.set_at if chosen is not None and days.chosen else None,
        "weekdays": [(d, WEEKDAYS[d], d in days.in_force) for d in range(7)],
        # The time of day the patient chose for reminders and calendar events (None: not yet).
        "reminder_time": CalendarFeed.objects.filter(patient=patient)
        .values_list("reminder_time", flat=True)
        .first(),
    }


@require_POST
@staff_required
def add_note(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _record_page(request, patient, form, status=400)
    do_add_note(
        patient,
        form.cleaned_data["text"],
        by=request.user,  # type: ignore[arg-type]
        request=request,
    )
    messages.success(request, _("Note saved."))
    return redirect(reverse("patient-record", kwargs={"patient_id": patient.pk}) + "#notes")


# --- Prescribing ----------------------------------------------------------------------------------


@staff_required
def prescribe(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    staff = _staff(request)
    # The patient's clinic (always the clinician's own: patient_or_404) and the bundled library,
    # in the page's language.
    catalog = Catalog.for_request(request)
    library = catalog.library()
    exercises = sorted(
        ((e.slug, catalog.name(e.slug)) for e in catalog.current()), key=lambda p: p[1]
    )
    current = Program.objects.filter(patient=patient, is_active=True).first()
    templates = list(ProgramTemplate.objects.filter(clinic_id=staff.clinic_id).order_by("name"))
    problems: list[str] = []
    overrides: dict[str, str] = {
        key.removeprefix("override-"): str(value)
        for key, value in request.POST.items()
        if key.startswith("override-")
    }

    if request.method == "POST":
        form = PrescriptionForm(request.POST, exercises=exercises)
        formset = ItemFormSet(request.POST, prefix="items")
        start = request.POST.get("start", "")
        if not (form.is_valid() and formset.is_valid()):
            return _prescribe_page(
                request, patient, form, formset, library, templates, start, overrides, [], catalog
            )
        draft = prescribing.Draft(
            form.cleaned_data["sessions_per_week"], [f.item() for f in formset.forms]
        )
        action = request.POST.get("action", "check")
        problems += prescribing.edit(
            draft, action, form.cleaned_data.get("add_exercise") or "", library
        )
        prescribing.carry_reasons(
            draft, prescribing.start_draft(patient, start, current, templates, library)
        )
        if action == "save":
            try:
                do_prescribe(
                    patient,
                    draft,
                    by=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"] or "",
                    overrides=overrides,
                    library=library,
                    request=request,
                )
            except prescribing.PrescriptionInvalid as exc:
                problems += exc.problems
            else:
                messages.success(request, _("The new program is in force."))
                return redirect(
                    reverse("patient-record", kwargs={"patient_id": patient.pk}) + "#program"
                )
        elif action == "template":
            try:
                template = do_save_template(
                    patient.clinic,
                    form.cleaned_data["template_title"] or "",
                    form.cleaned_data["template_description"] or "",
                    draft,
                    by=request.user,  # type: ignore[arg-type]
                    request=request,
                )
            except prescribing.PrescriptionInvalid as exc:
                problems += exc.problems
            else:
                messages.success(
                    request, _("Saved as the clinic template “%(name)s”.") % {"name": template.name}
                )
                templates = list(
                    ProgramTemplate.objects.filter(clinic_id=staff.clinic_id).order_by("name")
                )
    else:
        # The page shows the patient's program and precautions: a view of their record.
        record(request, Action.VIEWED, "program, for prescribing", patient)
        start = request.GET.get("start") or ("current" if current else "engine")
        draft_or_none = prescribing.start_draft(patient, start, current, templates, library)
        if draft_or_none is None:
            if start not in ("current", "engine", ""):
                messages.error(request, _("That template is not one of your clinic's."))
            draft_or_none = prescribing.Draft(
                int(current.plan.get("sessions_per_week", 3)) if current else 3, []
            )
            if start == "engine":
                problems.append(
                    _(
                        "The engine has no program for this patient: there is no complete "
                        "evaluation, or a red flag sent them to a doctor."
                    )
                )
        draft = draft_or_none
    form = PrescriptionForm(
        initial={
            "start": start,
            "sessions_per_week": draft.sessions_per_week,
            "reason": request.POST.get("reason", ""),
            "template_title": request.POST.get("template_title", ""),
            "template_description": request.POST.get("template_description", ""),
        },
        exercises=exercises,
    )
    formset = ItemFormSet(initial=[item_initial(i) for i in draft.items], prefix="items")
    return _prescribe_page(
        request,
        patient,
        form,
        formset,
        library,
        templates,
        start,
        overrides,
        problems,
        catalog,
        draft,
    )


def _prescribe_page(
    request: HttpRequest,
    patient: Patient,
    form: PrescriptionForm,
    formset: Any,
    library: Any,
    templates: list[ProgramTemplate],
    start: str,
    overrides: dict[str, str],
    problems: list[str],
    catalog: Catalog,
    draft: prescribing.Draft | None = None,
) -> HttpResponse:
    warnings = []
    if draft is not None:
        problems = [
            *problems,
            *(p for p in prescribing.problems(draft, library) if p not in problems),
        ]
    names = catalog.names()  # in the page's language
    if draft is not None:
        warnings = [
            {
                "key": w.key,
                "text": warning_text(w, names, catalog),
                "reason": overrides.get(w.key, ""),
            }
            for w in prescribing.warnings(patient, draft, library)
        ]
    rows = [item_row(f, names, library) for f in formset.forms]
    # The picker searches with the fields sent (a POST keeps the draft; a GET may search too).
    found = picker(
        request.POST if request.method == "POST" else request.GET,
        catalog,
        in_draft={r["slug"] for r in rows},
        patient=patient,
        names=names,
    )
    return render(
        request,
        "workspace/prescribe.html",
        {
            "patient": patient,
            "form": form,
            "formset": formset,
            "rows": rows,
            "template_choices": [(f"template-{t.pk}", t.name) for t in templates],
            "start": start,
            "problems": problems,
            "warnings": warnings,
            "picker": found,
        },
    )
