"""Predicates and post-conditions of the instance-level network rules (R-NET-*), used by `network.py`."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from conformance.findings import FailedCheck
from conformance.rules._readers import launched
from conformance.rules._request import (
    dicts,
    given,
    is_ipv4,
    launch_template,
    launches_several,
    malformed,
    nics,
    positive,
    strings,
    subnet_of,
    well_formed,
)
from conformance.rules.core import Launch
from strategies.case import Case
from strategies.limits import SUBNET_RESERVED_LEADING, SUBNET_RESERVED_TRAILING
from strategies.world import Subnet, World


def _top(case: Case, key: str) -> bool:
    return given(case.params, key)


def names_no_subnet(case: Case) -> bool:
    """Neither the request nor a launch template names a subnet or an existing interface."""
    if _top(case, "SubnetId") or launch_template(case):
        return False
    return not any(given(n, "SubnetId") or given(n, "NetworkInterfaceId") for n in nics(case))


def no_default_vpc(case: Case, world: World) -> bool:
    return names_no_subnet(case) and not world.has_default_vpc


def subnet_and_nics(case: Case, world: World) -> bool:
    return _top(case, "SubnetId") and bool(nics(case))


def groups_and_nics(case: Case, world: World) -> bool:
    return (_top(case, "SecurityGroupIds") or _top(case, "SecurityGroups")) and bool(nics(case))


def private_ip_and_nics(case: Case, world: World) -> bool:
    return _top(case, "PrivateIpAddress") and bool(nics(case))


def ipv6_and_nics(case: Case, world: World) -> bool:
    return (_top(case, "Ipv6AddressCount") or _top(case, "Ipv6Addresses")) and bool(nics(case))


def ipv6_count_and_list(case: Case, world: World) -> bool:
    return _top(case, "Ipv6AddressCount") and _top(case, "Ipv6Addresses")


def ipv6_list_several(case: Case, world: World) -> bool:
    listed = _top(case, "Ipv6Addresses") or any(given(n, "Ipv6Addresses") for n in nics(case))
    return listed and launches_several(case)


def private_ip_several(case: Case, world: World) -> bool:
    return _top(case, "PrivateIpAddress") and launches_several(case)


def in_range(address: str, subnet: Subnet) -> bool:
    """The address lies in the subnet's IPv4 range."""
    try:
        return ipaddress.IPv4Address(address) in ipaddress.IPv4Network(subnet.cidr_block, strict=False)
    except ValueError:
        return False


def usable_in(address: str, subnet: Subnet) -> bool:
    """A host address of the subnet's IPv4 range, outside the reserved head and tail."""
    try:
        network = ipaddress.IPv4Network(subnet.cidr_block, strict=False)
    except ValueError:
        return False
    host = ipaddress.IPv4Address(address)
    first = network.network_address + SUBNET_RESERVED_LEADING
    last = network.broadcast_address - SUBNET_RESERVED_TRAILING
    return host in network and first <= host <= last


def private_ip_outside_subnet(case: Case, world: World) -> bool:
    address = case.params.get("PrivateIpAddress")
    if address is None:
        return False
    if not is_ipv4(address):
        return True
    subnet = subnet_of(world, case.params.get("SubnetId"))
    return subnet is not None and not usable_in(address, subnet)


def two_primaries(case: Case, world: World) -> bool:
    primary_in_nic = any(
        entry.get("Primary") is True for n in nics(case) for entry in dicts(n.get("PrivateIpAddresses"))
    )
    return _top(case, "PrivateIpAddress") and primary_in_nic


def names_with_foreign_subnet(case: Case, world: World) -> bool:
    subnet = subnet_of(world, case.params.get("SubnetId"))
    if not _top(case, "SecurityGroups") or subnet is None:
        return False
    return not world.has_default_vpc or subnet.vpc_id != world.default_vpc_id


def _group_vpcs(world: World, ids: list[str]) -> set[str]:
    return {g.vpc_id for g in world.security_groups if g.group_id in ids}


def _instance_level_vpc(case: Case, world: World) -> str | None:
    subnet = subnet_of(world, case.params.get("SubnetId"))
    if subnet is not None:
        return subnet.vpc_id
    if names_no_subnet(case) and world.has_default_vpc:
        return world.default_vpc_id
    return None


def groups_in_other_vpc(case: Case, world: World) -> bool:
    vpc = _instance_level_vpc(case, world)
    ids = strings(case.params.get("SecurityGroupIds"))
    if vpc is not None and _group_vpcs(world, ids) - {vpc}:
        return True
    for nic in nics(case):
        subnet = subnet_of(world, nic.get("SubnetId"))
        if subnet is not None and _group_vpcs(world, strings(nic.get("Groups"))) - {subnet.vpc_id}:
            return True
    return False


def _bad_group_ids(world: World, ids: list[str]) -> bool:
    known = {g.group_id for g in world.security_groups}
    return any(malformed("sg", i) or i not in known for i in ids)


def bad_groups(case: Case, world: World) -> bool:
    """R-NET-13: a malformed or unknown group id, or an unknown group name (an empty SecurityGroupIds entry is
    R-NET-22's)."""
    names = {g.group_name for g in world.security_groups}
    if any(n not in names for n in strings(case.params.get("SecurityGroups"))):
        return True
    top = [i for i in strings(case.params.get("SecurityGroupIds")) if i]
    id_lists = [top] + [strings(n.get("Groups")) for n in nics(case)]
    return any(_bad_group_ids(world, ids) for ids in id_lists)


def empty_group_id(case: Case, world: World) -> bool:
    """R-NET-22: an empty string among the SecurityGroupIds (EC2's empty-value check, before the id's form)."""
    return "" in strings(case.params.get("SecurityGroupIds"))


def _bad_subnet(world: World, value: Any) -> bool:
    if value is None:
        return False
    return malformed("subnet", value) or (well_formed("subnet", value) and world.subnet(value) is None)


def bad_subnets(case: Case, world: World) -> bool:
    values = [case.params.get("SubnetId")] + [n.get("SubnetId") for n in nics(case)]
    return any(_bad_subnet(world, v) for v in values)


def _wants_ipv6(spec: Mapping[str, Any]) -> bool:
    return positive(spec, "Ipv6AddressCount") or given(spec, "Ipv6Addresses")


def ipv6_without_subnet_ipv6(case: Case, world: World) -> bool:
    specs = [(case.params, case.params.get("SubnetId"))] + [(n, n.get("SubnetId")) for n in nics(case)]
    for spec, subnet_id in specs:
        subnet = subnet_of(world, subnet_id)
        if _wants_ipv6(spec) and subnet is not None and not subnet.ipv6_cidr_block:
            return True
    return False


def names_no_groups(case: Case) -> bool:
    if _top(case, "SecurityGroupIds") or _top(case, "SecurityGroups") or launch_template(case):
        return False
    return not any(given(n, "Groups") or given(n, "NetworkInterfaceId") for n in nics(case))


def default_group_used(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    if not names_no_groups(case):
        return []
    problems = []
    for where, instance in launched(launch.reservation, launch.described):
        groups = dicts(instance.get("SecurityGroups"))
        names = {g.get("GroupName") for g in groups} - {None}
        if not groups or (names and "default" not in names):
            problems.append(FailedCheck("SecurityGroups (default)",
                                    f"{where} {instance.get('InstanceId')}: security groups "
                                    f"{sorted(map(str, names))}, expected the VPC's default group"))
    return problems


def primary_private_ip(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    requested = case.params.get("PrivateIpAddress")
    problems = []
    for where, instance in launched(launch.reservation, launch.described):
        subnet = subnet_of(world, instance.get("SubnetId"))
        if subnet is not None and not subnet.cidr_block:
            continue  # IPv6-only subnet: no IPv4 address to check
        address = instance.get("PrivateIpAddress")
        name = f"{where} {instance.get('InstanceId')}"
        if not is_ipv4(address):
            problems.append(FailedCheck("PrivateIpAddress (assigned)", f"{name}: no primary private IPv4 address "
                                                                   f"({address!r})"))
        elif requested is not None and address != requested:
            problems.append(FailedCheck("PrivateIpAddress",
                                        f"{name}: private address {address}, requested {requested}"))
        elif subnet is not None and not in_range(str(address), subnet):
            # R-NET-19 promises an address "from the IPv4 range of your subnet"; the reserved head and
            # tail of the range are VPC documentation the catalogue does not cite, so they are not judged.
            problems.append(FailedCheck("PrivateIpAddress (in subnet)",
                                    f"{name}: private address {address} outside subnet {subnet.cidr_block}"))
    return problems



def _requested_subnet(case: Case, world: World) -> Subnet | None:
    """The subnet the request names for the primary interface (top level or eth0's new interface)."""
    named = [case.params.get("SubnetId")] + [n.get("SubnetId") for n in nics(case) if n.get("DeviceIndex") == 0]
    return next((s for s in (subnet_of(world, value) for value in named) if s is not None), None)


def in_subnet_vpc_and_zone(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """Every instance is in the VPC and the Availability Zone of the subnet it was launched into."""
    named = _requested_subnet(case, world)
    problems = []
    for where, instance in launched(launch.reservation, launch.described):
        subnet = named or subnet_of(world, instance.get("SubnetId"))
        if subnet is None:
            continue
        placement = instance.get("Placement")
        zone = placement.get("AvailabilityZone") if isinstance(placement, Mapping) else None
        name = f"{where} {instance.get('InstanceId')}"
        if instance.get("VpcId") and instance.get("VpcId") != subnet.vpc_id:
            problems.append(FailedCheck("SubnetId (VPC)", f"{name}: in VPC {instance.get('VpcId')}, its subnet "
                                                          f"{subnet.subnet_id} is in {subnet.vpc_id}"))
        if zone and zone != subnet.availability_zone:
            problems.append(FailedCheck("SubnetId (zone)", f"{name}: in zone {zone}, its subnet "
                                                           f"{subnet.subnet_id} is in {subnet.availability_zone}"))
    return problems
