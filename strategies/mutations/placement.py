"""Mutations that break the Placement rules (R-PLC-*)."""

from __future__ import annotations

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import (
    HOST_TENANCY,
    HOST_TENANCY_NO_UNLIMITED_FAMILIES,
    PLACEMENT_AFFINITIES,
    instance_family,
)
from strategies.mutations import MutationSpec
from strategies.mutations._edit import (
    Params,
    case,
    drop,
    drop_standby_zones,
    has_type,
    pick_type,
    put,
    retype,
    zones_named,
)
from strategies.world import MISSING_NAME_PREFIX, AvailabilityZone, World

P = "Placement"


def _is_t3(instance_type: str) -> bool:
    return instance_family(instance_type) in HOST_TENANCY_NO_UNLIMITED_FAMILIES


def _launch_zone(params: Params, world: World) -> AvailabilityZone:
    """The zone the request already launches in (its subnet's), else the world's first."""
    subnets = [params.get("SubnetId")] + [n.get("SubnetId") for n in params.get("NetworkInterfaces", [])]
    for ident in subnets:
        subnet = world.subnet(str(ident))
        zone = world.zone(subnet.availability_zone) if subnet is not None else None
        if zone is not None:
            return zone
    return world.availability_zones[0]


def zone_and_zone_id(draw: st.DrawFn, params: Params, world: World) -> Case:
    zone = _launch_zone(params, world)
    if zone.name not in zones_named(params, world):
        drop_standby_zones(params)
    put(params, f"{P}.AvailabilityZone", zone.name)
    put(params, f"{P}.AvailabilityZoneId", zone.zone_id)
    return case(params, "R-PLC-1", f"{P}.AvailabilityZoneId", "placement-zone-and-zone-id")


def group_name_and_id(draw: st.DrawFn, params: Params, world: World) -> Case:
    group = draw(st.sampled_from(world.placement_groups))
    drop(params, f"{P}.PartitionNumber")
    put(params, f"{P}.GroupName", group.group_name)
    put(params, f"{P}.GroupId", group.group_id)
    return case(params, "R-PLC-2", f"{P}.GroupId", "placement-group-name-and-id")


def unlimited_t3_on_host(draw: st.DrawFn, params: Params, world: World) -> Case:
    retype(params, str(pick_type(world, _is_t3)), world)
    put(params, "CreditSpecification.CpuCredits", "unlimited")
    put(params, f"{P}.Tenancy", HOST_TENANCY)
    return case(params, "R-PLC-3", f"{P}.Tenancy", "placement-host-tenancy-unlimited-t3")


def host_group_without_host_tenancy(draw: st.DrawFn, params: Params, world: World) -> Case:
    arns = world.host_resource_group_arns or ("arn:aws:resource-groups:us-east-1:123456789012:group/hosts",)
    drop(params, f"{P}.Affinity")  # R-PLC-10: an Affinity needs host tenancy
    put(params, f"{P}.HostResourceGroupArn", draw(st.sampled_from(arns)))
    put(params, f"{P}.Tenancy", draw(st.sampled_from(["default", "dedicated"])))
    return case(params, "R-PLC-4", f"{P}.Tenancy", "placement-host-group-without-host-tenancy")


def affinity_without_host_tenancy(draw: st.DrawFn, params: Params, world: World) -> Case:
    """ri-plc-affinity-without-host-tenancy: a valid Affinity, Tenancy omitted or not host."""
    drop(params, f"{P}.Tenancy", f"{P}.HostId", f"{P}.HostResourceGroupArn")
    if draw(st.booleans()):
        put(params, f"{P}.Tenancy", draw(st.sampled_from(["default", "dedicated"])))
    put(params, f"{P}.Affinity", draw(st.sampled_from(PLACEMENT_AFFINITIES)))
    return case(params, "R-PLC-10", f"{P}.Affinity", "placement-affinity-without-host-tenancy")


def partition_without_group(draw: st.DrawFn, params: Params, world: World) -> Case:
    drop(params, f"{P}.GroupName", f"{P}.GroupId")
    put(params, f"{P}.PartitionNumber", draw(st.integers(1, 3)))
    return case(params, "R-PLC-5", f"{P}.PartitionNumber", "placement-partition-without-group")


def unknown_zone(draw: st.DrawFn, params: Params, world: World) -> Case:
    names = {z.name for z in world.availability_zones}
    candidates = [f"{world.region}{c}" for c in "qxyz"] + ["nowhere-1a"]
    drop(params, f"{P}.AvailabilityZoneId")
    drop_standby_zones(params)
    put(params, f"{P}.AvailabilityZone", draw(st.sampled_from([c for c in candidates if c not in names])))
    return case(params, "R-PLC-6", f"{P}.AvailabilityZone", "placement-zone-unknown")


def unknown_group_name(draw: st.DrawFn, params: Params, world: World) -> Case:
    drop(params, f"{P}.GroupId", f"{P}.PartitionNumber")
    put(params, f"{P}.GroupName", draw(st.sampled_from([MISSING_NAME_PREFIX + "group", "no-such-group"])))
    return case(params, "R-PLC-7", f"{P}.GroupName", "placement-group-name-unknown")


def malformed_group_id(draw: st.DrawFn, params: Params, world: World) -> Case:
    drop(params, f"{P}.GroupName", f"{P}.PartitionNumber")
    put(params, f"{P}.GroupId", draw(st.sampled_from(["pg-xyz", "pg-", "sg-0a1b2c3d4e5f60718", "group"])))
    return case(params, "R-PLC-7", f"{P}.GroupId", "placement-group-id-malformed")


def malformed_host(draw: st.DrawFn, params: Params, world: World) -> Case:
    put(params, f"{P}.HostId", draw(st.sampled_from(["h-xyz", "host-1", "i-0a1b2c3d4e5f60718"])))
    return case(params, "R-PLC-8", f"{P}.HostId", "placement-host-id-malformed")


def bad_affinity(draw: st.DrawFn, params: Params, world: World) -> Case:
    if params.get(P, {}).get("Tenancy") != HOST_TENANCY:  # Affinity needs host tenancy (R-PLC-10)
        drop(params, "CreditSpecification")  # host tenancy refuses unlimited T3 credits (R-PLC-3)
        put(params, f"{P}.Tenancy", HOST_TENANCY)
    put(params, f"{P}.Affinity", draw(st.sampled_from(["sticky", "Host", "any"])))
    return case(params, "R-PLC-8", f"{P}.Affinity", "placement-affinity-invalid")


def _has_groups(world: World) -> bool:
    return bool(world.placement_groups)


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("placement-zone-and-zone-id", "R-PLC-1", f"{P}.AvailabilityZoneId", zone_and_zone_id),
    MutationSpec("placement-group-name-and-id", "R-PLC-2", f"{P}.GroupId", group_name_and_id,
                 applicable=_has_groups),
    MutationSpec("placement-host-tenancy-unlimited-t3", "R-PLC-3", f"{P}.Tenancy", unlimited_t3_on_host,
                 applicable=has_type(_is_t3)),
    MutationSpec("placement-host-group-without-host-tenancy", "R-PLC-4", f"{P}.Tenancy",
                 host_group_without_host_tenancy),
    MutationSpec("placement-partition-without-group", "R-PLC-5", f"{P}.PartitionNumber",
                 partition_without_group),
    MutationSpec("placement-zone-unknown", "R-PLC-6", f"{P}.AvailabilityZone", unknown_zone),
    MutationSpec("placement-group-name-unknown", "R-PLC-7", f"{P}.GroupName", unknown_group_name),
    MutationSpec("placement-group-id-malformed", "R-PLC-7", f"{P}.GroupId", malformed_group_id),
    MutationSpec("placement-host-id-malformed", "R-PLC-8", f"{P}.HostId", malformed_host),
    MutationSpec("placement-affinity-invalid", "R-PLC-8", f"{P}.Affinity", bad_affinity),
    MutationSpec("placement-affinity-without-host-tenancy", "R-PLC-10", f"{P}.Affinity",
                 affinity_without_host_tenancy),
)
