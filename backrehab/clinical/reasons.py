"""The one shape every explanation takes: the rule that fired and a sentence for the patient.

The rule id lets a clinician look the rule up in docs/engine-rules.md; the text is written for the
patient, in plain words (English). `params` holds what was filled into the sentence, as keys
rather than words where they name something (an exercise id, a red-flag question, a deficit), so
the web app can say the same sentence in the patient's language (backrehab/portal/reason_text.py).
Reasons without anything filled in carry no params, and leave them out when dumped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    text: str
    params: dict[str, str | int] = Field(default_factory=dict)

    @model_serializer(mode="wrap")
    def _leave_out_empty_params(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Stored plans and logs stay as they were for the many reasons with nothing filled in.
        data = handler(self)
        if isinstance(data, dict) and not self.params:
            data.pop("params", None)
        return data


@lru_cache(maxsize=4096)
def reason(rule: str, text: str, /, **params: str | int) -> Reason:
    """A shared Reason: they are immutable, and plans repeat the same few thousand."""
    return Reason(rule=rule, text=text, params=params)
