"""Every mutation breaks its named rule, and only that one (judged by the rules' own predicates)."""

from __future__ import annotations

from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.rules import RULES, rule
from strategies.case import Case
from strategies.mutations import MUTATIONS, MutationSpec
from strategies.valid import valid_requests
from strategies.world import World
from tests.support.world_variants import variant_for


def broken_rules(case: Case, world: World) -> set[str]:
    return {r.id for r in RULES.values() if r.violated is not None and r.violated(case, world)}


def test_every_mutation_names_a_known_rule() -> None:
    for spec in MUTATIONS:
        assert rule(spec.rule_id).violated is not None, f"{spec.name}: {spec.rule_id} has no predicate"


@pytest.mark.parametrize("spec", MUTATIONS, ids=lambda s: s.name)
def test_mutation_breaks_exactly_its_rule(spec: MutationSpec) -> None:
    variant = variant_for(spec.applicable)
    if variant is None:
        pytest.fail(f"{spec.name} applies to no test world: give example_world() or a variant what it needs")
    world = variant.world

    @settings(max_examples=15, derandomize=True, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        base = data.draw(valid_requests(variant.base, dry_run=None)).api_params()
        case = spec.build(cast(st.DrawFn, data.draw), base, world)
        assert case.mutation is not None and case.mutation.rule_id == spec.rule_id
        assert broken_rules(case, world) == {spec.rule_id}, (case.mutation, dict(case.params), case.wire_edits)

    check()
