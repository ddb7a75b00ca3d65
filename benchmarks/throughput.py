"""Examples per second: the suite's own path against a bare loop of the same target calls (moto in-process).

    python benchmarks/throughput.py [--examples 300] [--repeat 9] [--no-profile]

(b) the suite: Hypothesis draws valid and invalid requests in the proportions of a `ci` conformance run
    (`suite_mix`), and Runner.run sends each, asks the oracle, judges, runs the checks and records into a
    ResultsBuilder.
(a) the bare loop: the very cases (b) drew, replayed with only the target calls the suite makes for one
    example: prepare, reset, RunInstances, and DescribeInstances after a launch.
Prints both rates, where the suite's time goes (cProfile, top functions by cumulative time) and, last,
`ratio: X` = (b) / (a). The goal is ratio >= 0.8: the suite's own work costs at most a quarter of the target's.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from conformance.baseline import Baseline
from conformance.outcome import OutcomeKind
from conformance.profiles import examples_per_mutation, loaded, register
from conformance.recording import run_meta
from conformance.runner import Runner
from conformance.targets import Target, get_target
from reports.builder import ResultsBuilder
from strategies.case import Case
from strategies.mutations import mutations, select
from strategies.valid import valid_requests
from strategies.world import World


class CallTimer:
    """Wraps a target's methods to add up the time spent inside them (the target's share of a suite run)."""

    METHODS = ("prepare", "reset", "send", "read_back")

    def __init__(self, target: Target) -> None:
        self.seconds = 0.0
        for name in self.METHODS:
            setattr(target, name, self._timed(getattr(target, name)))

    def _timed(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def session_runner(target: Target) -> Runner:
    """One runner for the whole benchmark, as the plugin keeps one per session (its caches stay warm)."""
    return Runner(target, target.world(), Baseline(target.name), record_only=True)


def suite_mix(world: World) -> st.SearchStrategy[Case]:
    """Requests in the proportions of a `ci` conformance run (conformance/suite/test_requests.py): each
    Hypothesis test weighted by the examples the profile gives it (the boundary list and the state
    machine aside)."""
    register()
    settings.load_profile("ci")
    max_examples = loaded().max_examples
    per_mutation = examples_per_mutation()
    weighted = [
        (max_examples, valid_requests(world, dry_run=False)),
        (max_examples, valid_requests(world, dry_run=True)),
        (per_mutation * len(select(world, wire=False)), mutations(world, wire=False)),
        (per_mutation * len(select(world, wire=True)), mutations(world, wire=True)),
        (max_examples, mutations(world, dry_run=True)),
    ]
    step = math.gcd(*(weight for weight, _ in weighted))
    kinds = [strategy for weight, strategy in weighted for _ in range(weight // step)]
    return st.sampled_from(kinds).flatmap(lambda kind: kind)


def suite_examples(
    target: Target, count: int, runner: Runner | None = None, round_seed: int = 0
) -> tuple[float, list[Case]]:
    """(seconds, cases) for `count` examples through Hypothesis and Runner.run, recorded into results.

    The same `round_seed` draws the same cases."""
    world = target.world()
    runner = runner or session_runner(target)
    runner.recorders.clear()
    builder = ResultsBuilder(run_meta(target.name, "us-east-1", None, "benchmark", None))
    runner.recorders.append(builder.record)
    cases: list[Case] = []
    requests = suite_mix(world)

    @seed(round_seed)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one_example(data: st.DataObject) -> None:
        case = data.draw(requests)
        cases.append(case)
        runner.run(case)

    gc.collect()
    started = time.perf_counter()
    one_example()
    builder.build()
    return time.perf_counter() - started, cases


def bare_loop(target: Target, cases: list[Case]) -> float:
    """Seconds for the target calls alone, for the same cases."""
    gc.collect()
    started = time.perf_counter()
    for case in cases:
        prepared = target.prepare(case)
        target.reset()
        outcome = target.send(prepared)
        if outcome.kind is OutcomeKind.SUCCESS:
            target.read_back(outcome.reservation or {})
    return time.perf_counter() - started


def profile_summary(target: Target, count: int, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    suite_examples(target, count)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"(conformance|strategies|reports|benchmarks)/", top)  # our functions only
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    return "\n".join(lines[start:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=9, help="rounds (the median round is reported)")
    parser.add_argument("--top", type=int, default=25, help="profile lines to print")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    with get_target("moto") as target:
        runner = session_runner(target)
        timer = CallTimer(target)
        inside: list[float] = []
        rounds = []
        for number in range(1, args.repeat + 1):
            # each round draws its own cases (one sample of 300 requests is too small a sample of the mix); a first
            # pass answers the probes the suite makes for them (it remembers them, as it does within a session)
            _, cases = suite_examples(target, args.examples, runner, number)
            # ABBA order on the same cases, so a drift of the machine or of moto over time cancels out
            bare_first = bare_loop(target, cases)
            inside_before = timer.seconds
            suite_first, _ = suite_examples(target, args.examples, runner, number)
            suite_second, _ = suite_examples(target, args.examples, runner, number)
            inside.append((timer.seconds - inside_before) / (suite_first + suite_second))
            bare_second = bare_loop(target, cases)
            suite_s, bare_s = (suite_first + suite_second) / 2, (bare_first + bare_second) / 2
            rounds.append((bare_s / suite_s, suite_s, bare_s))
            print(f"round {number}: (a) {len(cases) / bare_s:6.1f}/s  (b) {len(cases) / suite_s:6.1f}/s  "
                  f"ratio {bare_s / suite_s:.2f}")
        ratio, suite_s, bare_s = statistics.median_low(rounds)
        print(f"target: moto in-process, {args.examples} examples per round (each round its own), "
              f"median of {len(rounds)} rounds")
        print(f"(a) bare target calls: {args.examples / bare_s:8.1f} examples/s ({bare_s:.2f} s)")
        print(f"(b) the suite:         {args.examples / suite_s:8.1f} examples/s ({suite_s:.2f} s)")
        print(f"target calls inside the suite's own loop: {statistics.median(inside):.0%} of its time "
              "(the same ratio measured in one loop, immune to drift between loops)")
        if not args.no_profile:
            print(f"\nwhere the suite's time goes ({args.examples} examples, cumulative):")
            print(profile_summary(target, args.examples, args.top))
    print(f"ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
