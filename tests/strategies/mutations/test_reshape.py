"""Reshaping a valid request before a part-A mutation: unknown but well-formed ids, one or several instances
without the single-instance members, and the network made exactly one subnet or one interface."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from hypothesis import strategies as st

from strategies.limits import ID_PATTERNS, SUBNET_RESERVED_LEADING
from strategies.mutations._reshape import (
    default_vpc_groups,
    existing_interface,
    fresh_interface,
    groups_in,
    has_ipv6_subnet,
    host,
    instance_level,
    ipv4_subnets,
    ipv6_subnets,
    one_instance,
    several_instances,
    unknown_id,
    vpc_group,
)
from strategies.sampling import run_draws
from strategies.world import example_world
from tests.support.world_variants import FOREIGN_SUBNET, OTHER_VPC, TWO_VPCS, V4_ONLY, V6_ONLY

WORLD = example_world()
SG_A, SG_B = (g.group_id for g in WORLD.security_groups)


def test_unknown_ids_are_well_formed_and_not_taken() -> None:
    def body(data: st.DataObject) -> None:
        draw = cast(st.DrawFn, data.draw)
        ident = unknown_id(draw, "ami", WORLD.image_ids)
        assert ID_PATTERNS["ami"].fullmatch(ident) and ident not in WORLD.image_ids
        short = unknown_id(draw, "sg", (), digits=8)
        assert len(short) == len("sg-") + 8

    run_draws(40, body)


def test_a_drawn_id_that_is_taken_is_replaced() -> None:
    taken = ("subnet-" + "0" * 17,)  # the first draw is all zeros
    found: list[str] = []
    run_draws(5, lambda data: found.append(unknown_id(cast(st.DrawFn, data.draw), "subnet", taken)))
    assert "subnet-" + "f" * 17 in found and not set(found) & set(taken)


def test_a_replacement_that_is_taken_too_is_not_returned() -> None:
    taken = ("subnet-" + "0" * 17, "subnet-" + "f" * 17)
    found: list[str] = []
    run_draws(5, lambda data: found.append(unknown_id(cast(st.DrawFn, data.draw), "subnet", taken)))
    assert not set(found) & set(taken)


def test_one_and_several_instances() -> None:
    params: dict[str, Any] = {
        "MinCount": 1, "MaxCount": 1, "PrivateIpAddress": "10.0.0.9", "Ipv6Addresses": [{"Ipv6Address": "::9"}],
        "NetworkInterfaces": [{"DeviceIndex": 0, "PrivateIpAddress": "10.0.0.9", "Ipv6AddressCount": 1,
                               "PrivateIpAddresses": [], "Ipv6Addresses": []}],
        "SecondaryInterfaces": [{"PrivateIpAddresses": [], "Ipv6Addresses": [], "PrivateIpAddressCount": 1}],
    }
    several_instances(params, 2, 3)
    assert params == {"MinCount": 2, "MaxCount": 3,
                      "NetworkInterfaces": [{"DeviceIndex": 0, "Ipv6AddressCount": 1}],
                      "SecondaryInterfaces": [{"PrivateIpAddressCount": 1}]}
    one_instance(params)
    assert (params["MinCount"], params["MaxCount"]) == (1, 1)


def test_subnets_by_addressing_and_hosts_past_the_reserved_head() -> None:
    world = dataclasses.replace(WORLD, subnets=(*WORLD.subnets, V4_ONLY, V6_ONLY))
    assert V6_ONLY not in ipv4_subnets(world) and V4_ONLY in ipv4_subnets(world)
    assert ipv6_subnets(world) == list(WORLD.subnets)  # dual-stack only: V6_ONLY has no IPv4 block
    assert has_ipv6_subnet(WORLD) and not has_ipv6_subnet(dataclasses.replace(WORLD, subnets=(V4_ONLY,)))
    assert host("10.0.1.0/24") == f"10.0.1.{SUBNET_RESERVED_LEADING + 6}"
    assert host("10.0.1.0/24", 2) == f"10.0.1.{SUBNET_RESERVED_LEADING + 8}"


def test_groups_of_a_vpc() -> None:
    assert groups_in(WORLD, [SG_B, SG_A, "sg-unknown"], WORLD.vpc_id) == [SG_A, SG_B]
    assert groups_in(WORLD, [SG_A], OTHER_VPC) == []
    assert default_vpc_groups(WORLD) == [SG_A, SG_B]
    assert vpc_group(TWO_VPCS, OTHER_VPC) == TWO_VPCS.security_groups[-1].group_id
    assert vpc_group(WORLD, OTHER_VPC) is None


def test_instance_level_keeps_the_requests_subnet_and_its_groups_only() -> None:
    params: dict[str, Any] = {
        "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": WORLD.subnets[1].subnet_id, "Groups": [SG_B]}],
        "SecurityGroups": ["conformance-a"], "PrivateDnsNameOptions": {"HostnameType": "ip-name"},
        "EnablePrimaryIpv6": True,
        "BlockDeviceMappings": [{"Ebs": {"MultiAvailabilityZoneConfiguration": {}}}],
    }
    chosen = instance_level(params, WORLD)
    assert chosen == WORLD.subnets[1]
    assert params == {"SubnetId": chosen.subnet_id, "SecurityGroupIds": [SG_A, SG_B],
                      "BlockDeviceMappings": [{"Ebs": {}}]}
    foreign: dict[str, Any] = {"SecurityGroupIds": [SG_A]}
    instance_level(foreign, TWO_VPCS, FOREIGN_SUBNET)
    assert foreign == {"SubnetId": FOREIGN_SUBNET.subnet_id}  # the default VPC's group does not follow


def test_fresh_and_existing_interfaces_replace_the_network() -> None:
    params: dict[str, Any] = {"SubnetId": WORLD.subnets[0].subnet_id, "SecurityGroupIds": [SG_A],
                              "PrivateIpAddress": "10.0.0.9", "MinCount": 2, "MaxCount": 2}
    nic = fresh_interface(params, WORLD, InterfaceType="efa")
    assert params["NetworkInterfaces"] == [nic]
    assert nic == {"DeviceIndex": 0, "SubnetId": WORLD.subnets[0].subnet_id, "InterfaceType": "efa", "Groups": [SG_A]}
    assert not {"SubnetId", "SecurityGroupIds", "PrivateIpAddress"} & set(params)
    existing = existing_interface(params, "eni-1", DeleteOnTermination=False)
    assert params["NetworkInterfaces"] == [existing]
    assert existing == {"DeviceIndex": 0, "NetworkInterfaceId": "eni-1", "DeleteOnTermination": False}
    assert (params["MinCount"], params["MaxCount"]) == (1, 1)
