"""The one error a change to a patient's care raises for bad input."""

from __future__ import annotations


class CareInputInvalid(ValueError):
    """The answers or the log break the engine's schema; `problems` name each field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))
