"""One example, end to end: reset the target, send the case, read back what it launched, ask the oracle, judge
(probes included), replay a post-condition divergence alone (conformance.alone), record, and fail on a
divergence signature the baseline lacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from botocore.exceptions import ConnectionError as BotocoreConnectionError
from botocore.exceptions import HTTPClientError

from conformance.alone import AloneReplay
from conformance.baseline import Baseline
from conformance.example import ExampleResult, Expected
from conformance.findings import Signature
from conformance.oracle import Expectation, expect
from conformance.outcome import Outcome, OutcomeKind
from conformance.probes import Prober
from conformance.rules.core import Launch
from conformance.targets.base import Target
from conformance.targets.errors import TargetError
from conformance.verdict import Verdict, judge
from reports.failure import failure_message
from reports.redact import Disclosure
from reports.results import RunMeta
from strategies.case import Case
from strategies.world import World

# connection refused, reset, timed out: urllib's OSErrors, botocore's EndpointConnectionError & co.
_UNREACHABLE = (OSError, HTTPClientError, BotocoreConnectionError)
CONSECUTIVE_DEATHS = 3  # connection failures in a row before the target is declared dead


class ConformanceFailure(AssertionError):
    """A divergence whose signature the target's baseline does not list."""


class TargetDied(BaseException):
    """The target stopped answering mid-run: the run stops (a BaseException, so Hypothesis does not shrink it)."""


Recorder = Callable[[ExampleResult], None]


def expected_of(expectation: Expectation) -> Expected:
    return Expected(expectation.kind, tuple(sorted(expectation.codes)), tuple(sorted(expectation.statuses)),
                    expectation.reason)


@dataclass
class Runner:
    target: Target
    world: World
    baseline: Baseline
    strict: bool = False
    record_only: bool = False
    disclosure: Disclosure = field(default_factory=Disclosure)
    recorders: list[Recorder] = field(default_factory=list)
    nodeid: str = ""
    _deaths: int = 0
    prober: Prober = field(init=False)
    _alone: AloneReplay = field(init=False)

    def __post_init__(self) -> None:
        self.prober = Prober(self.target, self.world, self.reset)
        self._alone = AloneReplay(self._replay)

    def __repr__(self) -> str:
        return f"Runner(target={self.target.name!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis prints a failing example's arguments with its pretty printer, which walks a dataclass's
        fields (the world, the baseline: hundreds of kB, and a HypothesisWarning that hid the failure behind
        FlakyStrategyDefinition); it prints the short repr instead."""
        printer.text(repr(self))

    def run(self, case: Case) -> Verdict:
        """Send one case and judge it; raise ConformanceFailure on a divergence the baseline lacks."""
        case = self.target.prepare(case)
        verdict = self._send_and_judge(case)
        return self.conclude(case, replace(verdict, findings=self._alone.confirm(case, verdict.findings)))

    def _send_and_judge(self, case: Case) -> Verdict:
        self.reset()
        outcome = self.send(case)
        launch = self.read_back(outcome) if outcome.kind is OutcomeKind.SUCCESS else None
        return judge(case, self.world, expect(case, self.world), outcome, launch, self.prober)

    def _replay(self, case: Case) -> set[Signature]:
        """The signatures the case shows when sent alone to the freshly reset target (judged, not recorded)."""
        return {s for f in self._send_and_judge(case).findings if (s := f.signature) is not None}

    def conclude(self, case: Case, verdict: Verdict) -> Verdict:
        """Record a judged example (its one ExampleResult, disclosed here); raise ConformanceFailure on a
        divergence the baseline lacks."""
        result = ExampleResult.of(
            case, verdict.outcome, findings=verdict.findings, expected=expected_of(verdict.expectation),
            disclosure=self.disclosure, node_id=self.nodeid, expectation=verdict.expectation.describe(),
        )
        for recorder in self.recorders:
            recorder(result)
        unexpected = [f for f in result.divergences if self.is_new(f.signature)]
        if unexpected and not self.record_only:
            raise ConformanceFailure(failure_message(result, unexpected, RunMeta(target_name=self.target.name),
                                                     self.disclosure.redactor))
        return verdict

    def is_new(self, signature: Signature | None) -> bool:
        """A divergence that fails the run: the baseline does not list it (conformance.baseline decides)."""
        return signature is None or not self.baseline.lists(signature, strict=self.strict)

    def reset(self) -> None:
        """Reset the target; a target that cannot be reset cannot be tested further (TargetDied)."""
        try:
            self.target.reset()
        except (*_UNREACHABLE, TargetError) as exc:
            raise TargetDied(f"target {self.target.name} stopped answering: reset failed: {exc}") from exc

    def send(self, case: Case) -> Outcome:
        """Send one case; the third unreachable answer in a row raises TargetDied."""
        outcome = self.target.send(case)
        self._watch_for_death(outcome)
        return outcome

    def read_back(self, outcome: Outcome) -> Launch:
        """What the target shows of a launch: DescribeInstances and the other read-backs (Target.read_back)."""
        try:
            return self.target.read_back(outcome.reservation or {})
        except _UNREACHABLE as exc:
            raise TargetDied(f"target {self.target.name} stopped answering: reading back a launch: {exc}") from exc

    def describe(self, instance_ids: list[str]) -> list[dict[str, Any]]:
        try:
            return self.target.describe_instances(instance_ids)
        except _UNREACHABLE as exc:
            raise TargetDied(f"target {self.target.name} stopped answering: DescribeInstances: {exc}") from exc

    def terminate(self, instance_ids: list[str]) -> None:
        try:
            self.target.terminate_instances(instance_ids)
        except _UNREACHABLE as exc:
            raise TargetDied(f"target {self.target.name} stopped answering: TerminateInstances: {exc}") from exc

    def _watch_for_death(self, outcome: Outcome) -> None:
        self._deaths = self._deaths + 1 if outcome.unreachable else 0
        if self._deaths >= CONSECUTIVE_DEATHS:
            raise TargetDied(f"target {self.target.name} stopped answering: {outcome.detail}")

