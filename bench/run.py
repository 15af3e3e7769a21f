"""`make bench`: speed figures for backrehab, printed as a report (these are not tests).

Each benchmark module in this folder has a `main()` that prints its own lines. Name some to run
only those, e.g. `python bench/run.py load` (bench_load: clinic-scale latency under load, which
also writes docs/bench.md after a full-scale run).
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCHMARKS = [
    "bench.bench_figures",
    "bench.bench_engine",
    "bench.bench_motion",
    "bench.bench_pose",
    "bench.bench_pages",
    "bench.bench_load",
]


def main() -> None:
    failed: list[str] = []
    chosen = [f"bench.bench_{name.removeprefix('bench_')}" for name in sys.argv[1:]]
    for name in chosen or BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        print(f"== {name.removeprefix('bench.')}", flush=True)
        started = time.perf_counter()
        try:
            module.main()
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
