"""The one shape every explanation takes: the rule that fired and a sentence for the patient.

The rule id lets a clinician look the rule up in docs/engine-rules.md; the text is written for the
patient, in plain words.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    text: str


@lru_cache(maxsize=4096)
def reason(rule: str, text: str) -> Reason:
    """A shared Reason: they are immutable, and plans repeat the same few thousand."""
    return Reason(rule=rule, text=text)
