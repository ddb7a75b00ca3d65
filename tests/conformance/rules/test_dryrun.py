"""The DryRun family (conformance/rules/dryrun.py, R-DRY-1..6): its rules have no predicate (a valid request with
DryRun=true breaks no rule); the oracle applies them by role: DryRunOperation with HTTP 412 for a valid request
(R-DRY-1), the broken rule's error for an invalid one (R-DRY-3), undetermined where DryRun's effect is unknown."""

from __future__ import annotations

from conformance.findings import Expect
from conformance.oracle import expect
from conformance.rules import RULES, DryRun, Role, by_role
from conformance.rules.dryrun import RULES as FAMILY
from strategies.case import Case
from tests.support.family_tables import Valid, valid_tests
from tests.support.rule_requests import V4_ONLY, WIDE, WORLD, request

# --- predicates: hand-written valid requests break nothing ---

VALID: list[Valid] = [
    ("dry-run", request(DryRun=True, EbsOptimized=False), WORLD),
]


test_valid_request_breaks_nothing = valid_tests(VALID)


def test_no_dry_run_rule_has_a_predicate_and_two_play_the_dry_run_roles() -> None:
    assert all(r.violated is None for r in FAMILY)
    assert (by_role(Role.DRY_RUN_ANSWER).id, by_role(Role.DRY_RUN_VALIDATES).id) == ("R-DRY-1", "R-DRY-3")


def test_a_valid_dry_run_expects_dry_run_operation_with_412() -> None:
    expectation = expect(Case(request(DryRun=True)), WORLD)
    assert (expectation.kind, expectation.rule_ids) == (Expect.ERROR, ("R-DRY-1",))
    assert (expectation.codes, expectation.statuses) == (frozenset({"DryRunOperation"}), frozenset({412}))
    assert expect(Case(request()), WORLD).kind is Expect.SUCCESS


def test_an_invalid_dry_run_expects_the_broken_rules_error_not_dry_run_operation() -> None:
    """R-DRY-3: DryRun does not skip validation (R-COUNT-3, which DryRun validates)."""
    assert RULES["R-COUNT-3"].dry_run is DryRun.VALIDATES
    expectation = expect(Case(request(DryRun=True, MinCount=3, MaxCount=2)), WORLD)
    assert (expectation.kind, expectation.rule_ids) == (Expect.ERROR, ("R-COUNT-3",))
    assert "DryRunOperation" not in expectation.codes


def test_a_dry_run_breaking_only_a_rule_whose_dry_run_effect_is_unknown_is_undetermined() -> None:
    """R-NET-17 (IPv6 in an IPv4-only subnet): DryRun's effect unknown, so either answer is accepted."""
    params = request(SubnetId=V4_ONLY.subnet_id, Ipv6AddressCount=1)
    assert RULES["R-NET-17"].dry_run is DryRun.UNKNOWN
    assert expect(Case(params), WIDE).kind is Expect.ERROR
    dry = expect(Case({**params, "DryRun": True}), WIDE)
    assert dry.kind is Expect.UNDETERMINED and "R-NET-17" in dry.reason
