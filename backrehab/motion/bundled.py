"""The bundled exercises' motion refinements: content/motion/<exercise id>.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml

from backrehab.motion.spec import MotionSpec

MOTION_DIR = Path(__file__).resolve().parent.parent / "content" / "motion"


def load_bundled(directory: Path = MOTION_DIR) -> dict[str, MotionSpec]:
    specs: dict[str, MotionSpec] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            specs[path.stem] = MotionSpec.model_validate(yaml.safe_load(handle) or {})
    return specs


BUNDLED_MOTION = load_bundled()
