"""Commands of the clinical engine (intake schema, plan, next step)."""

from __future__ import annotations
