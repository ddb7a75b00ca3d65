"""The idempotency family (conformance/rules/idempotency.py, R-IDEM-1..8): R-IDEM-1's predicate fires on a
malformed client token (and on no other rule) and stays quiet on a valid one; R-IDEM-8 checks the token's echo
in the reservation and in the described instances. The stateful rules (R-IDEM-2, 3, 6) are the state machine's."""

from __future__ import annotations

import copy

from conformance.rules.idempotency import RULES as FAMILY
from strategies.case import Case
from tests.support.family_tables import (
    Breaking,
    Valid,
    Violation,
    breaking_tests,
    postcondition_tests,
    valid_tests,
    violation_tests,
)
from tests.support.recorded_launch import PARAMS, RECORDED, RECORDED_INSTANCE, problems
from tests.support.rule_requests import WORLD, request

POSTCONDITIONS = ("R-IDEM-8",)

# --- predicates: hand-written violations, each breaking exactly one rule ---

VIOLATIONS: list[Violation] = [
    ("R-IDEM-1", request(ClientToken="t" * 65), (), WORLD),
    ("R-IDEM-1", request(ClientToken="tök"), (), WORLD),
]


test_violation_breaks_exactly_its_rule, test_the_violation_rows_cover_the_familys_decidable_rules = (
    violation_tests(VIOLATIONS, FAMILY))


# --- predicates: hand-written valid requests break nothing ---

VALID: list[Valid] = [
    ("client-token", request(ClientToken="t" * 64), WORLD),
]


test_valid_request_breaks_nothing = valid_tests(VALID)


# --- post-conditions: the recorded real reservation keeps them, a broken one is flagged ---


test_the_familys_postconditions_are_postcondition_rules, test_recorded_reservation_satisfies_every_postcondition = (
    postcondition_tests(POSTCONDITIONS))


BROKEN: list[Breaking] = [
    ("R-IDEM-8", {**PARAMS, "ClientToken": "token-1"}, lambda r: None),
]


test_broken_reservation_is_flagged = breaking_tests(BROKEN)


def test_client_token_echo_is_checked_in_described_instances_too() -> None:
    case = Case({**PARAMS, "ClientToken": "token-1"})
    good = copy.deepcopy(RECORDED)
    good["Instances"][0]["ClientToken"] = "token-1"
    assert problems("R-IDEM-8", case, good, [good["Instances"][0]]) == []
    assert problems("R-IDEM-8", case, good, [RECORDED_INSTANCE]) != []
