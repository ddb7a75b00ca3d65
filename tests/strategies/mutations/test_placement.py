"""Placement mutations: each sets the one Placement member that breaks its rule and removes what would break a
second one (partition numbers, affinities, standby zones, unlimited credits)."""

from __future__ import annotations

from typing import Any

from strategies.limits import HOST_TENANCY, ID_PATTERNS, PLACEMENT_AFFINITIES, instance_family
from strategies.mutations import placement
from strategies.world import World
from tests.support.mutation_draws import on_its_variant

SPECS = {spec.name: spec for spec in placement.MUTATIONS}


def _cases(name: str, examples: int = 30) -> tuple[World, list[dict[str, Any]]]:
    world, found = on_its_variant(SPECS[name], examples)
    for case in found:
        assert case.mutation is not None and case.mutation.rule_id == SPECS[name].rule_id
    return world, [dict(case.params) for case in found]


def _standby_zones(params: dict[str, Any]) -> list[Any]:
    return [m["Ebs"]["MultiAvailabilityZoneConfiguration"] for m in params.get("BlockDeviceMappings", [])
            if "MultiAvailabilityZoneConfiguration" in m.get("Ebs", {})]


def test_the_zone_by_name_and_id_is_the_launch_zone() -> None:
    world, cases = _cases("placement-zone-and-zone-id")
    for params in cases:
        name, ident = params["Placement"]["AvailabilityZone"], params["Placement"]["AvailabilityZoneId"]
        zone = world.zone(name)
        assert zone is not None and zone.zone_id == ident
        subnet = world.subnet(str(params.get("SubnetId")))
        if subnet is not None:
            assert subnet.availability_zone == name


def test_group_name_and_id_name_the_same_group_without_a_partition() -> None:
    world, cases = _cases("placement-group-name-and-id")
    for params in cases:
        spec = params["Placement"]
        group = next(g for g in world.placement_groups if g.group_id == spec["GroupId"])
        assert spec["GroupName"] == group.group_name and "PartitionNumber" not in spec


def test_unlimited_t3_on_a_host() -> None:
    _, cases = _cases("placement-host-tenancy-unlimited-t3")
    for params in cases:
        assert instance_family(params["InstanceType"]) == "t3"
        assert params["CreditSpecification"]["CpuCredits"] == "unlimited"
        assert params["Placement"]["Tenancy"] == HOST_TENANCY


def test_host_members_without_host_tenancy() -> None:
    _, groups = _cases("placement-host-group-without-host-tenancy")
    for params in groups:
        spec = params["Placement"]
        assert "HostResourceGroupArn" in spec and spec["Tenancy"] != HOST_TENANCY and "Affinity" not in spec
    _, affinities = _cases("placement-affinity-without-host-tenancy")
    for params in affinities:
        spec = params["Placement"]
        assert spec["Affinity"] in PLACEMENT_AFFINITIES and spec.get("Tenancy") != HOST_TENANCY
        assert not {"HostId", "HostResourceGroupArn"} & set(spec)


def test_a_partition_without_a_group() -> None:
    _, cases = _cases("placement-partition-without-group")
    for params in cases:
        spec = params["Placement"]
        assert 1 <= spec["PartitionNumber"] <= 3 and not {"GroupName", "GroupId"} & set(spec)


def test_an_unknown_zone_by_name_only_and_no_standby_zones() -> None:
    world, cases = _cases("placement-zone-unknown")
    for params in cases:
        spec = params["Placement"]
        assert world.zone(spec["AvailabilityZone"]) is None and "AvailabilityZoneId" not in spec
        assert _standby_zones(params) == []


def test_unknown_and_malformed_groups_and_hosts() -> None:
    world, names = _cases("placement-group-name-unknown")
    for params in names:
        spec = params["Placement"]
        assert spec["GroupName"] not in {g.group_name for g in world.placement_groups}
        assert not {"GroupId", "PartitionNumber"} & set(spec)
    for params in _cases("placement-group-id-malformed")[1]:
        spec = params["Placement"]
        assert not ID_PATTERNS["pg"].fullmatch(spec["GroupId"]) and not {"GroupName", "PartitionNumber"} & set(spec)
    for params in _cases("placement-host-id-malformed")[1]:
        assert not ID_PATTERNS["h"].fullmatch(params["Placement"]["HostId"])


def test_an_invalid_affinity_comes_with_host_tenancy_and_no_credits_it_would_refuse() -> None:
    _, cases = _cases("placement-affinity-invalid")
    for params in cases:
        spec = params["Placement"]
        assert spec["Affinity"] not in PLACEMENT_AFFINITIES and spec["Tenancy"] == HOST_TENANCY
        unlimited = params.get("CreditSpecification", {}).get("CpuCredits") == "unlimited"
        assert not (unlimited and instance_family(params.get("InstanceType", "")) == "t3")
