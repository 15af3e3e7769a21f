"""The message box and the quick-reply form; the actions check the same rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backrehab.messaging.models import BODY_MAX, TITLE_MAX


class MessageForm(forms.Form):
    """The length is checked by the action, once line breaks are one character each: a browser
    sends two (CR LF) for each line break it counted as one against `maxlength`."""

    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX}),
        error_messages={"required": _("Write a message before sending.")},
    )


class QuickReplyForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Give the quick reply a short title."),
            "max_length": _(
                "The title is %(show_value)s characters long; the most is %(limit_value)s."
            ),
        },
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX}),
        error_messages={"required": _("Write the text of the quick reply.")},
    )
