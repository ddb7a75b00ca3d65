"""One example, end to end: reset the target, send the case, ask the oracle, judge, record, report."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ConnectionError as BotocoreConnectionError
from botocore.exceptions import HTTPClientError

from conformance.baseline import Baseline
from conformance.oracle import Expectation, expect
from conformance.outcome import Outcome, OutcomeKind
from conformance.probes import Prober
from conformance.rules import RULES
from conformance.targets.base import Target
from conformance.targets.errors import TargetError
from conformance.verdict import Fault, Finding, Verdict, judge, masked_findings, refusal_findings
from strategies.case import Case
from strategies.world import World

# connection refused, reset, timed out: urllib's OSErrors, botocore's EndpointConnectionError & co.
_UNREACHABLE = (OSError, HTTPClientError, BotocoreConnectionError)
CONSECUTIVE_DEATHS = 3  # connection failures in a row before the target is declared dead


class ConformanceFailure(AssertionError):
    """A divergence that the target's baseline does not list."""


class TargetDied(BaseException):
    """The target stopped answering mid-run: the run stops (a BaseException, so Hypothesis does not shrink it)."""


@dataclass
class Example:
    """Everything known about one example, handed to recorders."""

    case: Case
    expectation: Expectation
    verdict: Verdict
    nodeid: str
    elapsed_ms: float


Recorder = Callable[[Example], None]


@dataclass
class Runner:
    target: Target
    world: World
    baseline: Baseline
    strict: bool = False
    record_only: bool = False
    show_user_data: bool = False  # UserData content in failure messages (else its size and hash)
    recorders: list[Recorder] = field(default_factory=list)
    nodeid: str = ""
    _deaths: int = 0
    prober: Prober = field(init=False)

    def __post_init__(self) -> None:
        self.prober = Prober(self.target, self.world, self.reset)

    def __repr__(self) -> str:
        return f"Runner(target={self.target.name!r})"

    def run(self, case: Case) -> Verdict:
        """Send one case and judge it; raise ConformanceFailure on a divergence the baseline lacks."""
        case = self.target.prepare(case)
        self.reset()
        outcome = self.send(case)
        described: list[dict[str, Any]] = []
        if outcome.kind is OutcomeKind.SUCCESS and outcome.instance_ids:
            described = self.describe(outcome.instance_ids)
        expectation = expect(case, self.world)
        verdict = judge(case, self.world, expectation, outcome, list(described))
        if any(f.kind == "refused valid request" for f in verdict.findings):
            verdict.findings = refusal_findings(case, self.prober.member_at_fault(case, outcome), outcome)
        elif any(f.kind == "wrong code" for f in verdict.findings):
            masking = self.prober.masking_member(case, expectation, outcome)
            if masking is not None:
                verdict.findings = masked_findings(verdict.findings, masking, outcome)
        return self.conclude(case, verdict)

    def member_at_fault(self, case: Case, refusal: Outcome) -> Fault | None:
        return self.prober.member_at_fault(case, refusal)

    def conclude(self, case: Case, verdict: Verdict) -> Verdict:
        """Record a judged example; raise ConformanceFailure on a divergence the baseline lacks."""
        example = Example(case, verdict.expectation, verdict, self.nodeid, verdict.outcome.elapsed_ms)
        for recorder in self.recorders:
            recorder(example)
        unexpected = [
            f for f in verdict.divergences if self.strict or not self.baseline.is_known(f.rule_id, f.kind)
        ]
        if unexpected and not self.record_only:
            raise ConformanceFailure(
                failure_message(case, verdict.expectation, verdict.outcome, unexpected, self.target.name,
                                self.show_user_data)
            )
        return verdict

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
        dead = outcome.kind is OutcomeKind.CRASH and outcome.extra.get("fault") == "unreachable"
        self._deaths = self._deaths + 1 if dead else 0
        if self._deaths >= CONSECUTIVE_DEATHS:
            raise TargetDied(f"target {self.target.name} stopped answering: {outcome.detail}")


def failure_message(
    case: Case, expectation: Expectation, outcome: Outcome, findings: list[Finding], target_name: str = "",
    show_user_data: bool = False,
) -> str:
    """The minimal request, expected vs observed, the rules' citations and a reproducer (credentials redacted,
    UserData as size and hash unless `show_user_data`)."""
    from conformance.recording import reproducer
    from conformance.sensitive import redactor, shown_params, shown_wire_edits
    from reports.results import RunMeta

    lines = ["Divergence from EC2's documented RunInstances behaviour", ""]
    for finding in findings:
        rule = RULES.get(finding.rule_id)
        lines.append(f"{finding.rule_id} [{finding.status.value}: {finding.kind}]")
        if rule is not None:
            lines.append(f"  rule: {rule.summary}")
            lines.append(f"  citation: {rule.citation_text}")
        lines.extend(f"  problem: {p}" for p in finding.problems)
    launched = f" {outcome.instance_ids}" if outcome.instance_ids else ""
    lines += ["", f"expected: {expectation.describe()}", f"observed: {outcome.describe()}{launched}", ""]
    if case.mutation is not None:
        lines.append(f"built by mutation {case.mutation.name} ({case.mutation.rule_id} at {case.mutation.path})")
    lines += ["request:", json.dumps(shown_params(case, show_user_data), indent=2, sort_keys=True, default=str)]
    if case.wire_edits:
        edits = shown_wire_edits(case, show_user_data)
        lines.append("wire edits: " + ", ".join(f"{key}={value!r}" for key, value in edits))
    lines += ["", "reproduce:", reproducer(case, RunMeta(target_name=target_name), show_user_data)]
    return redactor().text("\n".join(lines))
