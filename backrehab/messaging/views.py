"""The message pages: the patient's thread (/my/messages/), the clinician's thread with each
patient, and the clinic's quick replies. Access comes from clinic.access; every change and every
read of a thread goes through the actions (which write the audit log)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backrehab.clinic.access import (
    own_patient,
    patient_or_404,
    staff_member,
    staff_required,
)
from backrehab.clinic.models import Patient, StaffMember
from backrehab.messaging import queries
from backrehab.messaging.actions import (
    MessageInvalid,
    do_delete_quick_reply,
    do_mark_thread_read,
    do_save_quick_reply,
    do_send_message,
)
from backrehab.messaging.forms import MessageForm, QuickReplyForm
from backrehab.messaging.models import BODY_MAX, QuickReply, Side


def _send(request: HttpRequest, patient: Patient, form: MessageForm) -> bool:
    """Send the form's message; False (with the reason on the form) when it cannot be sent."""
    if not form.is_valid():
        return False
    try:
        do_send_message(
            patient,
            form.cleaned_data["body"],
            by=request.user,  # type: ignore[arg-type]
            request=request,
        )
    except MessageInvalid as exc:
        form.add_error("body", str(exc))
        return False
    return True


def _thread_context(request: HttpRequest, patient: Patient, side: Side) -> dict[str, Any]:
    page, thread = queries.thread_page(patient, request.GET.get("page"))
    return {
        "patient": patient,
        "page": page,
        "thread": thread,
        "me": side.value,
        "body_max": BODY_MAX,
        # The newest page follows the thread as it changes (messaging.js asks with ?since=).
        "live_state": queries.thread_state(patient) if page.number == 1 else "",
    }


def _live_update(request: HttpRequest, patient: Patient, side: Side) -> HttpResponse | None:
    """The open thread asking whether anything changed since `?since=<state>` (messaging.js,
    every few seconds while the page is in view): 204 with nothing read or audited when nothing
    did; otherwise the newest messages, read as opening the page reads them (receipts, audit).
    None when the request is not such a question."""
    since = request.GET.get("since")
    if since is None or request.method != "GET":
        return None
    if since == queries.thread_state(patient):
        return HttpResponse(status=204)
    do_mark_thread_read(patient, by=request.user, request=request)  # type: ignore[arg-type]
    context = _thread_context(request, patient, side)
    response = render(request, "messaging/_thread.html", context)
    response["X-Thread-State"] = context["live_state"]
    return response


# --- The patient ----------------------------------------------------------------------------------


@login_required
def my_messages(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request.user)
    if patient is None:
        # Staff have a thread per patient in the workspace; anyone else has no thread.
        return redirect("dashboard" if staff_member(request.user) is not None else "home")
    patient = Patient.objects.select_related("user", "clinic").get(pk=patient.pk)
    live = _live_update(request, patient, Side.PATIENT)
    if live is not None:
        return live
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST)
        if _send(request, patient, form):
            messages.success(request, _("Message sent. Your care team will reply here."))
            return redirect(reverse("my-messages") + "#latest")
        status = 400
    else:
        form = MessageForm()
    do_mark_thread_read(patient, by=request.user, request=request)  # type: ignore[arg-type]
    context = _thread_context(request, patient, Side.PATIENT)
    context["form"] = form
    return render(request, "messaging/patient_thread.html", context, status=status)


# --- The care team --------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> StaffMember:
    staff = staff_member(request.user)
    assert staff is not None  # staff_required ran first
    return staff


@staff_required
def patient_messages(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request.user, patient_id)
    live = _live_update(request, patient, Side.TEAM)
    if live is not None:
        return live
    staff = _staff(request)
    replies = list(queries.quick_replies(staff.clinic_id))
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST)
        if _send(request, patient, form):
            messages.success(request, _("Message sent to %(patient)s.") % {"patient": patient})
            return redirect(
                reverse("patient-messages", kwargs={"patient_id": patient.pk}) + "#latest"
            )
        status = 400
    else:
        chosen = next((r for r in replies if str(r.pk) == request.GET.get("quick")), None)
        form = MessageForm(initial={"body": chosen.body} if chosen is not None else None)
    do_mark_thread_read(patient, by=request.user, request=request)  # type: ignore[arg-type]
    context = _thread_context(request, patient, Side.TEAM)
    context.update(
        {
            "form": form,
            "quick_replies": replies,
            "contact": contact_details(patient),
        }
    )
    return render(request, "messaging/team_thread.html", context, status=status)


def contact_details(patient: Patient) -> dict[str, str]:
    """How to reach the patient outside the app (an urgent red flag may need a call)."""
    invite = getattr(patient, "invite", None)
    return {
        "email": patient.user.email or getattr(invite, "email", "") or "",
        "phone": str(getattr(invite, "phone", "") or ""),
    }


@staff_required
def quick_replies(request: HttpRequest) -> HttpResponse:
    staff = _staff(request)
    form = QuickReplyForm()
    status = 200
    if request.method == "POST":
        form = QuickReplyForm(request.POST)
        if _save_reply(request, staff, form, None):
            return redirect("quick-replies")
        status = 400
    return render(
        request,
        "messaging/quick_replies.html",
        {"replies": queries.quick_replies(staff.clinic_id), "form": form, "editing": None},
        status=status,
    )


def _reply_or_404(staff: StaffMember, reply_id: int) -> QuickReply:
    reply = queries.quick_replies(staff.clinic_id).filter(pk=reply_id).first()
    if reply is None:
        raise Http404("No such quick reply.")
    return reply


def _save_reply(
    request: HttpRequest, staff: StaffMember, form: QuickReplyForm, reply: QuickReply | None
) -> bool:
    if not form.is_valid():
        return False
    try:
        saved = do_save_quick_reply(
            staff.clinic,
            form.cleaned_data["title"],
            form.cleaned_data["body"],
            by=request.user,  # type: ignore[arg-type]
            reply=reply,
            request=request,
        )
    except MessageInvalid as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, _("Quick reply “%(title)s” saved.") % {"title": saved.title})
    return True


@staff_required
def quick_reply_edit(request: HttpRequest, reply_id: int) -> HttpResponse:
    staff = _staff(request)
    reply = _reply_or_404(staff, reply_id)
    status = 200
    if request.method == "POST":
        form = QuickReplyForm(request.POST)
        if _save_reply(request, staff, form, reply):
            return redirect("quick-replies")
        status = 400
    else:
        form = QuickReplyForm(initial={"title": reply.title, "body": reply.body})
    return render(
        request,
        "messaging/quick_replies.html",
        {"replies": queries.quick_replies(staff.clinic_id), "form": form, "editing": reply},
        status=status,
    )


@require_POST
@staff_required
def quick_reply_delete(request: HttpRequest, reply_id: int) -> HttpResponse:
    staff = _staff(request)
    reply = _reply_or_404(staff, reply_id)
    title = reply.title
    do_delete_quick_reply(reply, by=request.user, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Quick reply “%(title)s” deleted.") % {"title": title})
    return redirect("quick-replies")
