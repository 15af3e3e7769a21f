"""Benchmark of the clinical engine: program generations and next-step decisions per second.

Not a test: it prints numbers. The library is loaded once, as the web app does. Run:

    .venv/bin/python bench/bench_engine.py [--library DIR] [--seconds 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backrehab.clinical.intake import Intake
from backrehab.clinical.library import CONTENT_DIR, load_library
from backrehab.clinical.program import Program, generate_program
from backrehab.clinical.progression import SessionLog, next_step, parse_logs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def intakes() -> list[Intake]:
    """The example intakes plus variants that take other paths through the rules."""
    found = []
    for path in sorted(EXAMPLES.glob("intake-*.json")):
        if path.stem != "intake-invalid":
            found.append(Intake.model_validate(json.loads(path.read_text())))
    base = found[0].model_dump()
    variants: list[dict[str, Any]] = [
        {"pain": {"now": 8, "best": 5, "worst": 9}},
        {"fitness": "high", "pain": {"now": 1, "best": 0, "worst": 2}, "minutes_per_session": 60},
        {"minutes_per_session": 5},
        {"known_conditions": ["osteoporosis", "spondylolisthesis"], "age": 68},
    ]
    for change in variants:
        found.append(Intake.model_validate({**base, **change}))
    return found


def rate(label: str, unit: str, seconds: float, step: Callable[[], int]) -> None:
    count = calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        count += step()
        calls += 1
    elapsed = time.perf_counter() - start
    print(
        f"{label:28} {count / elapsed:10,.0f} {unit}/s   "
        f"({calls / elapsed:,.0f} calls/s, {elapsed / calls * 1e6:,.0f} us/call)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--library", type=Path, default=CONTENT_DIR)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--profile", action="store_true", help="profile plan generation")
    args = parser.parse_args()

    started = time.perf_counter()
    library = load_library(args.library)
    print(f"library: {len(library)} exercises loaded in {time.perf_counter() - started:.3f} s")
    cases = intakes()
    print(f"intakes: {len(cases)}")

    index = 0

    def one_plan() -> int:
        nonlocal index
        generate_program(cases[index % len(cases)], library)
        index += 1
        return 1

    programs: list[Program] = []
    for intake in cases:
        program = generate_program(intake, library).program
        if program is not None and program.items:
            programs.append(program)
    logs: list[SessionLog] = parse_logs(json.loads((EXAMPLES / "session-logs.json").read_text()))
    # Logs for every item of every program: two good sessions, so each item climbs a rung.
    per_program = []
    for program in programs:
        entries = [
            {
                "exercise": item.exercise,
                "sets": item.sets,
                "reps": item.reps,
                "hold_seconds": item.hold_seconds,
                "duration_seconds": item.duration_seconds,
                "pain_during": 2,
                "effort": 5,
            }
            for item in program.items
        ]
        sessions = [
            {
                "date": f"2025-03-0{day}",
                "pain_before": 3,
                "next_morning_pain": 2,
                "exercises": entries,
            }
            for day in (1, 3)
        ]
        per_program.append((program, parse_logs(sessions) + logs))

    turn = 0

    def one_next_step() -> int:
        nonlocal turn
        program, session_logs = per_program[turn % len(per_program)]
        turn += 1
        return len(next_step(program, session_logs, library))

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(2000):
            one_plan()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    rate("generate_program", "plans", args.seconds, one_plan)
    rate("next_step", "decisions", args.seconds, one_next_step)


if __name__ == "__main__":
    main()
