"""The counts family (conformance/rules/counts.py, R-COUNT-1..8): each predicate fires on a hand-written request
that breaks its rule (and on no other rule) and stays quiet on valid ones; R-COUNT-4 and R-COUNT-8 accept a real
reservation and flag broken ones."""

from __future__ import annotations

from typing import Any

from conformance.rules.counts import RULES as FAMILY
from strategies.case import WireEdit
from tests.support.family_tables import (
    Breaking,
    Valid,
    Violation,
    breaking_tests,
    postcondition_tests,
    valid_tests,
    violation_tests,
)
from tests.support.recorded_launch import (
    PARAMS,
    second_instance,
)
from tests.support.rule_requests import WORLD, request


def shared_address(reservation: dict[str, Any]) -> None:
    """A second instance with its own id and launch index, but the first one's private address."""
    second_instance(1)(reservation)
    assert reservation["Instances"][1]["PrivateIpAddress"] == reservation["Instances"][0]["PrivateIpAddress"]


POSTCONDITIONS = ("R-COUNT-4", "R-COUNT-8")

# --- predicates: hand-written violations, each breaking exactly one rule ---

VIOLATIONS: list[Violation] = [
    ("R-COUNT-1", request(), (WireEdit("MinCount", None),), WORLD),
    ("R-COUNT-1", request(), (WireEdit("MaxCount", None),), WORLD),
    ("R-COUNT-2", request(MaxCount=0), (), WORLD),
    ("R-COUNT-2", request(), (WireEdit("MinCount", "-1"),), WORLD),
    ("R-COUNT-2", request(), (WireEdit("MaxCount", "1.5"),), WORLD),
    ("R-COUNT-3", request(MinCount=3, MaxCount=2), (), WORLD),
]


test_violation_breaks_exactly_its_rule, test_the_violation_rows_cover_the_familys_decidable_rules = (
    violation_tests(VIOLATIONS, FAMILY))


# --- predicates: hand-written valid requests break nothing ---

VALID: list[Valid] = [
    ("minimal", request(), WORLD),
    ("several", request(MinCount=2, MaxCount=3), WORLD),
]


test_valid_request_breaks_nothing = valid_tests(VALID)


# --- post-conditions: the recorded real reservation keeps them, a broken one is flagged ---


test_the_familys_postconditions_are_postcondition_rules, test_recorded_reservation_satisfies_every_postcondition = (
    postcondition_tests(POSTCONDITIONS))


BROKEN: list[Breaking] = [
    ("R-COUNT-4", PARAMS, second_instance(1)),
    ("R-COUNT-4", {**PARAMS, "MinCount": 2, "MaxCount": 2}, lambda r: None),
    ("R-COUNT-8", {**PARAMS, "MinCount": 2, "MaxCount": 2}, shared_address),
]


test_broken_reservation_is_flagged = breaking_tests(BROKEN)

