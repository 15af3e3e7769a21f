"""The message pages: the patient's thread on the phone, the clinician's thread with each patient,
the clinic's quick replies, and the unread counts on the dashboard, the record and the patient's
navigation. Bad input gets a clear message, never an error page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backrehab.audit.models import AuditEvent
from backrehab.care.models import Alert
from backrehab.messaging.actions import do_save_quick_reply, do_send_message
from backrehab.messaging.models import BODY_MAX, Message, QuickReply, Side
from backrehab.messaging.queries import MESSAGES_PER_PAGE, unread_count

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def thread_url(patient) -> str:
    return reverse("patient-messages", kwargs={"patient_id": patient.pk})


def badge(html: str) -> str | None:
    """The number in the patient's navigation badge, or None without one."""
    marker = 'class="nav-badge">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("<", 1)[0]


# --- The patient ----------------------------------------------------------------------------------


def test_the_patients_navigation_counts_unread_messages_until_they_open_the_thread(thread):
    client = signed_in(thread.alex)
    assert badge(client.get(reverse("learn")).content.decode()) is None

    do_send_message(thread.patient, "How did the walk go?", by=thread.sam)
    do_send_message(thread.patient, "Remember to keep it short.", by=thread.sam)
    page = client.get(reverse("learn")).content.decode()
    assert badge(page) == "2"
    assert 'href="/my/messages/"' in page

    response = client.get(reverse("my-messages"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "How did the walk go?" in html and "Remember to keep it short." in html
    assert "Sam Lee" in html
    assert badge(html) is None, "opening the thread reads it"
    assert unread_count(thread.patient, Side.PATIENT) == 0


def test_the_patient_sends_a_message_and_sees_when_it_was_read(thread):
    client = signed_in(thread.alex)
    response = client.post(reverse("my-messages"), {"body": "It hurt less today."})
    assert response.status_code == 302
    assert response["Location"].endswith("/my/messages/#latest")
    message = Message.objects.get()
    assert (message.patient, message.author, message.body) == (
        thread.patient,
        thread.alex,
        "It hurt less today.",
    )
    assert "Not read yet" in client.get(reverse("my-messages")).content.decode()

    signed_in(thread.sam).get(thread_url(thread.patient))
    assert "Read " in client.get(reverse("my-messages")).content.decode()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("", "Write a message before sending."),
        ("   ", "Write a message before sending."),
        (
            "x" * (BODY_MAX + 1),
            f"The message is {BODY_MAX + 1} characters long; the most is {BODY_MAX}.",
        ),
    ],
)
def test_an_empty_or_too_long_message_gets_a_clear_answer(thread, body, problem):
    response = signed_in(thread.alex).post(reverse("my-messages"), {"body": body})
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not Message.objects.exists()


def test_line_breaks_count_as_one_character_as_the_browser_counted_them(thread):
    """A browser sends CR LF for each line break but counts one against `maxlength`."""
    lines = "\r\n".join(["x" * 99] * 20)  # 1,999 characters as typed, 2,018 as sent
    response = signed_in(thread.alex).post(reverse("my-messages"), {"body": lines})
    assert response.status_code == 302
    assert len(Message.objects.get().body) == 1999


def test_a_staff_member_at_my_messages_is_sent_to_the_dashboard(thread):
    response = signed_in(thread.sam).get(reverse("my-messages"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_the_patients_thread_is_in_spanish(thread):
    do_send_message(thread.patient, "Hola", by=thread.sam)
    client = signed_in(thread.alex)
    html = client.get(reverse("learn"), headers={"accept-language": "es"}).content.decode()
    assert ">Mensajes" in html
    html = client.get(reverse("my-messages"), headers={"accept-language": "es"}).content.decode()
    assert "Escriba a su equipo de atención" in html
    assert "Enviar" in html
    response = client.post(reverse("my-messages"), {"body": " "}, headers={"accept-language": "es"})
    assert "Escriba un mensaje antes de enviarlo." in response.content.decode()


# --- The care team --------------------------------------------------------------------------------


def test_the_clinician_reads_the_thread_with_the_patients_contact_details(thread):
    do_send_message(thread.patient, "Can I run again?", by=thread.alex)
    response = signed_in(thread.sam).get(thread_url(thread.patient))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Can I run again?" in html
    assert 'href="mailto:alex@example.org"' in html
    assert unread_count(thread.patient, Side.TEAM) == 0


def test_the_clinician_inserts_a_quick_reply_and_sends_it(thread):
    reply = do_save_quick_reply(
        thread.clinic, "Ice", "Ice for 10 minutes can ease it.", by=thread.sam
    )
    client = signed_in(thread.sam)
    html = client.get(thread_url(thread.patient)).content.decode()
    assert f'href="?quick={reply.pk}#compose"' in html
    assert 'data-quick-reply="Ice for 10 minutes can ease it."' in html

    # Without JavaScript the link puts the reply in the box.
    html = client.get(thread_url(thread.patient), {"quick": reply.pk}).content.decode()
    assert ">Ice for 10 minutes can ease it.</textarea>" in html

    response = client.post(
        thread_url(thread.patient), {"body": "Ice for 10 minutes can ease it. See you Friday."}
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.author_role, message.author_name) == (Side.TEAM, "Sam Lee")


def test_another_clinics_quick_reply_is_never_offered(thread):
    do_save_quick_reply(thread.away_admin.clinic, "Away", "Not yours.", by=thread.away_admin.user)
    html = signed_in(thread.sam).get(thread_url(thread.patient)).content.decode()
    assert "Not yours." not in html


def test_the_clinicians_empty_message_gets_a_clear_answer(thread):
    response = signed_in(thread.sam).post(thread_url(thread.patient), {"body": ""})
    assert response.status_code == 400
    assert "Write a message before sending." in response.content.decode()


def test_the_record_links_to_the_thread_with_the_unread_count(thread):
    do_send_message(thread.patient, "One", by=thread.alex)
    do_send_message(thread.patient, "Two", by=thread.alex)
    html = (
        signed_in(thread.sam)
        .get(reverse("patient-record", kwargs={"patient_id": thread.patient.pk}))
        .content.decode()
    )
    link = html.split(f'href="{thread_url(thread.patient)}"', 1)[1].split("</a>", 1)[0]
    assert '<span class="badge">2</span>' in link


def test_the_dashboard_counts_unread_messages_per_patient_and_in_all(thread):
    do_send_message(thread.patient, "One", by=thread.alex)
    do_send_message(thread.patient, "Two", by=thread.alex)
    do_send_message(thread.other_patient, "Three", by=thread.other_patient.user)
    do_send_message(thread.other_patient, "A reply from us is not unread for us", by=thread.sam)

    response = signed_in(thread.sam).get(reverse("dashboard"))
    assert response.status_code == 200
    rows = {row.patient.pk: row.unread_messages for row in response.context["rows"]}
    assert rows == {thread.patient.pk: 2, thread.other_patient.pk: 1}
    assert response.context["unread"] == {"messages": 3, "patients": 2}
    html = response.content.decode()
    assert "3</span> unread messages from 2 patients" in " ".join(html.split())

    signed_in(thread.admin.user).get(thread_url(thread.patient))
    response = signed_in(thread.sam).get(reverse("dashboard"))
    assert response.context["unread"] == {"messages": 1, "patients": 1}


def test_the_dashboard_sorts_patients_with_the_most_unread_messages_first(thread):
    do_send_message(thread.other_patient, "One", by=thread.other_patient.user)
    response = signed_in(thread.sam).get(reverse("dashboard"), {"sort": "-messages"})
    assert [row.patient for row in response.context["rows"]][0] == thread.other_patient


def test_another_clinics_staff_see_none_of_our_unread_messages(thread):
    do_send_message(thread.patient, "One", by=thread.alex)
    response = signed_in(thread.away_admin.user).get(reverse("dashboard"), {"scope": "clinic"})
    assert response.context["unread"] == {"messages": 0, "patients": 0}


def test_a_red_flag_alert_links_to_the_thread_and_shows_how_to_reach_the_patient(thread):
    Alert.objects.create(patient=thread.patient, kind=Alert.Kind.RED_FLAG, key="e1")
    Alert.objects.create(patient=thread.other_patient, kind=Alert.Kind.NO_SESSION, key="d1")
    html = signed_in(thread.sam).get(reverse("dashboard")).content.decode()
    red = html.split("alert-red_flag", 1)[1].split("</li>", 1)[0]
    assert 'href="mailto:alex@example.org"' in red
    assert f'href="{thread_url(thread.patient)}"' in red
    quiet = html.split("alert-no_session", 1)[1].split("</li>", 1)[0]
    assert "mailto:" not in quiet


# --- Quick replies --------------------------------------------------------------------------------


def test_staff_add_edit_and_delete_the_clinics_quick_replies(thread):
    client = signed_in(thread.sam)
    response = client.post(reverse("quick-replies"), {"title": "Ice", "body": "Ice can ease it."})
    assert response.status_code == 302
    reply = QuickReply.objects.get()
    assert reply.clinic == thread.clinic
    assert "Ice can ease it." in client.get(reverse("quick-replies")).content.decode()

    edit = reverse("quick-reply-edit", kwargs={"reply_id": reply.pk})
    assert "Ice can ease it.</textarea>" in client.get(edit).content.decode()
    client.post(edit, {"title": "Ice or heat", "body": "Either can ease it."})
    reply.refresh_from_db()
    assert reply.title == "Ice or heat"

    client.post(reverse("quick-reply-delete", kwargs={"reply_id": reply.pk}))
    assert not QuickReply.objects.exists()


def test_a_quick_reply_without_a_title_gets_a_clear_answer(thread):
    response = signed_in(thread.sam).post(reverse("quick-replies"), {"title": " ", "body": "Text"})
    assert response.status_code == 400
    assert "Give the quick reply a short title." in response.content.decode()
    assert not QuickReply.objects.exists()


def test_another_clinics_admin_cannot_open_change_or_delete_our_quick_reply(thread):
    reply = do_save_quick_reply(thread.clinic, "Ice", "Ice helps.", by=thread.sam)
    client = signed_in(thread.away_admin.user)
    edit = reverse("quick-reply-edit", kwargs={"reply_id": reply.pk})
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"title": "Mine", "body": "Mine"}).status_code == 404
    assert (
        client.post(reverse("quick-reply-delete", kwargs={"reply_id": reply.pk})).status_code == 404
    )
    assert "Ice helps." not in client.get(reverse("quick-replies")).content.decode()
    reply.refresh_from_db()
    assert reply.title == "Ice"


def test_the_care_teams_pages_are_in_spanish(thread):
    reply = do_save_quick_reply(thread.clinic, "Hielo", "El hielo ayuda.", by=thread.sam)
    do_send_message(thread.patient, "Hola", by=thread.alex)
    client = signed_in(thread.sam)
    spanish: dict[str, Any] = {"headers": {"accept-language": "es"}}
    html = client.get(reverse("dashboard"), **spanish).content.decode()
    assert "mensaje sin leer" in html and "Mensajes sin leer" in html
    html = client.get(thread_url(thread.patient), **spanish).content.decode()
    assert "Mensajes con Alex Rivera" in html and "Insertar una respuesta rápida" in html
    html = client.get(reverse("quick-replies"), **spanish).content.decode()
    assert "Añadir una respuesta rápida" in html
    edit = reverse("quick-reply-edit", kwargs={"reply_id": reply.pk})
    assert "Editar «Hielo»" in client.get(edit, **spanish).content.decode()
    response = client.post(reverse("quick-replies"), {"title": "", "body": "x"}, **spanish)
    assert "Ponga un título breve a la respuesta rápida." in response.content.decode()


# --- The open thread follows new messages ---------------------------------------------------------


def test_an_open_thread_asks_what_changed_and_nothing_is_read_when_nothing_did(thread):
    clinician = signed_in(thread.clinician.user)
    page = clinician.get(thread_url(thread.patient))
    state = page.context["live_state"]
    assert f'data-live-state="{state}"' in page.content.decode()
    viewed = AuditEvent.objects.filter(what="message thread").count()

    unchanged = clinician.get(thread_url(thread.patient), {"since": state})

    assert unchanged.status_code == 204 and unchanged.content == b""
    assert AuditEvent.objects.filter(what="message thread").count() == viewed


def test_a_new_message_comes_back_as_the_thread_and_is_read(thread):
    clinician = signed_in(thread.clinician.user)
    state = clinician.get(thread_url(thread.patient)).context["live_state"]
    do_send_message(thread.patient, "Is cycling fine?", by=thread.patient.user)
    viewed = AuditEvent.objects.filter(what="message thread").count()

    changed = clinician.get(thread_url(thread.patient), {"since": state})

    html = changed.content.decode()
    assert changed.status_code == 200 and "Is cycling fine?" in html
    assert "<html" not in html  # the thread alone, to put in the open page
    assert changed["X-Thread-State"] not in ("", state)
    assert Message.objects.get(body="Is cycling fine?").read_by_team_at is not None
    assert AuditEvent.objects.filter(what="message thread").count() == viewed + 1
    again = clinician.get(thread_url(thread.patient), {"since": changed["X-Thread-State"]})
    assert again.status_code == 204


def test_the_patients_open_thread_hears_of_the_read_receipt(thread):
    patient = signed_in(thread.patient.user)
    do_send_message(thread.patient, "Hello", by=thread.patient.user)
    state = patient.get(reverse("my-messages")).context["live_state"]
    signed_in(thread.clinician.user).get(thread_url(thread.patient))  # the clinician reads it

    changed = patient.get(reverse("my-messages"), {"since": state})

    assert changed.status_code == 200 and "Read " in changed.content.decode()


def test_an_earlier_page_of_the_thread_does_not_follow_it(thread):
    for n in range(MESSAGES_PER_PAGE + 1):
        Message.objects.create(patient=thread.patient, author_role=Side.PATIENT, body=f"m{n}")
    earlier = signed_in(thread.clinician.user).get(thread_url(thread.patient), {"page": "2"})
    assert earlier.context["page"].number == 2
    assert earlier.context["live_state"] == ""
    assert "data-live-state" not in earlier.content.decode()


def test_another_clinic_cannot_ask_about_the_thread(thread):
    for stranger in (thread.away_clinician, thread.away_admin):
        asked = signed_in(stranger.user).get(thread_url(thread.patient), {"since": "0.0.0"})
        assert asked.status_code == 404
