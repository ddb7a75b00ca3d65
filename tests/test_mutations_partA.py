"""Part A mutations: rule coverage, wire mutations differ on the wire, wire names come from the model."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from botocore.model import Shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.rules import RULES
from strategies.case import Case
from strategies.model import input_shape
from strategies.mutations import MUTATIONS, MutationSpec
from strategies.valid import valid_requests
from strategies.wire import to_query
from strategies.wire_names import badly_typed, canonical, unknown_names, wire_types
from strategies.world import example_world

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


def _sample_value(type_name: str) -> Any:
    return {
        "string": "s",
        "integer": 1,
        "long": 1,
        "boolean": True,
        "double": 1.5,
        "float": 1.5,
        "blob": b"x",
        "timestamp": datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    }[type_name]


def _sample(shape: Shape, seen: frozenset[str] = frozenset()) -> Any:
    """A value for `shape` with every member set (lists of two items), stopping at recursive shapes."""
    if shape.type_name == "structure":
        inner = seen | {shape.name}
        return {k: _sample(m, inner) for k, m in shape.members.items() if m.name not in seen}
    if shape.type_name == "list":
        return [_sample(shape.member, seen) for _ in range(2)]
    return _sample_value(shape.type_name)


def test_wire_names_cover_every_member_the_serializer_writes() -> None:
    query = to_query(_sample(input_shape()))
    assert unknown_names(query) == []
    assert badly_typed(query) == []
    assert {canonical(k) for k in query} - {"Action", "Version"} == set(wire_types())


def test_unknown_and_badly_typed_names() -> None:
    query = {
        "Action": "RunInstances",
        "NetworkInterface.2.SecurityGroupId.1": "sg-1",
        "ImageID": "x",
        "DryRun": "yes",
        "MinCount": "1",
        "NetworkInterface.1.DeviceIndex": "0x1",
    }
    assert unknown_names(query) == ["ImageID"]
    assert badly_typed(query) == ["DryRun", "NetworkInterface.1.DeviceIndex"]
