"""Placement and capacity reservations: the zone by name or id and the subnet's own, host tenancy only for
non-burstable types and with a host, a partition number only in a partition group, a capacity preference or a
target and none with Spot."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from hypothesis import strategies as st

from strategies.families import placement
from strategies.families.context import Draft, Plan
from strategies.limits import CAPACITY_PREFERENCES_ALWAYS_LAUNCH, HOST_TENANCY
from strategies.sampling import run_draws
from strategies.world import PlacementGroup, World, example_world

WORLD = example_world()


def _placements(world: World = WORLD, **decisions: Any) -> list[tuple[Draft, dict[str, Any]]]:
    found: list[tuple[Draft, dict[str, Any]]] = []

    def body(data: st.DataObject) -> None:
        draft = dataclasses.replace(Draft(Plan(world, frozenset())), **decisions)
        placement.build(cast(st.DrawFn, data.draw), draft)
        found.append((draft, draft.params.get("Placement", {})))

    run_draws(200, body)
    return found


def test_the_zone_by_name_or_id_never_both() -> None:
    forms = set()
    for draft, spec in _placements(instance_type="m5.large"):
        named = {"AvailabilityZone", "AvailabilityZoneId"} & set(spec)
        assert len(named) <= 1
        forms.update(named)
        if named:
            assert draft.zone is not None and spec[named.pop()] in (draft.zone.name, draft.zone.zone_id)
    assert forms == {"AvailabilityZone", "AvailabilityZoneId"}


def test_with_a_subnet_the_zone_is_the_subnets() -> None:
    subnet = WORLD.subnets[1]
    zone = WORLD.zone(subnet.availability_zone)
    for _, spec in _placements(instance_type="m5.large", subnet=subnet, zone=zone):
        assert spec.get("AvailabilityZone", zone.name if zone else None) == subnet.availability_zone
        assert zone is not None and spec.get("AvailabilityZoneId", zone.zone_id) == zone.zone_id


def test_host_tenancy_only_for_non_burstable_types_with_a_host_and_no_group() -> None:
    hosted = [(d, s) for d, s in _placements(instance_type="m5.large") if s.get("Tenancy") == HOST_TENANCY]
    assert hosted
    for draft, spec in hosted:
        assert draft.host_tenancy
        assert len({"HostId", "HostResourceGroupArn"} & set(spec)) == 1
        assert "Affinity" not in spec or "HostId" in spec
        assert not {"GroupName", "GroupId"} & set(spec)
    for draft, spec in _placements(instance_type="t3.micro"):
        assert spec.get("Tenancy") != HOST_TENANCY and not draft.host_tenancy


def test_a_partition_number_only_within_the_groups_partitions() -> None:
    numbers = [s["PartitionNumber"] for _, s in _placements(instance_type="t3.micro") if "PartitionNumber" in s]
    assert numbers and set(numbers) <= {1, 2}
    cluster = dataclasses.replace(WORLD, placement_groups=(PlacementGroup("pg", "pg-0a1b2c3d", "cluster"),))
    assert not [s for _, s in _placements(cluster, instance_type="t3.micro") if "PartitionNumber" in s]


def test_a_preference_or_a_target_and_nothing_with_spot() -> None:
    kinds = set()

    def body(data: st.DataObject) -> None:
        draft = Draft(Plan(WORLD, frozenset()))
        placement.build_capacity(cast(st.DrawFn, data.draw), draft)
        spec = draft.params.get("CapacityReservationSpecification")
        if spec is None:
            return
        assert len(spec) == 1
        if "CapacityReservationPreference" in spec:
            assert spec["CapacityReservationPreference"] in CAPACITY_PREFERENCES_ALWAYS_LAUNCH
        else:
            target = spec["CapacityReservationTarget"]
            assert set(target.values()) <= {*WORLD.capacity_reservation_ids, *WORLD.capacity_reservation_group_arns}
        kinds.update(spec.get("CapacityReservationTarget", spec))

    run_draws(150, body)
    assert kinds == {"CapacityReservationPreference", "CapacityReservationId", "CapacityReservationResourceGroupArn"}

    def spot(data: st.DataObject) -> None:
        draft = dataclasses.replace(Draft(Plan(WORLD, frozenset())), spot=True)
        placement.build_capacity(cast(st.DrawFn, data.draw), draft)
        assert "CapacityReservationSpecification" not in draft.params

    run_draws(30, spot)
