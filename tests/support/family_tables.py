"""The table-driven tests every rules family shares, made once: a family's test module lists its rows (hand-written
violations, valid requests, post-conditions and broken reservations, or breaking edits beside their valid
neighbours and broken described instances) and binds the tests these factories return to
`test_*` names, so pytest collects them there with the family's rows."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any, cast

import pytest

from conformance.rules import RULES, Kind, rule
from conformance.rules.core import Rule
from strategies.case import Case, WireEdit
from strategies.mutations import MUTATIONS
from strategies.world import World
from tests.support.recorded_launch import PARAMS, RECORDED, RECORDED_INSTANCE, SUBNET, described_running, problems
from tests.support.rule_requests import WORLD, Edit, broken, edited, instance, post_problems

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


Neighbours = tuple[str, Edit, Edit]  # rule id, an edit that breaks it, an edit just on the valid side of it
BrokenInstance = tuple[str, dict[str, Any]]  # post-condition rule id, a described instance that breaks it


def neighbour_tests(rows: list[Neighbours], family: Iterable[Rule],
                    tabled_elsewhere: frozenset[str] = frozenset()) -> tuple[Test, Test]:
    """Each predicate fires on its breaking edit and not on the valid neighbour; every predicate of the family has
    a row (but those another table covers) and a mutation."""
    own = frozenset(r.id for r in family)

    @pytest.mark.parametrize(("rule_id", "breaking", "keeping"), rows, ids=[row[0] for row in rows])
    def fires_on_the_violation_only(rule_id: str, breaking: Edit, keeping: Edit) -> None:
        check = rule(rule_id).violated
        assert check is not None
        assert check(edited(breaking), WORLD), "the violating request was not flagged"
        assert not check(edited(keeping), WORLD), "the valid neighbour was flagged"

    def every_predicate_has_a_row_and_a_mutation() -> None:
        predicates = {i for i in own if rule(i).violated is not None}
        assert predicates - tabled_elsewhere <= {row[0] for row in rows}
        assert predicates <= {spec.rule_id for spec in MUTATIONS}

    return cast(Test, fires_on_the_violation_only), every_predicate_has_a_row_and_a_mutation


def broken_instance_tests(rows: list[BrokenInstance], family: Iterable[Rule]) -> tuple[Test, Test]:
    """Every post-condition of the family has a row; each accepts a plain described instance and flags its row's."""
    own = frozenset(r.id for r in family)

    def every_postcondition_is_exercised() -> None:
        posts = {i for i in own if rule(i).kind is Kind.POSTCONDITION}
        assert posts == {row[0] for row in rows}

    @pytest.mark.parametrize(("rule_id", "shown"), rows, ids=[row[0] for row in rows])
    def flags_broken_and_accepts_good(rule_id: str, shown: dict[str, Any]) -> None:
        assert post_problems(rule_id, instance()) == []
        assert post_problems(rule_id, shown), "the broken launch was accepted"

    return every_postcondition_is_exercised, cast(Test, flags_broken_and_accepts_good)
