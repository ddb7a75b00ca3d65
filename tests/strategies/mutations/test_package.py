"""The mutation registry and its strategies: selection by world, rule, name and wire; every mutation breaks
its named rule and only that one (judged by the rules' own predicates); every breakable rule of part A (protocol,
counts, image, network, nic, idempotency) has one; wire mutations differ on the wire."""

from __future__ import annotations

from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance.rules import RULES, rule
from strategies.case import Case
from strategies.mutations import MUTATIONS, MutationSpec, mutations, select, wire_mutations
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import example_world
from tests.support.rule_requests import broken
from tests.support.world_variants import variant_for

WORLD = example_world()
PART_A_FAMILIES = ("protocol", "counts", "image", "network", "nic", "idempotency")
# Part A rules a request can break but no mutation breaks alone in example_world(), and why.
NO_MUTATION = {
    "R-AMI-8": "needs an image registered without ENA",
    "R-NET-1": "needs a world without a default VPC",
    "R-NET-10": "only breakable together with R-NET-4",
    "R-NET-11": "needs a subnet outside the default VPC",
    "R-NET-12": "needs a second VPC",
    "R-NET-17": "needs a subnet without IPv6",
    "R-NIC-21": "needs an IPv6-only subnet",
    "R-ITYPE-2": "needs a type one of the world's zones does not offer",
}
WIRE_SPECS = [s for s in MUTATIONS if s.wire]



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
        assert broken(case, world) == {spec.rule_id}, (case.mutation, dict(case.params), case.wire_edits)

    check()


def _part_a_specs() -> list[MutationSpec]:
    return [s for s in MUTATIONS if RULES[s.rule_id].family in PART_A_FAMILIES]


def test_every_breakable_part_a_rule_has_a_mutation() -> None:
    breakable = {r.id for r in RULES.values() if r.family in PART_A_FAMILIES and r.violated is not None}
    mutated = {s.rule_id for s in _part_a_specs() if s.applicable(WORLD)}
    assert breakable - mutated == set(NO_MUTATION)


def test_required_wire_mutations_exist() -> None:
    names = {s.name for s in WIRE_SPECS}
    wanted = {
        "min-count-missing",
        "max-count-missing",
        "image-id-missing-on-wire",
        "min-count-not-integer",
        "max-count-not-integer",
        "min-count-negative",
        "max-count-negative",
        "boolean-not-true-or-false",
        "unknown-parameter-name",
        "wrong-version",
        "unknown-action",
    }
    assert wanted <= names


def test_resource_mutations_exist() -> None:
    names = {s.name for s in MUTATIONS}
    wanted = {
        "image-id-unknown",
        "subnet-id-unknown",
        "security-group-id-unknown",
        "security-group-name-unknown",
        "launch-template-id-unknown",
        "launch-template-name-unknown",
        "image-id-malformed",
        "subnet-id-malformed",
        "security-group-id-malformed",
        "launch-template-id-malformed",
        "network-interface-id-malformed",
        "kernel-id-malformed",
        "ramdisk-id-malformed",
    }
    assert wanted <= names


@st.composite
def _mutated(draw: st.DrawFn, spec: MutationSpec) -> Case:
    base = draw(valid_requests(WORLD, dry_run=None)).api_params()
    return spec.build(draw, base, WORLD)


@pytest.mark.parametrize(
    "spec", [s for s in WIRE_SPECS if RULES[s.rule_id].family in PART_A_FAMILIES], ids=lambda s: s.name
)
def test_wire_mutation_differs_on_the_wire(spec: MutationSpec) -> None:
    @settings(
        max_examples=10,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=_mutated(spec))
    def check(case: Case) -> None:
        origin = Case(case.params).query
        assert case.wire_edits and case.transport == "query"
        assert case.query != origin
        assert case.mutation is not None and case.mutation.name == spec.name

    check()


def test_names_are_unique_and_the_repr_is_short() -> None:
    names = [spec.name for spec in MUTATIONS]
    assert len(names) == len(set(names))
    spec = next(s for s in MUTATIONS if s.name == "wrong-version")
    assert repr(spec) == "MutationSpec('wrong-version', rule=R-PROTO-1, path='Version', wire=True)"


def test_select_filters_by_world_rule_name_and_wire() -> None:
    applicable = select(WORLD)
    assert applicable == tuple(s for s in MUTATIONS if s.applicable(WORLD))
    assert {s.rule_id for s in select(WORLD, rules=["R-COUNT-1"])} == {"R-COUNT-1"}
    assert [s.name for s in select(WORLD, names=["wrong-version", "no-such-spec"])] == ["wrong-version"]
    assert all(s.wire for s in select(WORLD, wire=True)) and not any(s.wire for s in select(WORLD, wire=False))
    assert len(select(WORLD, wire=True)) + len(select(WORLD, wire=False)) == len(applicable)
    assert select(WORLD, rules=["R-COUNT-1"], wire=False) == ()


def test_mutations_draw_from_a_valid_origin_and_refuse_an_empty_selection() -> None:
    drawn = mutations(WORLD, rules=["R-COUNT-2", "R-COUNT-3"], max_count=2)
    seen: set[str] = set()

    def body(data: st.DataObject) -> None:
        case = data.draw(drawn)
        assert case.mutation is not None and case.mutation.rule_id in ("R-COUNT-2", "R-COUNT-3")
        assert case.origin is not None and broken(Case(case.origin), WORLD) == set()
        seen.add(case.mutation.name)

    run_draws(40, body)
    assert len(seen) > 1
    with pytest.raises(InvalidArgument, match="no mutation applies"):
        mutations(WORLD, rules=["R-NO-SUCH-RULE"])


def test_wire_mutations_go_out_as_query_requests() -> None:
    drawn = wire_mutations(WORLD)
    run_draws(30, lambda data: _assert_query(data.draw(drawn)))


def _assert_query(case: Case) -> None:
    assert case.transport == "query" and case.wire_edits
