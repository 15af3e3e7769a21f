"""Text in JSON bodies must be storable: PostgreSQL refuses the NUL character (a 500 before)."""

from __future__ import annotations

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
