"""How long the demonstration figures take to draw, and how big they are."""

from __future__ import annotations

import statistics
import time

from backrehab.clinical.library import load_library
from backrehab.figures.svg import render_all


def main() -> None:
    library = load_library()
    timings: list[tuple[float, str, int]] = []
    total_bytes = 0
    for exercise in library.all():
        started = time.perf_counter()
        figures = render_all(exercise.figure, exercise.name)
        timings.append((time.perf_counter() - started, exercise.id, len(figures["animated"])))
        total_bytes += sum(len(svg.encode("utf-8")) for svg in figures.values())
    seconds = [t for t, _, _ in timings]
    sizes = [s for _, _, s in timings]
    slowest = max(timings)
    print(f"figures drawn:            {len(timings)} exercises (animated + start + end each)")
    print(
        f"draw time per exercise:   median {statistics.median(seconds) * 1000:.0f} ms, "
        f"slowest {slowest[0] * 1000:.0f} ms ({slowest[1]})"
    )
    print(f"whole library:            {sum(seconds):.2f} s (done once at load; stored after)")
    print(
        f"animated SVG size:        median {statistics.median(sizes) / 1024:.1f} KiB, "
        f"largest {max(sizes) / 1024:.1f} KiB"
    )
    print(f"all pictures together:    {total_bytes / 1024:.0f} KiB (animated, start and end)")
