"""`{% alert_text alert names=... %}`: an alert in the reader's language and in clinician words."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from backrehab.care.models import Alert
from backrehab.library.catalog import Catalog
from backrehab.workspace.alert_text import alert_text as say

register = template.Library()


@register.simple_tag(takes_context=True)
def alert_text(
    context: template.Context, alert: Alert, names: Mapping[str, str] | None = None
) -> str:
    """`names`: the page's exercise names, when it has them already (saves a query)."""
    request = context.get("request")
    if request is None:
        return say(alert, lambda: Catalog.for_clinic(alert.patient.clinic_id), names)
    return say(alert, lambda: Catalog.for_request(request), names)
