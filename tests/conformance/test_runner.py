"""conformance.runner: one example end to end; a divergence the baseline lacks fails it, and a target that stops
answering stops the run."""

from __future__ import annotations

from typing import Any, cast

import pytest

from conformance.baseline import Baseline, from_findings
from conformance.findings import Divergence, Signature
from conformance.outcome import Fault, Outcome, OutcomeKind
from conformance.runner import ConformanceFailure, Runner, TargetDied
from conformance.targets.base import Target
from strategies.case import Case
from tests.support.runner_targets import VALID, WORLD, FakeTarget, runner


def test_unknown_divergences_fail_known_ones_pass_and_strict_fails_all() -> None:
    case = Case({**VALID, "MinCount": 3, "MaxCount": 2})
    with pytest.raises(ConformanceFailure, match="R-COUNT-3"):
        runner().run(case)
    known = from_findings("fake", [(Signature("R-COUNT-3", Divergence.ACCEPTED_INVALID), "launched")])
    runner(known).run(case)
    with pytest.raises(ConformanceFailure):
        runner(known, strict=True).run(case)
    runner(record_only=True).run(case)


class DeadTarget(FakeTarget):
    """Every call fails as a closed connection would."""

    def reset(self) -> None:
        raise ConnectionRefusedError("connection refused")

    def send(self, case: Case) -> Outcome:
        return Outcome(OutcomeKind.CRASH, detail="connection refused", fault=Fault.UNREACHABLE)

    def describe_instances(self, ids: list[str]) -> list[dict[str, Any]]:
        raise ConnectionResetError("connection reset")

    def terminate_instances(self, ids: list[str]) -> None:
        raise ConnectionResetError("connection reset")


def test_every_target_call_of_the_runner_stops_the_run_when_the_target_is_gone() -> None:
    run = Runner(cast(Target, DeadTarget()), WORLD, Baseline("fake"), record_only=True)
    for call in (run.reset, lambda: run.describe(["i-1"]), lambda: run.terminate(["i-1"])):
        with pytest.raises(TargetDied, match="stopped answering"):
            call()
    run.send(Case(VALID))
    run.send(Case(VALID))
    with pytest.raises(TargetDied, match="connection refused"):
        run.send(Case(VALID))


def test_botocore_connection_errors_count_as_a_dead_target() -> None:
    from botocore.exceptions import EndpointConnectionError

    class BotocoreDead(DeadTarget):
        def reset(self) -> None:
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1:1")

    run = Runner(cast(Target, BotocoreDead()), WORLD, Baseline("fake"), record_only=True)
    with pytest.raises(TargetDied, match="Could not connect"):
        run.reset()
