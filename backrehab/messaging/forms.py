"""The message box and the quick-reply form; the actions check the same rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backrehab.messaging.models import BODY_MAX, TITLE_MAX


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX}),
        error_messages={
            "required": _("Write a message before sending."),
            "max_length": _("The message is %(show_value)s characters long; the most is %(limit_value)s."),
        },
    )


class QuickReplyForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Give the quick reply a short title."),
            "max_length": _("The title is %(show_value)s characters long; the most is %(limit_value)s."),
        },
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX}),
        error_messages={
            "required": _("Write the text of the quick reply."),
            "max_length": _("The text is %(show_value)s characters long; the most is %(limit_value)s."),
        },
    )
