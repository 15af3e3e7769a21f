"""Text in JSON bodies must be storable: PostgreSQL refuses the NUL character (a 500 before)."""

from __future__ import annotations

import json
import re
from typing import Any


def nul_problem(value: Any, path: str = "") -> str | None:
    """'field.path: ...' for the first text (or key) holding U+0000, or None."""
    if isinstance(value, str):
        return (
            f"{path or '(body)'}: must not contain the NUL character" if "\x00" in value else None
        )
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return f"{path or '(body)'}: a field name holds the NUL character"
            if found := nul_problem(item, where):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := nul_problem(item, f"{path}.{index}" if path else str(index)):
                return found
    return None


# Deeper than any document the app reads (an intake is 4 levels deep); checked BEFORE parsing, so
# a crafted body never drives the JSON parser into a RecursionError (which on CPython 3.11.7 also
# leaves the interpreter's AST recursion counter wrong for the rest of the process).
MOST_NESTING = 64
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


def nested_too_deeply(text: str | bytes, limit: int = MOST_NESTING) -> bool:
    """Whether the JSON text opens more than `limit` arrays or objects inside each other."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth = 0
    for bracket in _BRACKETS.finditer(_STRINGS.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def loads(text: str | bytes) -> Any:
    """json.loads, refusing text nested too deeply with a ValueError before parsing it."""
    if nested_too_deeply(text):
        raise ValueError(f"nested more than {MOST_NESTING} levels deep")
    return json.loads(text)
