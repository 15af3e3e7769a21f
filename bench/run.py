"""`make bench`: speed figures for backrehab, printed as a report (these are not tests).

Each benchmark module in this folder has a `main()` that prints its own lines.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCHMARKS = ["bench.bench_figures", "bench.bench_engine", "bench.bench_pages"]


def main() -> None:
    for name in BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        print(f"== {name.removeprefix('bench.')}")
        started = time.perf_counter()
        module.main()
        print(f"   ({time.perf_counter() - started:.1f} s)\n")


if __name__ == "__main__":
    main()
