"""Compare what a target did with what the oracle expected, and attribute the result to rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from conformance.checks import error_envelope_problems, response_shape_problems
from conformance.oracle import DRY_RUN_OK_CODE, Expect, Expectation
from conformance.outcome import Outcome, OutcomeKind
from conformance.rules import RULES, Kind, Rule
from strategies.case import Case
from strategies.model import paths_in
from strategies.world import World

# Codes that depend on capacity and quota, never a conformance failure ([ERR] server table, section E).
ENVIRONMENTAL_CODES = frozenset(
    {
        "InsufficientInstanceCapacity",
        "InstanceLimitExceeded",
        "VcpuLimitExceeded",
        "RequestLimitExceeded",
        "Unsupported",
        "InsufficientFreeAddressesInSubnet",
        "MaxSpotInstanceCountExceeded",
        "ServiceUnavailable",
        "InternalError",
        "SpotMaxPriceTooLow",
    }
)


class Status(Enum):
    CONFORMS = "conforms"
    DIVERGES = "diverges"
    CRASH = "target crash"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class Finding:
    """One rule's verdict for one example."""

    rule_id: str
    status: Status
    kind: str  # short divergence kind: "accepted invalid request", "wrong code", "launched under DryRun", ...
    problems: tuple[str, ...] = ()


@dataclass
class Verdict:
    expectation: Expectation
    outcome: Outcome
    findings: list[Finding] = field(default_factory=list)

    @property
    def divergences(self) -> list[Finding]:
        return [f for f in self.findings if f.status in (Status.DIVERGES, Status.CRASH)]


def _all(rules: tuple[Rule, ...] | list[Rule], status: Status, kind: str, *problems: str) -> list[Finding]:
    return [Finding(r.id, status, kind, tuple(problems)) for r in rules]


@dataclass(frozen=True)
class Fault:
    """Where a refused valid request went wrong: a top-level member, and the list item when it is a list."""

    member: str
    index: int | None = None

    def paths(self, case: Case) -> set[str]:
        value = case.params.get(self.member)
        if self.index is not None and isinstance(value, list):
            value = [value[self.index]]
        return set(paths_in({self.member: value}))

    def __str__(self) -> str:
        return self.member if self.index is None else f"{self.member}[{self.index}]"


def _touched_rules(case: Case, fault: Fault | None = None) -> list[Rule]:
    """The one rule a refusal contradicts: the validation rule most specific to the part at fault.

    `fault` is the member (or list item) whose removal made the target accept the request (found by the
    runner); without it every member of the request is a candidate. R-COUNT-4 (a valid launch returns
    instances) when no validation rule concerns it.
    """
    used = fault.paths(case) if fault is not None else set(paths_in(dict(case.params)))

    def score(rule: Rule) -> tuple[int, int, str]:
        overlap = len(used.intersection(rule.members))
        return (-overlap, len(rule.members), rule.id)

    candidates = [
        r for r in RULES.values()
        if r.kind is Kind.VALIDATION and r.violated is not None and used.intersection(r.members)
    ]
    return [min(candidates, key=score)] if candidates else [RULES["R-COUNT-4"]]


def refusal_findings(case: Case, fault: Fault | None, outcome: Outcome) -> list[Finding]:
    """Findings for a valid request the target refused, attributed through the part at fault."""
    where = f"refused because of {fault}: " if fault else ""
    return _all(_touched_rules(case, fault), Status.DIVERGES, "refused valid request", where + outcome.describe())


def masked_findings(findings: list[Finding], member: str, outcome: Outcome) -> list[Finding]:
    """A wrong code that answered another, valid member the target refuses anyway: the broken rule was not
    reached, so it is undetermined here (the refusal itself is charged where a valid request shows it)."""
    note = f"answer masked by the target's refusal of {member}: {outcome.describe()}"
    return [
        Finding(f.rule_id, Status.UNDETERMINED, "masked by a refusal", (note,)) if f.kind == "wrong code" else f
        for f in findings
    ]


def judge(
    case: Case,
    world: World,
    expectation: Expectation,
    outcome: Outcome,
    described: list[Mapping[str, Any]] | None = None,
) -> Verdict:
    """The verdict for one example: findings per rule."""
    verdict = Verdict(expectation, outcome)
    verdict.findings = _findings(case, world, expectation, outcome, described or [])
    return verdict


def _findings(
    case: Case, world: World, exp: Expectation, outcome: Outcome, described: list[Mapping[str, Any]]
) -> list[Finding]:
    if outcome.kind is OutcomeKind.CRASH or outcome.extra.get("throttled"):  # a target error, not a verdict
        rules = list(exp.rules) if exp.kind is Expect.ERROR else _touched_rules(case)
        kind = "target throttled" if outcome.extra.get("throttled") else "target crash"
        return [*_all(rules, Status.CRASH, kind, outcome.describe())]
    if outcome.kind is OutcomeKind.REJECTED:
        return _all(list(exp.rules) or _touched_rules(case), Status.UNDETERMINED, "not sent", outcome.describe())
    if case.dry_run and outcome.kind is OutcomeKind.SUCCESS:
        return _all([RULES["R-DRY-1"]], Status.DIVERGES, "launched under DryRun", outcome.describe())
    if exp.kind is Expect.UNDETERMINED:
        return _all(list(exp.rules), Status.UNDETERMINED, "undetermined", exp.reason)
    if exp.kind is Expect.ERROR:
        return _judge_error(case, exp, outcome)
    return _judge_success(case, world, exp, outcome, described)


def _judge_error(case: Case, exp: Expectation, outcome: Outcome) -> list[Finding]:
    rules = list(exp.rules)
    if outcome.kind is OutcomeKind.SUCCESS:
        return _all(rules, Status.DIVERGES, "accepted invalid request", outcome.describe())
    code = outcome.normalized_code or ""
    valid_dry_run = [r.id for r in rules] == ["R-DRY-1"]
    if valid_dry_run and code != DRY_RUN_OK_CODE:
        return _all(_touched_rules(case), Status.DIVERGES, "refused valid request", outcome.describe())
    if case.dry_run and code == DRY_RUN_OK_CODE and not valid_dry_run:
        # R-DRY-3: DryRun does not skip validation; the broken rules themselves are not judged here.
        skipped = f"DryRunOperation for a request that breaks {', '.join(r.id for r in rules)}"
        return [Finding("R-DRY-3", Status.DIVERGES, "DryRun skipped validation", (skipped,))]
    if code not in exp.codes:
        return _all(rules, Status.DIVERGES, "wrong code", f"expected one of {sorted(exp.codes)}, got {code}")
    problems = []
    if outcome.status not in exp.statuses:
        problems.append(f"HTTP status {outcome.status}, expected {sorted(exp.statuses)}")
    if problems:
        return _all(rules, Status.DIVERGES, "wrong status", *problems)
    findings = _all(rules, Status.CONFORMS, "")
    envelope = error_envelope_problems(outcome) if code != "DryRunOperation" else []
    if envelope:
        findings.append(Finding("R-PROTO-5", Status.DIVERGES, "malformed error envelope", tuple(envelope)))
    return findings


def _judge_success(
    case: Case, world: World, exp: Expectation, outcome: Outcome, described: list[Mapping[str, Any]]
) -> list[Finding]:
    if outcome.kind is OutcomeKind.ERROR:
        if (outcome.normalized_code or "") in ENVIRONMENTAL_CODES:
            return _all(_touched_rules(case), Status.UNDETERMINED, "environmental", outcome.describe())
        return _all(_touched_rules(case), Status.DIVERGES, "refused valid request", outcome.describe())
    reservation = outcome.reservation or {}
    findings: list[Finding] = []
    shape = response_shape_problems(reservation)
    findings.append(
        Finding("R-PROTO-8", Status.DIVERGES, "response shape", tuple(shape))
        if shape
        else Finding("R-PROTO-8", Status.CONFORMS, "")
    )
    for rule in exp.rules:
        if rule.postcondition is None:
            continue
        problems = rule.postcondition(case, world, reservation, list(described))
        status = Status.DIVERGES if problems else Status.CONFORMS
        findings.append(Finding(rule.id, status, "post-condition" if problems else "", tuple(problems)))
    return findings
