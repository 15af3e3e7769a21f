"""An alert's kind in words (drawn for every alert on the dashboard) says exactly what Django's
`get_kind_display` says, in the reader's language."""

from __future__ import annotations

from django.utils import translation

from backrehab.care.models import Alert


def test_every_kind_is_named_as_get_kind_display_names_it_in_english_and_spanish():
    for language in ("en", "es"):
        with translation.override(language):
            for kind in Alert.Kind:
                alert = Alert(kind=kind)
                assert alert.kind_label == alert.get_kind_display()
    with translation.override("es"):
        assert Alert(kind=Alert.Kind.RED_FLAG).kind_label != "Red-flag answer"
