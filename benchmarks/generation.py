"""Median time to draw one valid request and one mutation (goal: under 1 ms each).

    .venv/bin/python benchmarks/generation.py [--examples 1000]

Draws run inside one derandomized `@given(st.data())` (as `strategies.coverage` does); only the
`data.draw(...)` call is timed, not Hypothesis's per-example bookkeeping.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from strategies.case import Case
from strategies.mutations import mutations
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import example_world


def draw_times(strategy: st.SearchStrategy[Case], examples: int) -> list[float]:
    """Seconds per `data.draw(strategy)`, one per example."""
    times: list[float] = []

    def body(data: st.DataObject) -> None:
        start = time.perf_counter()
        data.draw(strategy)
        times.append(time.perf_counter() - start)

    run_draws(examples, body)
    return times


def describe(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    median = statistics.median(ordered) * 1e3
    p90 = ordered[int(len(ordered) * 0.9)] * 1e3
    return f"{name:<15} median {median:.3f} ms   p90 {p90:.3f} ms   ({len(times)} draws)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="median generation time per request")
    parser.add_argument("--examples", type=int, default=1000)
    args = parser.parse_args(argv)
    world = example_world()
    print(f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    print(describe("valid request", draw_times(valid_requests(world, dry_run=None), args.examples)))
    try:
        invalid = mutations(world, dry_run=None)
    except InvalidArgument as error:
        print(f"mutation        not measured: {error}")
    else:
        print(describe("mutation", draw_times(invalid, args.examples)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
