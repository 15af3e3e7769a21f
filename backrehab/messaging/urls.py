"""The message pages: the patient's thread, the care team's thread per patient, quick replies."""

from __future__ import annotations

from django.urls import URLPattern, path

from backrehab.messaging import views

urlpatterns: list[URLPattern] = [
    path("my/messages/", views.my_messages, name="my-messages"),
    path(
        "clinic/patients/<int:patient_id>/messages/",
        views.patient_messages,
        name="patient-messages",
    ),
    path("clinic/quick-replies/", views.quick_replies, name="quick-replies"),
    path("clinic/quick-replies/<int:reply_id>/", views.quick_reply_edit, name="quick-reply-edit"),
    path(
        "clinic/quick-replies/<int:reply_id>/delete/",
        views.quick_reply_delete,
        name="quick-reply-delete",
    ),
]
