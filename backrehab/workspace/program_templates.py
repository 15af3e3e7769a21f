"""The clinic's program templates: list, make one from a patient's program, edit its items and
doses, rename and delete. Views parse and render; the changes are actions
(care/actions/prescribing.py), each with its audit event.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backrehab.care import prescribing
from backrehab.care.actions.prescribing import (
    do_delete_template,
    do_edit_template,
    do_rename_template,
    do_template_from_program,
)
from backrehab.care.models import Program, ProgramTemplate
from backrehab.clinic.access import staff_member, staff_required
from backrehab.clinic.models import StaffMember
from backrehab.library.catalog import Catalog
from backrehab.library.queries import item_dose_words
from backrehab.workspace import queries
from backrehab.workspace.forms import (
    ItemFormSet,
    RenameTemplateForm,
    TemplateForm,
    TemplateFromProgramForm,
    item_initial,
)
from backrehab.workspace.picker import item_row, picker

PATIENTS_LISTED = 300  # the "from a program" choice; any patient's Prescribe page can save too


def _staff(request: HttpRequest) -> StaffMember:
    staff = staff_member(request.user)
    assert staff is not None  # staff_required ran first
    return staff


def _template_or_404(staff: StaffMember, template_id: int) -> ProgramTemplate:
    """The clinic's own template; another clinic's answers like one that does not exist."""
    try:
        return ProgramTemplate.objects.select_related("clinic").get(
            pk=template_id, clinic_id=staff.clinic_id
        )
    except ProgramTemplate.DoesNotExist as exc:
        raise Http404("No such template.") from exc


def _patients_with_programs(staff: StaffMember) -> list[tuple[int, str]]:
    """The clinic's patients with a program in force, the clinician's own first."""
    programs = (
        Program.objects.filter(is_active=True, patient__clinic_id=staff.clinic_id)
        .select_related("patient__user")
        .order_by("patient__user__last_name", "patient__user__first_name", "patient_id")
    )
    rows = [(p.patient, p.patient.clinician_id == staff.pk) for p in programs[:PATIENTS_LISTED]]
    rows.sort(key=lambda r: not r[1])  # stable: my caseload first, each part by name
    return [(patient.pk, str(patient)) for patient, _mine in rows]


def _form_errors(form: Any) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


@staff_required
def program_templates(request: HttpRequest) -> HttpResponse:
    staff = _staff(request)
    names = Catalog.for_clinic(staff.clinic_id).names()
    templates = [
        {
            "template": t,
            "by": queries.person(t.created_by) if t.created_by_id else "",
            "items": [
                {
                    "name": names.get(i["exercise"], i["exercise"]),
                    "dose": item_dose_words(i),
                    "note": i.get("note") or "",
                }
                for i in t.items
            ],
            "rename": RenameTemplateForm(initial={"name": t.name}, prefix=f"t{t.pk}"),
        }
        for t in ProgramTemplate.objects.filter(clinic_id=staff.clinic_id)
        .select_related("created_by")
        .order_by("name")
    ]
    form = TemplateFromProgramForm(
        request.POST if request.method == "POST" else None,
        patients=_patients_with_programs(staff),
        initial={"patient": request.GET.get("patient", "")},
    )
    return render(request, "workspace/templates.html", {"templates": templates, "form": form})


@require_POST
@staff_required
def template_from_program(request: HttpRequest) -> HttpResponse:
    staff = _staff(request)
    form = TemplateFromProgramForm(request.POST, patients=_patients_with_programs(staff))
    if not form.is_valid():
        for error in _form_errors(form):
            messages.error(request, error)
        return redirect(reverse("program-templates") + "#from-program")
    program = (
        Program.objects.filter(
            is_active=True,
            patient_id=form.cleaned_data["patient"],
            patient__clinic_id=staff.clinic_id,
        )
        .select_related("patient__clinic")
        .first()
    )
    if program is None:
        raise Http404("No such program.")
    try:
        template = do_template_from_program(
            program,
            form.cleaned_data["name"],
            form.cleaned_data["description"] or "",
            by=request.user,  # type: ignore[arg-type]
            library=Catalog.for_clinic(staff.clinic_id).library(),
            request=request,
        )
    except prescribing.PrescriptionInvalid as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect(reverse("program-templates") + "#from-program")
    messages.success(request, _("Template “%(name)s” saved.") % {"name": template.name})
    return redirect(reverse("program-templates") + f"#template-{template.pk}")


@staff_required
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    """A template's items and doses, edited like a prescription (without a patient)."""
    staff = _staff(request)
    template = _template_or_404(staff, template_id)
    catalog = Catalog.for_clinic(staff.clinic_id)
    library = catalog.library()
    problems: list[str] = []
    if request.method == "POST":
        form = TemplateForm(request.POST)
        formset = ItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            draft = prescribing.Draft(1, [f.item() for f in formset.forms])
            action = request.POST.get("action", "check")
            problems += prescribing.edit(draft, action, "", library)
            prescribing.carry_reasons(draft, prescribing.from_template(template, 1))
            if action == "save":
                try:
                    do_edit_template(
                        template,
                        form.cleaned_data["description"] or "",
                        draft,
                        by=request.user,  # type: ignore[arg-type]
                        library=library,
                        request=request,
                    )
                except prescribing.PrescriptionInvalid as exc:
                    problems += exc.problems
                else:
                    messages.success(
                        request, _("Template “%(name)s” saved.") % {"name": template.name}
                    )
                    return redirect(reverse("program-templates") + f"#template-{template.pk}")
            formset = ItemFormSet(initial=[item_initial(i) for i in draft.items], prefix="items")
    else:
        form = TemplateForm(initial={"description": template.description})
        draft = prescribing.from_template(template, 1)
        formset = ItemFormSet(initial=[item_initial(i) for i in draft.items], prefix="items")
    names = catalog.names()
    rows = [item_row(f, names, library) for f in formset.forms]
    found = picker(
        request.POST if request.method == "POST" else request.GET,
        catalog,
        in_draft={r["slug"] for r in rows},
        names=names,
    )
    return render(
        request,
        "workspace/template_edit.html",
        {
            "template": template,
            "form": form,
            "formset": formset,
            "rows": rows,
            "problems": problems,
            "picker": found,
        },
    )


@require_POST
@staff_required
def template_rename(request: HttpRequest, template_id: int) -> HttpResponse:
    staff = _staff(request)
    template = _template_or_404(staff, template_id)
    form = RenameTemplateForm(request.POST, prefix=f"t{template.pk}")
    if not form.is_valid():
        for error in _form_errors(form):
            messages.error(request, error)
    else:
        old = template.name
        try:
            template = do_rename_template(
                template,
                form.cleaned_data["name"],
                by=request.user,  # type: ignore[arg-type]
                request=request,
            )
        except prescribing.PrescriptionInvalid as exc:
            for problem in exc.problems:
                messages.error(request, problem)
        else:
            messages.success(
                request,
                _("“%(old)s” is now called “%(new)s”.") % {"old": old, "new": template.name},
            )
    return redirect(reverse("program-templates") + f"#template-{template.pk}")


@require_POST
@staff_required
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    staff = _staff(request)
    template = _template_or_404(staff, template_id)
    name = template.name
    do_delete_template(template, by=request.user, request=request)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Template “%(name)s” deleted. Programs started from it are unchanged.") % {"name": name},
    )
    return redirect("program-templates")
