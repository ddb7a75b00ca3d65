"""The oracle: what EC2 should do with a request, computed from the request actually sent.

`expect(case, world)` evaluates every rule's predicate against the case (its API params and its Query
encoding, wire edits included), never the label the generator gave it. Several broken rules: any of
their codes is acceptable. DryRun follows R-DRY-1..6.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from conformance.findings import UNDETERMINED, Expect, Severity
from conformance.rules import RULES, Confidence, DryRun, Kind, Role, Rule, by_role, unsettled_members
from strategies.case import Case
from strategies.model import paths_in
from strategies.world import World

DRY_RUN_OK_CODE = "DryRunOperation"
# [ERR] "Common client error codes": the generic codes for a parameter that is not valid, cannot be used, or
# cannot be combined (InvalidParameterDependency has the same text as InvalidParameterCombination). Where the
# docs leave a rule's code unnamed, any of these is an honest answer, so none of them is reported as wrong.
GENERIC_PARAMETER_CODES = frozenset(
    {"InvalidParameter", "InvalidParameterValue", "InvalidParameterCombination", "InvalidParameterDependency"}
)
DRY_RUN_OK_STATUS = 412  # R-DRY-1, observed (OBS-DRYRUN-OK, OBS-DRYRUN-412-RI)


@dataclass(frozen=True)
class Expectation:
    kind: Expect
    rules: tuple[Rule, ...]  # broken rules (ERROR), post-conditions (SUCCESS), the undecided ones
    codes: frozenset[str] = frozenset()
    statuses: frozenset[int] = frozenset()
    reason: str = ""

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rules)

    def describe(self) -> str:
        if self.kind is Expect.ERROR:
            return f"error {sorted(self.codes)} (HTTP {sorted(self.statuses)}) for {', '.join(self.rule_ids)}"
        if self.kind is Expect.SUCCESS:
            return "success (a reservation with its post-conditions)"
        return f"undetermined: {self.reason}"


def broken_rules(case: Case, world: World) -> tuple[Rule, ...]:
    """Every rule with a predicate that the request as sent breaks."""
    return tuple(r for r in RULES.values() if r.violated is not None and r.violated(case, world))


def indeterminate(rule: Rule, case: Case, world: World) -> bool:
    """A broken rule whose outcome the docs leave open for this request (EC2 may reject or ignore): never
    asserted alone. Open everywhere (undecidable, tag "undetermined") or only where `rule.open_when` holds."""
    if rule.kind is Kind.UNDECIDABLE or UNDETERMINED in rule.tags:
        return True
    return rule.open_when is not None and rule.open_when(case, world)


def _rejects_under_dry_run(rule: Rule, case: Case, world: World) -> bool:
    """A broken rule whose error comes back under DryRun too (R-DRY-3): decided, and not DryRun-unknown.

    One such rule makes the DryRun answer an error; the other broken rules' codes stay acceptable.
    """
    return not indeterminate(rule, case, world) and rule.dry_run is not DryRun.UNKNOWN


def postconditions() -> tuple[Rule, ...]:
    return tuple(r for r in RULES.values() if r.kind is Kind.POSTCONDITION)


def unsettled_paths(case: Case) -> tuple[str, ...]:
    """Member paths in the request whose response the documentation leaves undecided."""
    unsettled = unsettled_members()
    return tuple(sorted({p for p in paths_in(dict(case.params)) if p in unsettled}))


def acceptable_codes(rule: Rule) -> frozenset[str]:
    """The rule's documented and observed codes; where the docs name none (INFERRED), any generic
    invalid-parameter code as well."""
    codes = rule.accepted_codes
    return codes | GENERIC_PARAMETER_CODES if rule.confidence is Confidence.INFERRED else codes


def code_severity(rules: Iterable[Rule], code: str | None) -> Severity | None:
    """MINOR when EC2 itself answered `code` for one of these rules' mistakes in another operation or period;
    None when the evidence says nothing (the divergence keeps its kind's severity)."""
    if code is None:
        return None
    return Severity.MINOR if any(code in r.elsewhere_codes for r in rules) else None


def _error(rules: tuple[Rule, ...], reason: str) -> Expectation:
    codes: set[str] = set()
    statuses: set[int] = set()
    for r in rules:
        if r.outcome is not None:
            codes |= acceptable_codes(r)
            statuses.add(r.outcome.status)
    return Expectation(Expect.ERROR, rules, frozenset(codes), frozenset(statuses), reason)


def expect_of(rule: Rule) -> Expectation:
    """What EC2 does with a request a state decides (an earlier launch, a held address), not the request
    itself: the rule's acceptable codes and statuses, as every example that breaks it gets them (its evidence
    included), or a launch for a rule without an error outcome."""
    if rule.outcome is None:
        return Expectation(Expect.SUCCESS, (rule,), reason=rule.summary)
    return _error((rule,), rule.summary)


def expect(case: Case, world: World) -> Expectation:
    """The documented outcome for this request against this world."""
    broken = broken_rules(case, world)
    dry_run = by_role(Role.DRY_RUN_ANSWER)
    if broken and all(indeterminate(r, case, world) for r in broken):
        return Expectation(
            Expect.UNDETERMINED, broken,
            reason="the docs do not say whether EC2 rejects or ignores: " + ", ".join(r.id for r in broken),
        )
    if broken:
        if case.dry_run and not any(_rejects_under_dry_run(r, case, world) for r in broken):
            undecided = ", ".join(r.id for r in broken if r.dry_run is DryRun.UNKNOWN)
            return Expectation(
                Expect.UNDETERMINED, broken, reason=f"DryRun behaviour unknown for {undecided} (R-DRY-5/6)"
            )
        return _error(broken, "request breaks " + ", ".join(r.id for r in broken))
    unsettled = unsettled_paths(case)
    if unsettled:
        return Expectation(
            Expect.UNDETERMINED, (), reason="response undocumented for " + ", ".join(unsettled)
        )
    if case.dry_run:
        return Expectation(
            Expect.ERROR,
            (dry_run,),
            frozenset({DRY_RUN_OK_CODE}),
            frozenset({DRY_RUN_OK_STATUS}),
            "valid request with DryRun=true (R-DRY-1)",
        )
    return Expectation(Expect.SUCCESS, postconditions(), reason="valid request")
