"""Where the instance connects: the default VPC, one subnet, or network interfaces (R-NET-*).

The three modes never mix: beside `NetworkInterfaces` there is no instance-level SubnetId, security
group, private IP or IPv6 member (R-NET-2..5).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies.families import interfaces
from strategies.families.context import Draft, flags, pick, some, take_hosts
from strategies.families.interfaces import ipv6_addressing
from strategies.world import SecurityGroup, Subnet

PATHS = frozenset(
    {
        "SubnetId",
        "SecurityGroupIds[]",
        "SecurityGroups[]",
        "PrivateIpAddress",
        "Ipv6AddressCount",
        "Ipv6Addresses[].Ipv6Address",
        "Ipv6Addresses[].IsPrimaryIpv6",
        "EnablePrimaryIpv6",
        "PrivateDnsNameOptions.HostnameType",
        "PrivateDnsNameOptions.EnableResourceNameDnsARecord",
        "PrivateDnsNameOptions.EnableResourceNameDnsAAAARecord",
    }
)


def groups_in(draft: Draft, vpc_id: str | None) -> tuple[SecurityGroup, ...]:
    return tuple(g for g in draft.world.security_groups if g.vpc_id == vpc_id)


def build(draw: st.DrawFn, draft: Draft) -> None:
    world = draft.world
    modes = ["subnet"]
    if world.has_default_vpc and world.default_vpc_id:
        modes.append("default-vpc")
    if draft.allows("NetworkInterfaces[].DeviceIndex"):
        modes.append("interfaces")
    mode = pick(draw, modes)
    if mode == "interfaces":
        interfaces.build(draw, draft)
    elif mode == "subnet":
        _in_subnet(draw, draft, pick(draw, draft.offering(world.subnets)))
    else:
        _in_default_vpc(draw, draft)
    if not draft.primary_is_existing_eni and draft.allows("PrivateDnsNameOptions.HostnameType"):
        _dns_names(draw, draft)


def _in_default_vpc(draw: st.DrawFn, draft: Draft) -> None:
    """R-NET-1, R-NET-11: no subnet; groups of the default VPC, by id or by name."""
    draft.vpc_id = draft.world.default_vpc_id
    groups = groups_in(draft, draft.vpc_id)
    with_groups, by_name = flags(draw, 2)
    if with_groups and groups:
        chosen = some(draw, groups)
        if by_name:
            draft.params["SecurityGroups"] = [g.group_name for g in chosen]
        else:
            draft.params["SecurityGroupIds"] = [g.group_id for g in chosen]


def _in_subnet(draw: st.DrawFn, draft: Draft, subnet: Subnet) -> None:
    """R-NET-12: groups of the subnet's VPC; R-NET-8/9: one private IP of the subnet, one instance only."""
    params = draft.params
    draft.subnet, draft.vpc_id = subnet, subnet.vpc_id
    draft.zone = draft.world.zone(subnet.availability_zone)
    params["SubnetId"] = subnet.subnet_id
    with_groups, private_ip, ipv6, primary_ipv6 = flags(draw, 4)
    groups = groups_in(draft, subnet.vpc_id)
    if with_groups and groups:
        params["SecurityGroupIds"] = [g.group_id for g in some(draw, groups)]
    if private_ip and draft.single and subnet.cidr_block:  # IPv6-only subnets have no IPv4 range
        params["PrivateIpAddress"] = take_hosts(draw, draft, subnet.cidr_block)[0]
    if subnet.ipv6_cidr_block:
        if ipv6:
            params.update(ipv6_addressing(draw, draft, subnet.ipv6_cidr_block, "Ipv6Addresses[]"))
        if primary_ipv6 and draft.allows("EnablePrimaryIpv6"):
            params["EnablePrimaryIpv6"] = draw(st.booleans())


def _dns_names(draw: st.DrawFn, draft: Draft) -> None:
    """R-NIC-21: IPv4-only (or unknown) subnets name instances by IP; AAAA records need IPv6."""
    include, hostname, by_resource, a_record, aaaa_record = flags(draw, 5)
    if not include:
        return
    dual_stack = draft.subnet is not None and draft.subnet.ipv6_cidr_block is not None
    ipv6_only = dual_stack and draft.subnet is not None and not draft.subnet.cidr_block
    options: dict[str, Any] = {}
    if hostname:  # IPv6-only subnets name instances by resource (instance id), never by IPv4 address
        options["HostnameType"] = "resource-name" if ipv6_only or (dual_stack and by_resource) else "ip-name"
    if a_record:
        options["EnableResourceNameDnsARecord"] = draw(st.booleans())
    if aaaa_record:
        options["EnableResourceNameDnsAAAARecord"] = dual_stack and draw(st.booleans())
    if options:
        draft.params["PrivateDnsNameOptions"] = options
