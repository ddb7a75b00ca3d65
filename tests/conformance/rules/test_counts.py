"""The counts family (conformance/rules/counts.py, R-COUNT-1..7): each predicate fires on a hand-written request
that breaks its rule (and on no other rule) and stays quiet on valid ones; R-COUNT-4 accepts a real reservation
and flags broken ones."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from conformance.rules import RULES, Kind
from conformance.rules.counts import RULES as FAMILY
from strategies.case import Case, WireEdit
from strategies.world import World
from tests.support.recorded_launch import (
    PARAMS,
    RECORDED,
    RECORDED_INSTANCE,
    described_running,
    problems,
    second_instance,
)
from tests.support.recorded_launch import SUBNET as RECORDED_SUBNET
from tests.support.rule_requests import WORLD, broken, request

OWN = frozenset(r.id for r in FAMILY)
POSTCONDITIONS = ("R-COUNT-4",)

# --- predicates: hand-written violations, each breaking exactly one rule ---

VIOLATIONS: list[tuple[str, dict[str, Any], tuple[WireEdit, ...], World]] = [
    ("R-COUNT-1", request(), (WireEdit("MinCount", None),), WORLD),
    ("R-COUNT-1", request(), (WireEdit("MaxCount", None),), WORLD),
    ("R-COUNT-2", request(MaxCount=0), (), WORLD),
    ("R-COUNT-2", request(), (WireEdit("MinCount", "-1"),), WORLD),
    ("R-COUNT-2", request(), (WireEdit("MaxCount", "1.5"),), WORLD),
    ("R-COUNT-3", request(MinCount=3, MaxCount=2), (), WORLD),
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
    ("minimal", request(), WORLD),
    ("several", request(MinCount=2, MaxCount=3), WORLD),
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
    ("R-COUNT-4", PARAMS, second_instance(1)),
    ("R-COUNT-4", {**PARAMS, "MinCount": 2, "MaxCount": 2}, lambda r: None),
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

