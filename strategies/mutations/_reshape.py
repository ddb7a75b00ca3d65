"""Reshaping a valid request before a part-A mutation breaks one rule (counts, network, ids).

Each helper leaves the request valid: it removes what its change would otherwise make break a second rule.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from hypothesis import strategies as st

from strategies.case import Case, Mutation, WireEdit
from strategies.limits import ID_PATTERNS, INTERFACE_RESOURCE_TYPE, SUBNET_RESERVED_LEADING
from strategies.mutations._edit import drop_standby_zones
from strategies.world import Subnet, World

Params = dict[str, Any]
INSTANCE_NETWORK = (
    "SubnetId", "SecurityGroupIds", "SecurityGroups", "PrivateIpAddress", "Ipv6AddressCount", "Ipv6Addresses",
)
# Members a request may only carry when it launches one instance (R-NET-7, R-NET-8, R-NIC-7).
_SINGLE_ONLY_TOP = ("PrivateIpAddress", "Ipv6Addresses")
_SINGLE_ONLY_NIC = ("PrivateIpAddress", "PrivateIpAddresses", "Ipv6Addresses")
_HEX = "0123456789abcdef"


def record(params: Params, rule_id: str, path: str, name: str, wire: tuple[WireEdit, ...] = ()) -> Case:
    return Case(params=params, mutation=Mutation(rule_id, path, name), wire_edits=wire)


def unknown_id(draw: st.DrawFn, kind: str, taken: tuple[str, ...], digits: int = 17) -> str:
    """A well-formed id of `kind` (`ami`, `subnet`, ...) that is not in `taken`."""
    value = f"{kind}-" + "".join(draw(st.lists(st.sampled_from(_HEX), min_size=digits, max_size=digits)))
    if value in taken:  # the first free one of ff..f, ee..e, ...: never a taken id
        value = next(v for c in reversed(_HEX) if (v := f"{kind}-" + c * digits) not in taken)
    assert ID_PATTERNS[kind].fullmatch(value)
    return value


# --- counts ---


def one_instance(params: Params) -> None:
    params["MinCount"] = params["MaxCount"] = 1


def several_instances(params: Params, low: int = 1, high: int = 2) -> None:
    """Launch several instances, without the members that need a single one."""
    for key in _SINGLE_ONLY_TOP:
        params.pop(key, None)
    for nic in params.get("NetworkInterfaces") or []:
        for key in _SINGLE_ONLY_NIC:
            nic.pop(key, None)
    for entry in params.get("SecondaryInterfaces") or []:
        entry.pop("PrivateIpAddresses", None)
        entry.pop("Ipv6Addresses", None)
    params["MinCount"], params["MaxCount"] = low, high


# --- subnets and security groups ---


def ipv4_subnets(world: World) -> list[Subnet]:
    return [s for s in world.subnets if s.cidr_block]


def ipv6_subnets(world: World) -> list[Subnet]:
    return [s for s in world.subnets if s.cidr_block and s.ipv6_cidr_block]


def has_ipv6_subnet(world: World) -> bool:
    return bool(ipv6_subnets(world))


def host(cidr: str, offset: int = 0) -> str:
    """A usable host address of `cidr` (past the reserved head)."""
    network = ipaddress.ip_network(cidr, strict=False)
    return str(network.network_address + SUBNET_RESERVED_LEADING + 6 + offset)


def _request_group_ids(params: Params, world: World) -> list[str]:
    ids = list(params.get("SecurityGroupIds") or [])
    for name in params.get("SecurityGroups") or []:
        ids += [g.group_id for g in world.security_groups if g.group_name == name]
    for nic in params.get("NetworkInterfaces") or []:
        ids += list(nic.get("Groups") or [])
    return list(dict.fromkeys(ids))


def groups_in(world: World, ids: list[str], vpc_id: str | None) -> list[str]:
    return [g.group_id for g in world.security_groups if g.group_id in ids and g.vpc_id == vpc_id]


def _request_subnet(params: Params, world: World) -> Subnet | None:
    candidates = [params.get("SubnetId")] + [n.get("SubnetId") for n in params.get("NetworkInterfaces") or []]
    for subnet_id in candidates:
        subnet = world.subnet(subnet_id) if isinstance(subnet_id, str) else None
        if subnet is not None and subnet.cidr_block:
            return subnet
    return None


def _clear_network(params: Params) -> None:
    """Remove every network member (instance level and interfaces), and the volumes' standby zones, chosen
    against the zone the instance leaves (R-BDM-28)."""
    for key in (*INSTANCE_NETWORK, "NetworkInterfaces", "EnablePrimaryIpv6", "PrivateDnsNameOptions"):
        params.pop(key, None)
    drop_standby_zones(params)


def instance_level(params: Params, world: World, subnet: Subnet | None = None) -> Subnet:
    """Name one known subnet (and its VPC's groups) at instance level; no interfaces, no addresses."""
    chosen = subnet or _request_subnet(params, world) or ipv4_subnets(world)[0]
    ids = groups_in(world, _request_group_ids(params, world), chosen.vpc_id)
    _clear_network(params)
    params["SubnetId"] = chosen.subnet_id
    if ids:
        params["SecurityGroupIds"] = ids
    return chosen


def fresh_interface(
    params: Params, world: World, subnet: Subnet | None = None, **fields: Any
) -> dict[str, Any]:
    """Make the request's network exactly one new primary interface (with `fields`) in a known subnet."""
    chosen = subnet or _request_subnet(params, world) or ipv4_subnets(world)[0]
    ids = groups_in(world, _request_group_ids(params, world), chosen.vpc_id)
    _clear_network(params)
    nic: dict[str, Any] = {"DeviceIndex": 0, "SubnetId": chosen.subnet_id, **fields}
    if ids:
        nic["Groups"] = ids
    params["NetworkInterfaces"] = [nic]
    return nic


def existing_interface(params: Params, eni: str, **fields: Any) -> dict[str, Any]:
    """Make the request's network exactly one existing interface, launching one instance (and no tags for
    network interfaces: the launch creates none, R-TAG-15)."""
    _clear_network(params)
    nic: dict[str, Any] = {"DeviceIndex": 0, "NetworkInterfaceId": eni, **fields}
    params["NetworkInterfaces"] = [nic]
    one_instance(params)
    no_interface_tags(params)
    return nic


def no_interface_tags(params: Params) -> None:
    """Drop the TagSpecification for network interfaces (the whole member when it was the only one)."""
    specs = [s for s in params.get("TagSpecifications", []) if s.get("ResourceType") != INTERFACE_RESOURCE_TYPE]
    if specs:
        params["TagSpecifications"] = specs
    else:
        params.pop("TagSpecifications", None)


def creates_interface(params: Params) -> bool:
    """The launch creates a network interface: no NetworkInterfaces (its primary one), or one without an id."""
    interfaces = params.get("NetworkInterfaces") or []
    return not interfaces or any(not n.get("NetworkInterfaceId") for n in interfaces)


def default_vpc_groups(world: World) -> list[str]:
    return [g.group_id for g in world.security_groups if g.vpc_id == world.default_vpc_id]


def vpc_group(world: World, vpc_id: str) -> str | None:
    return next((g.group_id for g in world.security_groups if g.vpc_id == vpc_id), None)
