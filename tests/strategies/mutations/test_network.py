"""Instance-level network mutations: the request made one interface or one instance-level subnet first, then the
member that breaks the rule (a mixed mode, an address count and list, a private IP for several instances or
outside the subnet, unknown or malformed groups and subnets, a foreign VPC)."""

from __future__ import annotations

import ipaddress
from typing import Any

from strategies.limits import ID_PATTERNS
from strategies.mutations import network
from strategies.world import World
from tests.support.mutation_draws import on_its_variant
from tests.support.world_variants import IPV4_ONLY, NO_DEFAULT_VPC, TWO_VPCS

SPECS = {spec.name: spec for spec in network.MUTATIONS}


def _cases(name: str, examples: int = 20) -> tuple[World, list[dict[str, Any]]]:
    world, found = on_its_variant(SPECS[name], examples)
    return world, [dict(case.params) for case in found]


def _nic(params: dict[str, Any]) -> dict[str, Any]:
    (nic,) = params["NetworkInterfaces"]
    assert nic["DeviceIndex"] == 0
    found: dict[str, Any] = nic
    return found


def test_instance_level_members_beside_one_interface() -> None:
    expected = {
        "subnet-id-with-network-interfaces": "SubnetId",
        "security-group-ids-with-network-interfaces": "SecurityGroupIds",
        "security-group-names-with-network-interfaces": "SecurityGroups",
        "private-ip-with-network-interfaces": "PrivateIpAddress",
        "ipv6-count-with-network-interfaces": "Ipv6AddressCount",
    }
    for name, member in expected.items():
        world, cases = _cases(name, 10)
        for params in cases:
            nic = _nic(params)
            subnet = world.subnet(nic["SubnetId"])
            assert subnet is not None and member in params
            others = {"SubnetId", "SecurityGroupIds", "SecurityGroups", "PrivateIpAddress", "Ipv6AddressCount",
                      "Ipv6Addresses"} - {member}
            assert not others & set(params), (name, params)
            if member == "SubnetId":
                assert params["SubnetId"] == nic["SubnetId"]
            if member == "PrivateIpAddress":
                assert ipaddress.ip_address(params[member]) in ipaddress.ip_network(subnet.cidr_block)
                assert params["MaxCount"] == 1


def test_ipv6_addresses_counted_and_listed_or_listed_for_several() -> None:
    world, both = _cases("ipv6-count-and-addresses")
    for params in both:
        subnet = world.subnet(params["SubnetId"])
        assert subnet is not None and subnet.ipv6_cidr_block and params["Ipv6AddressCount"] == 1
        (listed,) = params["Ipv6Addresses"]
        assert ipaddress.ip_address(listed["Ipv6Address"]) in ipaddress.ip_network(subnet.ipv6_cidr_block)
        assert params["MaxCount"] == 1
    for params in _cases("ipv6-addresses-several-instances")[1]:
        assert params["MinCount"] == params["MaxCount"] >= 2 and len(params["Ipv6Addresses"]) == 1


def test_a_private_ip_for_several_instances_or_outside_the_subnet() -> None:
    world, several = _cases("private-ip-several-instances")
    for params in several:
        subnet = world.subnet(params["SubnetId"])
        assert subnet is not None and params["MinCount"] == params["MaxCount"] >= 2
        assert ipaddress.ip_address(params["PrivateIpAddress"]) in ipaddress.ip_network(subnet.cidr_block)
    world, outside = _cases("private-ip-outside-subnet", 40)
    kinds = set()
    for params in outside:
        subnet = world.subnet(params["SubnetId"])
        assert subnet is not None and params["MaxCount"] == 1
        network_ = ipaddress.ip_network(subnet.cidr_block)
        try:
            address = ipaddress.ip_address(params["PrivateIpAddress"])
        except ValueError:
            kinds.add("not an address")
            continue
        reserved = address == network_.network_address + 1
        assert reserved or address not in network_
        kinds.add("reserved" if reserved else "outside")
    assert kinds == {"not an address", "reserved", "outside"}


def test_malformed_and_unknown_groups_and_subnets() -> None:
    world, malformed = _cases("security-group-id-malformed")
    for params in malformed:
        (group,) = params["SecurityGroupIds"]
        assert group in network.MALFORMED_SG and "SubnetId" in params
    for params in _cases("security-group-id-unknown")[1]:
        (group,) = params["SecurityGroupIds"]
        assert ID_PATTERNS["sg"].fullmatch(group) and world.security_group(group) is None
    for params in _cases("subnet-id-malformed")[1]:
        assert params["SubnetId"] in network.MALFORMED_SUBNET
    for params in _cases("subnet-id-unknown")[1]:
        assert ID_PATTERNS["subnet"].fullmatch(params["SubnetId"]) and world.subnet(params["SubnetId"]) is None
    for params in _cases("interface-security-group-malformed")[1]:
        assert _nic(params)["Groups"][0] in network.MALFORMED_SG
    for params in _cases("interface-subnet-id-malformed")[1]:
        nic = _nic(params)
        assert nic["SubnetId"] in network.MALFORMED_SUBNET and "Groups" not in nic


def test_an_unknown_group_name_in_the_default_vpc() -> None:
    world, cases = _cases("security-group-name-unknown")
    for params in cases:
        assert "SubnetId" not in params and "NetworkInterfaces" not in params
        (name,) = params["SecurityGroups"]
        assert world.security_group(name) is None
        assert all(world.security_group(g) is not None for g in params.get("SecurityGroupIds", ()))


def test_the_variant_world_mutations() -> None:
    world, no_subnet = _cases("no-subnet-without-default-vpc")
    assert world is NO_DEFAULT_VPC
    for params in no_subnet:
        assert not {"SubnetId", "SecurityGroupIds", "NetworkInterfaces", "LaunchTemplate"} & set(params)
        assert params["ImageId"] in world.image_ids
    world, foreign = _cases("security-group-names-with-foreign-subnet")
    for params in foreign:
        subnet, (name,) = world.subnet(params["SubnetId"]), params["SecurityGroups"]
        group = world.security_group(name)
        assert subnet is not None and group is not None and subnet.vpc_id != world.default_vpc_id
    world, other_vpc = _cases("security-group-from-other-vpc")
    assert world is TWO_VPCS
    for params in other_vpc:
        subnet = world.subnet(params["SubnetId"])
        assert subnet is not None
        vpcs = {g.vpc_id for g in map(world.security_group, params["SecurityGroupIds"]) if g is not None}
        assert vpcs - {subnet.vpc_id}
    world, ipv4_only = _cases("ipv6-count-in-ipv4-only-subnet")
    assert world is IPV4_ONLY
    for params in ipv4_only:
        subnet = world.subnet(params["SubnetId"])
        assert subnet is not None and not subnet.ipv6_cidr_block and params["Ipv6AddressCount"] >= 1
