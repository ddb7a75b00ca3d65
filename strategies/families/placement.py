"""Placement and capacity reservations (R-PLC-*, R-CR-*): one of each pair, consistent with the subnet."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies.families.context import Draft, flags, integers, pick
from strategies.families.generic import enum_of, for_path
from strategies.limits import (
    CAPACITY_PREFERENCES_ALWAYS_LAUNCH,
    HOST_TENANCY,
    PARTITION_COUNT_MAX,
    PLACEMENT_AFFINITIES,
)

PATHS = frozenset(
    {
        "Placement.AvailabilityZone",
        "Placement.AvailabilityZoneId",
        "Placement.Affinity",
        "Placement.GroupName",
        "Placement.GroupId",
        "Placement.PartitionNumber",
        "Placement.HostId",
        "Placement.Tenancy",
        "Placement.SpreadDomain",
        "Placement.HostResourceGroupArn",
        "CapacityReservationSpecification.CapacityReservationPreference",
        "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId",
        "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationResourceGroupArn",
    }
)


def build(draw: st.DrawFn, draft: Draft) -> None:
    include, zone, by_id, tenancy, group, spread = flags(draw, 6)
    if not include:
        return
    placement: dict[str, Any] = {}
    if zone:
        placement.update(_zone(draw, draft, by_id))
    if tenancy:
        placement.update(_tenancy(draw, draft))
    if group and not draft.host_tenancy:
        placement.update(_group(draw, draft, by_id))
    if spread and draft.allows("Placement.SpreadDomain"):
        placement["SpreadDomain"] = draw(for_path("Placement.SpreadDomain"))
    if placement:
        draft.params["Placement"] = placement


def _zone(draw: st.DrawFn, draft: Draft, by_id: bool) -> dict[str, str]:
    """R-PLC-1: the zone by name or by id, never both; the subnet's zone when there is a subnet."""
    world = draft.world
    offering = tuple(z for z in world.availability_zones if world.offers(draft.instance_type, z.name))
    zone = draft.zone if draft.subnet is not None else pick(draw, offering or world.availability_zones)
    if zone is None:
        return {}
    draft.zone = zone
    return {"AvailabilityZoneId": zone.zone_id} if by_id else {"AvailabilityZone": zone.name}


def _tenancy(draw: st.DrawFn, draft: Draft) -> dict[str, str]:
    """R-PLC-3/4/8: host tenancy (with a host or a host resource group) only for non-burstable types."""
    world = draft.world
    host_targets = world.host_ids + world.host_resource_group_arns
    on_host, = flags(draw, 1)
    if on_host and host_targets and not world.burstable(draft.instance_type):
        tenancy = HOST_TENANCY
    else:
        tenancy = pick(draw, [t for t in enum_of("Placement.Tenancy") if t != HOST_TENANCY])
    if tenancy != HOST_TENANCY:
        return {"Tenancy": tenancy}
    draft.host_tenancy = True
    spec = {"Tenancy": tenancy}
    target, affinity = pick(draw, host_targets), flags(draw, 1)[0]
    if target in world.host_ids:
        spec["HostId"] = target
        if affinity:
            spec["Affinity"] = pick(draw, PLACEMENT_AFFINITIES)
    else:
        spec["HostResourceGroupArn"] = target
    return spec


def _group(draw: st.DrawFn, draft: Draft, by_id: bool) -> dict[str, Any]:
    """R-PLC-2: group by name or by id; R-PLC-5: a partition number only in a partition group."""
    if not draft.world.placement_groups:
        return {}
    group = pick(draw, draft.world.placement_groups)
    spec: dict[str, Any] = {"GroupId": group.group_id} if by_id else {"GroupName": group.group_name}
    if group.strategy == "partition" and flags(draw, 1)[0]:
        spec["PartitionNumber"] = draw(integers(1, min(group.partition_count, PARTITION_COUNT_MAX)))
    return spec


def build_capacity(draw: st.DrawFn, draft: Draft) -> None:
    """R-CR-1/2: a preference or a target (a reservation or a reservation group), not both."""
    world = draft.world
    include, targeted, by_group = flags(draw, 3)
    if not include or draft.spot:
        return
    targets = world.capacity_reservation_group_arns if by_group else world.capacity_reservation_ids
    spec: dict[str, Any]
    if targeted and targets:
        key = "CapacityReservationResourceGroupArn" if by_group else "CapacityReservationId"
        spec = {"CapacityReservationTarget": {key: pick(draw, targets)}}
    else:
        spec = {"CapacityReservationPreference": pick(draw, CAPACITY_PREFERENCES_ALWAYS_LAUNCH)}
    draft.params["CapacityReservationSpecification"] = spec
