"""Mutations of the instance-level network members: subnet, security groups, addresses (R-NET-*)."""

from __future__ import annotations

import ipaddress
from typing import Any

from hypothesis import strategies as st

from strategies.case import Case
from strategies.mutations import MutationSpec
from strategies.mutations._reshape import (
    default_vpc_groups,
    fresh_interface,
    has_ipv6_subnet,
    host,
    instance_level,
    ipv4_subnets,
    ipv6_subnets,
    one_instance,
    record,
    several_instances,
    unknown_id,
    vpc_group,
)
from strategies.world import MISSING_NAME_PREFIX, Subnet, World

Params = dict[str, Any]
MALFORMED_SG = ("sg-xyz", "sg-123", "group-0a1b2c3d4e5f60718", "sg_0a1b2c3d")
MALFORMED_SUBNET = ("subnet-xyz", "subnet-123", "sub-0a1b2c3d4e5f60718", "subnet_0a1b2c3d")
OUTSIDE_EVERY_SUBNET = ("192.0.2.10", "198.51.100.20", "203.0.113.30")  # documentation ranges
NOT_AN_ADDRESS = ("10.0.0", "10.0.0.300", "not-an-ip")


def _nic_subnet(params: Params, world: World) -> Subnet:
    subnet = world.subnet(str(params["NetworkInterfaces"][0]["SubnetId"]))
    assert subnet is not None
    return subnet


def _ipv6_host(subnet: Subnet, offset: int = 0) -> str:
    assert subnet.ipv6_cidr_block
    return str(ipaddress.ip_network(subnet.ipv6_cidr_block).network_address + 0x100 + offset)


def _subnet_with_nics(draw: st.DrawFn, params: Params, world: World) -> Case:
    fresh_interface(params, world)
    params["SubnetId"] = _nic_subnet(params, world).subnet_id
    return record(params, "R-NET-2", "SubnetId", "subnet-id-with-network-interfaces")


def _group_ids_with_nics(draw: st.DrawFn, params: Params, world: World) -> Case:
    fresh_interface(params, world)
    params["SecurityGroupIds"] = [vpc_group(world, _nic_subnet(params, world).vpc_id)]
    return record(params, "R-NET-3", "SecurityGroupIds", "security-group-ids-with-network-interfaces")


def _group_names_with_nics(draw: st.DrawFn, params: Params, world: World) -> Case:
    fresh_interface(params, world)
    params["SecurityGroups"] = [world.security_groups[0].group_name]
    return record(params, "R-NET-3", "SecurityGroups", "security-group-names-with-network-interfaces")


def _private_ip_with_nics(draw: st.DrawFn, params: Params, world: World) -> Case:
    fresh_interface(params, world)
    one_instance(params)
    params["PrivateIpAddress"] = host(_nic_subnet(params, world).cidr_block, draw(st.integers(0, 20)))
    return record(params, "R-NET-4", "PrivateIpAddress", "private-ip-with-network-interfaces")


def _ipv6_count_with_nics(draw: st.DrawFn, params: Params, world: World) -> Case:
    fresh_interface(params, world, ipv6_subnets(world)[0])
    params["Ipv6AddressCount"] = draw(st.integers(1, 2))
    return record(params, "R-NET-5", "Ipv6AddressCount", "ipv6-count-with-network-interfaces")


def _ipv6_count_and_list(draw: st.DrawFn, params: Params, world: World) -> Case:
    subnet = instance_level(params, world, ipv6_subnets(world)[0])
    one_instance(params)
    params["Ipv6AddressCount"] = 1
    params["Ipv6Addresses"] = [{"Ipv6Address": _ipv6_host(subnet, draw(st.integers(0, 20)))}]
    return record(params, "R-NET-6", "Ipv6Addresses", "ipv6-count-and-addresses")


def _ipv6_list_several(draw: st.DrawFn, params: Params, world: World) -> Case:
    subnet = instance_level(params, world, ipv6_subnets(world)[0])
    count = draw(st.integers(2, 3))  # MinCount = MaxCount >= 2: "more than one instance" beyond doubt
    several_instances(params, count, count)
    params["Ipv6Addresses"] = [{"Ipv6Address": _ipv6_host(subnet)}]
    return record(params, "R-NET-7", "Ipv6Addresses", "ipv6-addresses-several-instances")


def _private_ip_several(draw: st.DrawFn, params: Params, world: World) -> Case:
    subnet = instance_level(params, world)
    count = draw(st.integers(2, 3))  # MinCount = MaxCount >= 2: "more than one instance" beyond doubt
    several_instances(params, count, count)
    params["PrivateIpAddress"] = host(subnet.cidr_block)
    return record(params, "R-NET-8", "PrivateIpAddress", "private-ip-several-instances")


def _private_ip_outside(draw: st.DrawFn, params: Params, world: World) -> Case:
    subnet = instance_level(params, world)
    one_instance(params)
    network = ipaddress.ip_network(subnet.cidr_block, strict=False)
    outside = [a for a in OUTSIDE_EVERY_SUBNET if ipaddress.ip_address(a) not in network]
    choices = [*outside, str(network.network_address + 1), *NOT_AN_ADDRESS]
    params["PrivateIpAddress"] = draw(st.sampled_from(choices))
    return record(params, "R-NET-9", "PrivateIpAddress", "private-ip-outside-subnet")


def _group_id(name: str, value: Any) -> MutationSpec:
    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        instance_level(params, world)
        params["SecurityGroupIds"] = [value(draw, world)]
        return record(params, "R-NET-13", "SecurityGroupIds", name)

    return MutationSpec(name, "R-NET-13", "SecurityGroupIds", build)


def _group_id_empty(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-NET-22: an empty string among the SecurityGroupIds (alone, or beside the request's known groups)."""
    instance_level(params, world)
    known = params.get("SecurityGroupIds", [])
    params["SecurityGroupIds"] = [*known, ""] if known and draw(st.booleans()) else [""]
    return record(params, "R-NET-22", "SecurityGroupIds", "security-group-id-empty")


def _group_name_unknown(draw: st.DrawFn, params: Params, world: World) -> Case:
    instance_level(params, world)
    params.pop("SubnetId")  # group names need the default VPC (R-NET-11)
    params["SecurityGroupIds"] = default_vpc_groups(world) or params.pop("SecurityGroupIds", [])
    if not params["SecurityGroupIds"]:
        params.pop("SecurityGroupIds")
    taken = {g.group_name for g in world.security_groups}
    name = MISSING_NAME_PREFIX + draw(st.text("abcdef0123456789", min_size=6, max_size=6))
    params["SecurityGroups"] = [name if name not in taken else name + "-x"]
    return record(params, "R-NET-13", "SecurityGroups", "security-group-name-unknown")


def _nic_group_malformed(draw: st.DrawFn, params: Params, world: World) -> Case:
    nic = fresh_interface(params, world)
    nic["Groups"] = [draw(st.sampled_from(MALFORMED_SG))]
    return record(params, "R-NET-13", "NetworkInterfaces[].Groups[]", "interface-security-group-malformed")


def _subnet(name: str, value: Any) -> MutationSpec:
    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        instance_level(params, world)
        params["SubnetId"] = value(draw, world)
        return record(params, "R-NET-15", "SubnetId", name)

    return MutationSpec(name, "R-NET-15", "SubnetId", build)


def _nic_subnet_malformed(draw: st.DrawFn, params: Params, world: World) -> Case:
    nic = fresh_interface(params, world)
    nic.pop("Groups", None)
    nic["SubnetId"] = draw(st.sampled_from(MALFORMED_SUBNET))
    return record(params, "R-NET-15", "NetworkInterfaces[].SubnetId", "interface-subnet-id-malformed")


def _no_subnet_without_default_vpc(draw: st.DrawFn, params: Params, world: World) -> Case:
    instance_level(params, world)
    for key in ("SubnetId", "SecurityGroupIds"):
        params.pop(key, None)
    if params.pop("LaunchTemplate", None) is not None and "ImageId" not in params:
        params["ImageId"] = draw(st.sampled_from(world.image_ids))
    return record(params, "R-NET-1", "SubnetId", "no-subnet-without-default-vpc")


def _outside_default_vpc(world: World) -> list[Subnet]:
    return [s for s in ipv4_subnets(world) if not world.has_default_vpc or s.vpc_id != world.default_vpc_id]


def _group_names_with_foreign_subnet(draw: st.DrawFn, params: Params, world: World) -> Case:
    instance_level(params, world, draw(st.sampled_from(_outside_default_vpc(world))))
    params.pop("SecurityGroupIds", None)
    in_default = [g.group_name for g in world.security_groups if g.vpc_id == world.default_vpc_id]
    params["SecurityGroups"] = [draw(st.sampled_from(in_default or [g.group_name for g in world.security_groups]))]
    return record(params, "R-NET-11", "SecurityGroups", "security-group-names-with-foreign-subnet")


def _foreign_pairs(world: World) -> list[tuple[Subnet, str]]:
    """(subnet, security group id) pairs in different VPCs."""
    return [(s, g.group_id) for s in ipv4_subnets(world) for g in world.security_groups if g.vpc_id != s.vpc_id]


def _group_from_other_vpc(draw: st.DrawFn, params: Params, world: World) -> Case:
    subnet, group = draw(st.sampled_from(_foreign_pairs(world)))
    instance_level(params, world, subnet)
    params["SecurityGroupIds"] = [*params.get("SecurityGroupIds", []), group]
    return record(params, "R-NET-12", "SecurityGroupIds", "security-group-from-other-vpc")


def _ipv4_only(world: World) -> list[Subnet]:
    return [s for s in ipv4_subnets(world) if not s.ipv6_cidr_block]


def _ipv6_count_in_ipv4_only_subnet(draw: st.DrawFn, params: Params, world: World) -> Case:
    instance_level(params, world, draw(st.sampled_from(_ipv4_only(world))))
    params["Ipv6AddressCount"] = draw(st.integers(1, 2))
    return record(params, "R-NET-17", "Ipv6AddressCount", "ipv6-count-in-ipv4-only-subnet")


def _known_groups(world: World) -> tuple[str, ...]:
    return tuple(g.group_id for g in world.security_groups)


def _known_subnets(world: World) -> tuple[str, ...]:
    return tuple(s.subnet_id for s in world.subnets)


def _has_default_vpc(world: World) -> bool:
    return world.has_default_vpc and world.default_vpc_id is not None


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("subnet-id-with-network-interfaces", "R-NET-2", "SubnetId", _subnet_with_nics),
    MutationSpec("security-group-ids-with-network-interfaces", "R-NET-3", "SecurityGroupIds",
                 _group_ids_with_nics, applicable=lambda w: bool(w.security_groups)),
    MutationSpec("security-group-names-with-network-interfaces", "R-NET-3", "SecurityGroups",
                 _group_names_with_nics, applicable=lambda w: bool(w.security_groups)),
    MutationSpec("private-ip-with-network-interfaces", "R-NET-4", "PrivateIpAddress", _private_ip_with_nics),
    MutationSpec("ipv6-count-with-network-interfaces", "R-NET-5", "Ipv6AddressCount", _ipv6_count_with_nics,
                 applicable=has_ipv6_subnet),
    MutationSpec("ipv6-count-and-addresses", "R-NET-6", "Ipv6Addresses", _ipv6_count_and_list,
                 applicable=has_ipv6_subnet),
    MutationSpec("ipv6-addresses-several-instances", "R-NET-7", "Ipv6Addresses", _ipv6_list_several,
                 applicable=has_ipv6_subnet),
    MutationSpec("private-ip-several-instances", "R-NET-8", "PrivateIpAddress", _private_ip_several),
    MutationSpec("private-ip-outside-subnet", "R-NET-9", "PrivateIpAddress", _private_ip_outside),
    _group_id("security-group-id-malformed", lambda d, w: d(st.sampled_from(MALFORMED_SG))),
    _group_id("security-group-id-unknown", lambda d, w: unknown_id(d, "sg", _known_groups(w))),
    MutationSpec("security-group-id-empty", "R-NET-22", "SecurityGroupIds", _group_id_empty),
    MutationSpec("security-group-name-unknown", "R-NET-13", "SecurityGroups", _group_name_unknown,
                 applicable=_has_default_vpc),
    MutationSpec("interface-security-group-malformed", "R-NET-13", "NetworkInterfaces[].Groups[]",
                 _nic_group_malformed),
    _subnet("subnet-id-malformed", lambda d, w: d(st.sampled_from(MALFORMED_SUBNET))),
    _subnet("subnet-id-unknown", lambda d, w: unknown_id(d, "subnet", _known_subnets(w))),
    MutationSpec("interface-subnet-id-malformed", "R-NET-15", "NetworkInterfaces[].SubnetId",
                 _nic_subnet_malformed),
    # Rules example_world() cannot break: each needs a world variant (see `applicable`).
    MutationSpec("no-subnet-without-default-vpc", "R-NET-1", "SubnetId", _no_subnet_without_default_vpc,
                 applicable=lambda w: not w.has_default_vpc),
    MutationSpec("security-group-names-with-foreign-subnet", "R-NET-11", "SecurityGroups",
                 _group_names_with_foreign_subnet,
                 applicable=lambda w: bool(_outside_default_vpc(w) and w.security_groups)),
    MutationSpec("security-group-from-other-vpc", "R-NET-12", "SecurityGroupIds", _group_from_other_vpc,
                 applicable=lambda w: bool(_foreign_pairs(w))),
    MutationSpec("ipv6-count-in-ipv4-only-subnet", "R-NET-17", "Ipv6AddressCount",
                 _ipv6_count_in_ipv4_only_subnet, applicable=lambda w: bool(_ipv4_only(w))),
)
