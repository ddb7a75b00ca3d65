"""The instance-level network predicates and post-conditions (conformance/rules/_network_checks.py, used by
network.py): subnet ranges and their reserved addresses, what counts as naming a subnet or groups, the VPC groups
must share, and the default group and primary address a launch must show."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from conformance.rules._network_checks import (
    default_group_used,
    groups_in_other_vpc,
    in_range,
    names_no_groups,
    names_no_subnet,
    primary_private_ip,
    private_ip_outside_subnet,
    usable_in,
)
from conformance.rules.core import Launch
from strategies.case import Case
from tests.support.rule_requests import (
    ENI,
    FOREIGN_SG,
    LT,
    SG,
    SUBNET,
    V4_ONLY,
    V6_ONLY,
    WIDE,
    WORLD,
    nic_request,
    primary,
    request,
)

INSTANCE = "i-0123456789abcdef0"


@pytest.mark.parametrize(("address", "inside", "usable"), [
    ("10.0.0.0", True, False), ("10.0.0.3", True, False), ("10.0.0.4", True, True), ("10.0.0.254", True, True),
    ("10.0.0.255", True, False), ("10.0.1.10", False, False),
])
def test_a_subnets_usable_addresses_leave_out_its_reserved_head_and_tail(
        address: str, inside: bool, usable: bool) -> None:
    assert in_range(address, SUBNET) is inside
    assert usable_in(address, SUBNET) is usable
    assert private_ip_outside_subnet(Case(request(PrivateIpAddress=address)), WORLD) is not usable


def test_an_ipv6_only_subnet_has_no_ipv4_range() -> None:
    assert not in_range("10.0.0.10", V6_ONLY) and not usable_in("10.0.0.10", V6_ONLY)


def test_a_private_address_is_judged_against_a_known_subnet_only() -> None:
    assert private_ip_outside_subnet(Case(request(PrivateIpAddress="not-an-ip")), WORLD)
    unknown_subnet = request(SubnetId="subnet-0aaaaaaaaaaaaaaaa", PrivateIpAddress="192.168.0.10")
    assert not private_ip_outside_subnet(Case(unknown_subnet), WORLD)
    assert not private_ip_outside_subnet(Case(request()), WORLD)


@pytest.mark.parametrize(("params", "none_named"), [
    (request(SubnetId=None), True),
    (request(), False),
    (request(SubnetId=None, LaunchTemplate={"LaunchTemplateId": LT.template_id}), False),
    (nic_request({"DeviceIndex": 0}), True),
    (nic_request(primary()), False),
    (nic_request({"DeviceIndex": 0, "NetworkInterfaceId": ENI}), False),
], ids=["nothing", "subnet", "template", "interface-without-subnet", "interface-subnet", "existing-interface"])
def test_what_names_a_subnet(params: dict[str, Any], none_named: bool) -> None:
    assert names_no_subnet(Case(params)) is none_named


@pytest.mark.parametrize(("params", "none_named"), [
    (request(), True),
    (request(SecurityGroupIds=[SG.group_id]), False),
    (request(SecurityGroups=[SG.group_name]), False),
    (request(LaunchTemplate={"LaunchTemplateId": LT.template_id}), False),
    (nic_request(primary(Groups=[SG.group_id])), False),
    (nic_request({"DeviceIndex": 0, "NetworkInterfaceId": ENI}), False),
    (nic_request(primary()), True),
], ids=["nothing", "ids", "names", "template", "interface-groups", "existing-interface", "interface-without"])
def test_what_names_security_groups(params: dict[str, Any], none_named: bool) -> None:
    assert names_no_groups(Case(params)) is none_named


def test_groups_must_be_of_the_instances_vpc_the_default_one_when_no_subnet_is_named() -> None:
    foreign_groups = Case(request(SubnetId=None, SecurityGroupIds=[FOREIGN_SG.group_id]))
    with_default_vpc = dataclasses.replace(WIDE, has_default_vpc=True, default_vpc_id=WORLD.vpc_id)
    assert groups_in_other_vpc(foreign_groups, with_default_vpc)
    assert not groups_in_other_vpc(foreign_groups, WIDE)  # no default VPC: no instance VPC to compare with
    assert not groups_in_other_vpc(Case(request(SubnetId=V4_ONLY.subnet_id, SecurityGroupIds=[FOREIGN_SG.group_id])),
                                   WIDE)
    unknown = Case(request(SecurityGroupIds=["sg-0aaaaaaaaaaaaaaaa"]))
    assert not groups_in_other_vpc(unknown, WIDE)  # an unknown group is R-NET-13's


def _shown(**instance: Any) -> Launch:
    shown = {"InstanceId": INSTANCE, "SubnetId": SUBNET.subnet_id, "PrivateIpAddress": "10.0.0.10", **instance}
    return Launch({"Instances": [shown]}, [shown])


@pytest.mark.parametrize(("groups", "checks"), [
    ([{"GroupName": "default", "GroupId": "sg-0d"}], []),
    ([{"GroupName": "default", "GroupId": "sg-0d"}, {"GroupName": "web", "GroupId": "sg-0e"}], []),
    ([{"GroupId": "sg-0d"}], []),  # no name shown: nothing to judge
    ([{"GroupName": "web", "GroupId": "sg-0e"}], ["SecurityGroups (default)"] * 2),
    ([], ["SecurityGroups (default)"] * 2),
], ids=["default", "default-and-another", "unnamed", "other-group", "none"])
def test_a_launch_naming_no_groups_shows_the_default_group(groups: list[dict[str, str]], checks: list[str]) -> None:
    assert [p.check for p in default_group_used(Case(request()), WORLD, _shown(SecurityGroups=groups))] == checks
    named = Case(request(SecurityGroupIds=[SG.group_id]))
    assert default_group_used(named, WORLD, _shown(SecurityGroups=groups)) == []


@pytest.mark.parametrize(("params", "shown", "checks"), [
    (request(), {}, []),
    (request(PrivateIpAddress="10.0.0.10"), {}, []),
    (request(PrivateIpAddress="10.0.0.11"), {}, ["PrivateIpAddress"] * 2),
    (request(), {"PrivateIpAddress": None}, ["PrivateIpAddress (assigned)"] * 2),
    (request(), {"PrivateIpAddress": "10.0.1.10"}, ["PrivateIpAddress (in subnet)"] * 2),
    (request(), {"PrivateIpAddress": "10.0.0.1"}, []),  # the reserved head is not judged
], ids=["assigned", "requested", "not-requested", "none", "outside", "reserved"])
def test_the_launch_shows_the_primary_private_address(
        params: dict[str, Any], shown: dict[str, Any], checks: list[str]) -> None:
    assert [p.check for p in primary_private_ip(Case(params), WORLD, _shown(**shown))] == checks


def test_an_ipv6_only_subnets_instance_needs_no_ipv4_address() -> None:
    world = dataclasses.replace(WORLD, subnets=(*WORLD.subnets, V6_ONLY))
    launch = _shown(SubnetId=V6_ONLY.subnet_id, PrivateIpAddress=None)
    assert primary_private_ip(Case(request(SubnetId=V6_ONLY.subnet_id)), world, launch) == []
