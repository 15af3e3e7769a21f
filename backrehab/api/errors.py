"""Errors an endpoint raises; main.py turns each into a JSON answer."""

from __future__ import annotations


class Invalid(Exception):
    """The request was understood but its content breaks a rule: 422, one line per problem."""

    def __init__(self, problems: list[str], detail: str = "Some values are missing or not valid."):
        super().__init__(detail)
        self.detail = detail
        self.problems = problems
