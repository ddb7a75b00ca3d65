"""Where the instance connects: the default VPC, one subnet, or network interfaces, never mixed (R-NET-2..5),
with groups, addresses and DNS names that fit the chosen subnet."""

from __future__ import annotations

import dataclasses
import ipaddress
from functools import cache
from typing import Any, cast

from hypothesis import strategies as st

from strategies.families import network
from strategies.families.context import Draft, Plan
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import World, example_world
from tests.support.world_variants import NO_DEFAULT_VPC, V6_ONLY

WORLD = example_world()
INSTANCE_LEVEL = ("SubnetId", "SecurityGroupIds", "SecurityGroups", "PrivateIpAddress", "Ipv6AddressCount",
                  "Ipv6Addresses", "EnablePrimaryIpv6")


@cache
def _requests(world: World = WORLD) -> tuple[dict[str, Any], ...]:
    found: list[dict[str, Any]] = []
    valid = valid_requests(world, dry_run=None, settled_only=False)
    run_draws(150, lambda data: found.append(dict(data.draw(valid).params)))
    return tuple(found)


def _mode(params: dict[str, Any]) -> str:
    if "NetworkInterfaces" in params:
        return "interfaces"
    return "subnet" if "SubnetId" in params else "default-vpc"


def test_the_three_modes_are_drawn_and_never_mixed() -> None:
    modes = set()
    for params in _requests():
        modes.add(_mode(params))
        if "NetworkInterfaces" in params:
            assert not set(INSTANCE_LEVEL) & set(params), params
        assert not {"SecurityGroupIds", "SecurityGroups"} <= set(params)
    assert modes == {"interfaces", "subnet", "default-vpc"}


def test_groups_belong_to_the_vpc_the_instance_lands_in() -> None:
    for params in _requests():
        subnet = WORLD.subnet(params["SubnetId"]) if "SubnetId" in params else None
        vpc = subnet.vpc_id if subnet is not None else WORLD.default_vpc_id
        for ident in (*params.get("SecurityGroupIds", ()), *params.get("SecurityGroups", ())):
            group = WORLD.security_group(ident)
            assert group is not None and group.vpc_id == vpc
        if "SecurityGroups" in params:  # by name only in the default VPC
            assert "SubnetId" not in params


def test_a_private_ip_lies_in_the_subnet_and_only_for_one_instance() -> None:
    seen = 0
    for params in _requests():
        if "PrivateIpAddress" not in params:
            continue
        seen += 1
        subnet = WORLD.subnet(params["SubnetId"])
        assert subnet is not None
        assert ipaddress.ip_address(params["PrivateIpAddress"]) in ipaddress.ip_network(subnet.cidr_block)
        assert params["MaxCount"] == 1
    assert seen


def test_dns_name_options_fit_the_subnet() -> None:
    hostnames = set()
    for params in _requests():
        options = params.get("PrivateDnsNameOptions")
        if options is None:
            continue
        hostnames.add(options.get("HostnameType"))
        subnet_id = params.get("SubnetId") or next(
            (n.get("SubnetId") for n in params.get("NetworkInterfaces", ()) if n.get("DeviceIndex") == 0), None)
        subnet = WORLD.subnet(subnet_id) if subnet_id else None
        if subnet is None or subnet.ipv6_cidr_block is None:
            assert options.get("HostnameType", "ip-name") == "ip-name"
            assert options.get("EnableResourceNameDnsAAAARecord", False) is False
    assert {"ip-name", "resource-name"} <= hostnames


def test_without_a_default_vpc_the_request_names_a_subnet() -> None:
    def body(data: st.DataObject) -> None:
        draft = Draft(Plan(NO_DEFAULT_VPC, frozenset()))
        network.build(cast(st.DrawFn, data.draw), draft)
        assert _mode(draft.params) != "default-vpc"
        assert draft.subnet is not None and draft.vpc_id == draft.subnet.vpc_id

    run_draws(60, body)


def test_an_ipv6_only_subnet_gets_no_private_ipv4_and_resource_names() -> None:
    world = dataclasses.replace(WORLD, subnets=(V6_ONLY,), has_default_vpc=False, default_vpc_id=None)
    hostnames = set()

    def body(data: st.DataObject) -> None:
        draft = Draft(Plan(world, frozenset({"NetworkInterfaces[].DeviceIndex"})))
        network.build(cast(st.DrawFn, data.draw), draft)
        assert draft.params["SubnetId"] == V6_ONLY.subnet_id and "PrivateIpAddress" not in draft.params
        hostnames.add(draft.params.get("PrivateDnsNameOptions", {}).get("HostnameType"))

    run_draws(60, body)
    assert hostnames - {None} == {"resource-name"}


def test_groups_in_lists_the_groups_of_one_vpc() -> None:
    draft = Draft(Plan(WORLD, frozenset()))
    assert network.groups_in(draft, WORLD.vpc_id) == WORLD.security_groups
    assert network.groups_in(draft, "vpc-other") == ()
