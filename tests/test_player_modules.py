"""The player's ES modules have their own tests (tests/js, `node --test`); the suite runs them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).resolve().parent / "js"


def test_the_player_modules_pass_their_node_tests():
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the player's module tests (tests/js)")
    tests = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    result = subprocess.run([node, "--test", *tests], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
