"""Runs the one counting implementation (counter.js) under Node.js for Python callers."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

COUNTER_DIR = Path(__file__).resolve().parent.parent / "static" / "backrehab" / "motion"
CLI = COUNTER_DIR / "cli.mjs"


class CountingFailed(RuntimeError):
    """Node.js is missing, or the counter refused the input (the message says why)."""


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise CountingFailed(
            "Node.js is needed to run the counter (the same module the browser runs); "
            "install it (Debian: apt-get install nodejs)"
        )
    return node


def _run(args: list[str]) -> str:
    done = subprocess.run(
        [_node(), str(CLI), *args], capture_output=True, text=True, check=False, timeout=600
    )
    if done.returncode != 0:
        raise CountingFailed(done.stderr.strip() or f"the counter stopped with {done.returncode}")
    return done.stdout


def count(model: dict[str, Any], landmarks_path: Path) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(model, handle)
    try:
        result: dict[str, Any] = json.loads(_run([handle.name, str(landmarks_path)]))
        return result
    finally:
        Path(handle.name).unlink(missing_ok=True)


def count_many(items: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[dict[str, Any]]:
    """Counts many (model, recording) pairs in one Node.js process."""
    batch = [{"model": m, "recording": r} for m, r in items]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(batch, handle)
    try:
        results: list[dict[str, Any]] = json.loads(_run(["--batch", handle.name]))
        return results
    finally:
        Path(handle.name).unlink(missing_ok=True)
