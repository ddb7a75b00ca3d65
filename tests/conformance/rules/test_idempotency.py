"""The idempotency family (conformance/rules/idempotency.py, R-IDEM-1..8): R-IDEM-1's predicate fires on a
malformed client token (and on no other rule) and stays quiet on a valid one; R-IDEM-8 checks the token's echo
in the reservation and in the described instances. The stateful rules (R-IDEM-2, 3, 6) are the state machine's."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from conformance.rules import RULES, Kind
from conformance.rules.idempotency import RULES as FAMILY
from strategies.case import Case, WireEdit
from strategies.world import World
from tests.support.recorded_launch import PARAMS, RECORDED, RECORDED_INSTANCE, described_running, problems
from tests.support.recorded_launch import SUBNET as RECORDED_SUBNET
from tests.support.rule_requests import WORLD, broken, request

OWN = frozenset(r.id for r in FAMILY)
POSTCONDITIONS = ("R-IDEM-8",)

# --- predicates: hand-written violations, each breaking exactly one rule ---

VIOLATIONS: list[tuple[str, dict[str, Any], tuple[WireEdit, ...], World]] = [
    ("R-IDEM-1", request(ClientToken="t" * 65), (), WORLD),
    ("R-IDEM-1", request(ClientToken="tök"), (), WORLD),
]


@pytest.mark.parametrize(
    ("rule_id", "params", "edits", "world"), VIOLATIONS, ids=[f"{v[0]}-{i}" for i, v in enumerate(VIOLATIONS)]
)
def test_violation_breaks_exactly_its_rule(
    rule_id: str, params: dict[str, Any], edits: tuple[WireEdit, ...], world: World
) -> None:
    assert broken(Case(params, wire_edits=edits), world) == {rule_id}


def test_every_violation_row_names_a_part_a_rule_and_covers_the_decidable_ones() -> None:
    """The rows name rules of this family only and break each of its rules with a predicate."""
    covered = {row[0] for row in VIOLATIONS}
    decidable = {i for i in OWN if RULES[i].violated is not None}
    assert covered <= OWN
    assert decidable - covered == set()



# --- predicates: hand-written valid requests break nothing ---

VALID: list[tuple[str, dict[str, Any], World]] = [
    ("client-token", request(ClientToken="t" * 64), WORLD),
]


@pytest.mark.parametrize(("name", "params", "world"), VALID, ids=[v[0] for v in VALID])
def test_valid_request_breaks_nothing(name: str, params: dict[str, Any], world: World) -> None:
    assert broken(Case({k: v for k, v in params.items()}), world) == set()



# --- post-conditions: the recorded real reservation keeps them, a broken one is flagged ---


def test_part_a_postconditions_are_postcondition_rules() -> None:
    assert all(RULES[i].kind is Kind.POSTCONDITION for i in POSTCONDITIONS)


@pytest.mark.parametrize("rule_id", POSTCONDITIONS)
def test_recorded_reservation_satisfies_every_postcondition(rule_id: str) -> None:
    described = [described_running(RECORDED_INSTANCE, PublicIpAddress="54.1.2.3")]
    assert problems(rule_id, Case(PARAMS), RECORDED, described) == []
    assert problems(rule_id, Case({**PARAMS, "SubnetId": RECORDED_SUBNET.subnet_id}), RECORDED, []) == []



BROKEN: list[tuple[str, dict[str, Any], Callable[[dict[str, Any]], None]]] = [
    ("R-IDEM-8", {**PARAMS, "ClientToken": "token-1"}, lambda r: None),
]


@pytest.mark.parametrize(
    ("rule_id", "params", "edit"), BROKEN, ids=[f"{b[0]}-{i}" for i, b in enumerate(BROKEN)]
)
def test_broken_reservation_is_flagged(
    rule_id: str, params: dict[str, Any], edit: Callable[[dict[str, Any]], None]
) -> None:
    reservation = copy.deepcopy(RECORDED)
    edit(reservation)
    assert problems(rule_id, Case(params), reservation, []) != []



def test_client_token_echo_is_checked_in_described_instances_too() -> None:
    case = Case({**PARAMS, "ClientToken": "token-1"})
    good = copy.deepcopy(RECORDED)
    good["Instances"][0]["ClientToken"] = "token-1"
    assert problems("R-IDEM-8", case, good, [good["Instances"][0]]) == []
    assert problems("R-IDEM-8", case, good, [RECORDED_INSTANCE]) != []
