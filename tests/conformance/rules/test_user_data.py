"""The UserData family (conformance/rules/user_data.py, R-UD-1..3): its rules read the request on the wire (the
base64 the SDK sends), and the mutations that break them are wire edits."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.rules import rule
from conformance.rules.user_data import RULES as FAMILY
from strategies.case import Case, WireEdit
from strategies.limits import USER_DATA_MAX_BYTES
from strategies.mutations import MUTATIONS, MutationSpec
from tests.support.rule_requests import WORLD, base

OWN = frozenset(r.id for r in FAMILY)


def test_every_user_data_predicate_has_a_mutation() -> None:
    """The family's half of the table check: UserData has no edit table, its rules are read on the wire (below)."""
    predicates = {i for i in OWN if rule(i).violated is not None}
    assert predicates == {"R-UD-1", "R-UD-2"}
    assert predicates <= {spec.rule_id for spec in MUTATIONS}


# --- UserData on the wire (R-UD-1..3) ---


def test_user_data_rules_read_the_wire() -> None:
    ok = Case(params={**base(), "UserData": "x" * USER_DATA_MAX_BYTES})
    big = Case(params={**base(), "UserData": "x" * (USER_DATA_MAX_BYTES + 1)})
    raw = Case(params=base(), wire_edits=(WireEdit("UserData", "#!/bin/bash"),))
    assert ok.query["UserData"] == base64.b64encode(b"x" * USER_DATA_MAX_BYTES).decode()  # R-UD-3
    assert not any(check(ok) for check in _ud_checks())
    assert [check(big) for check in _ud_checks()] == [False, True]
    assert [check(raw) for check in _ud_checks()] == [True, False]


def _ud_checks() -> list[Callable[[Case], bool]]:
    def checker(rule_id: str) -> Callable[[Case], bool]:
        check = rule(rule_id).violated
        assert check is not None
        return lambda case: check(case, WORLD)

    return [checker("R-UD-1"), checker("R-UD-2")]


UD_MUTATIONS = [s for s in MUTATIONS if s.rule_id in ("R-UD-1", "R-UD-2")]


@pytest.mark.parametrize("spec", UD_MUTATIONS, ids=lambda s: s.name)
def test_user_data_mutations_differ_on_the_wire(spec: MutationSpec) -> None:
    assert spec.wire

    @st.composite
    def origin_and_mutation(draw: st.DrawFn) -> tuple[dict[str, Any], Case]:
        user_data = draw(st.one_of(st.none(), st.text(max_size=20)))
        origin = {**base(), **({} if user_data is None else {"UserData": user_data})}
        return origin, spec.build(draw, copy.deepcopy(origin), WORLD)

    @settings(max_examples=10, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pair=origin_and_mutation())
    def check(pair: tuple[dict[str, Any], Case]) -> None:
        origin, mutated = pair
        assert mutated.transport == "query"
        assert mutated.query.get("UserData") != Case(params=origin).query.get("UserData")

    check()
