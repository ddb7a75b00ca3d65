"""The table-driven tests every rules family shares, made once: a family's test module lists its rows (hand-written
violations, valid requests, post-conditions and broken reservations) and binds the tests these factories return to
`test_*` names, so pytest collects them there with the family's rows."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any, cast

import pytest

from conformance.rules import RULES, Kind
from conformance.rules.core import Rule
from strategies.case import Case, WireEdit
from strategies.world import World
from tests.support.recorded_launch import PARAMS, RECORDED, RECORDED_INSTANCE, SUBNET, described_running, problems
from tests.support.rule_requests import broken

Violation = tuple[str, dict[str, Any], tuple[WireEdit, ...], World]  # rule id, request, wire edits, world
Valid = tuple[str, dict[str, Any], World]  # name, request, world
Breaking = tuple[str, dict[str, Any], Callable[[dict[str, Any]], None]]  # rule id, request, edit of the reservation
Test = Callable[..., None]


def violation_tests(rows: list[Violation], family: Iterable[Rule],
                    covered_elsewhere: frozenset[str] = frozenset()) -> tuple[Test, Test]:
    """Each row breaks exactly its rule; the rows name only the family's rules and break each one with a
    predicate (but those another table covers)."""
    own = frozenset(rule.id for rule in family)

    @pytest.mark.parametrize(("rule_id", "params", "edits", "world"), rows,
                             ids=[f"{row[0]}-{index}" for index, row in enumerate(rows)])
    def breaks_exactly_its_rule(rule_id: str, params: dict[str, Any], edits: tuple[WireEdit, ...],
                                world: World) -> None:
        assert broken(Case(params, wire_edits=edits), world) == {rule_id}

    def rows_cover_the_family() -> None:
        covered = {row[0] for row in rows} | covered_elsewhere
        decidable = {i for i in own if RULES[i].violated is not None}
        assert covered <= own
        assert decidable - covered == set()

    return breaks_exactly_its_rule, rows_cover_the_family


def valid_tests(rows: list[Valid]) -> Test:
    """Each hand-written valid request breaks no rule at all."""

    @pytest.mark.parametrize(("name", "params", "world"), rows, ids=[row[0] for row in rows])
    def breaks_nothing(name: str, params: dict[str, Any], world: World) -> None:
        assert broken(Case(dict(params)), world) == set()

    return cast(Test, breaks_nothing)


def postcondition_tests(rule_ids: tuple[str, ...]) -> tuple[Test, Test]:
    """The family's post-conditions are post-condition rules, and the recorded real reservation keeps each."""

    def are_postcondition_rules() -> None:
        assert all(RULES[i].kind is Kind.POSTCONDITION for i in rule_ids)

    @pytest.mark.parametrize("rule_id", rule_ids)
    def recorded_reservation_keeps_it(rule_id: str) -> None:
        described = [described_running(RECORDED_INSTANCE, PublicIpAddress="54.1.2.3")]
        assert problems(rule_id, Case(PARAMS), RECORDED, described) == []
        assert problems(rule_id, Case({**PARAMS, "SubnetId": SUBNET.subnet_id}), RECORDED, []) == []

    return are_postcondition_rules, recorded_reservation_keeps_it


def breaking_tests(rows: list[Breaking]) -> Test:
    """Each edit of the recorded reservation is flagged by the row's post-condition."""

    @pytest.mark.parametrize(("rule_id", "params", "edit"), rows,
                             ids=[f"{row[0]}-{index}" for index, row in enumerate(rows)])
    def broken_reservation_is_flagged(rule_id: str, params: dict[str, Any],
                                      edit: Callable[[dict[str, Any]], None]) -> None:
        reservation = copy.deepcopy(RECORDED)
        edit(reservation)
        assert problems(rule_id, Case(params), reservation, []) != []

    return cast(Test, broken_reservation_is_flagged)
