"""The network-interface family (conformance/rules/nic.py: R-NIC-1..21 and the secondary interfaces' R-SEC-1..9):
each predicate fires on a hand-written request that breaks its rule (and on no other rule) and stays quiet on
valid ones; a secondary-interface rule is left open where the World does not know the fact; R-NIC-4 accepts a
real reservation and asks a default subnet's running instance for a public address."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from conformance.findings import Expect
from conformance.oracle import expect, indeterminate
from conformance.rules import RULES
from conformance.rules.nic import RULES as FAMILY
from strategies.case import Case
from strategies.world import SecondarySubnet
from tests.support.family_tables import Valid, Violation, postcondition_tests, valid_tests, violation_tests
from tests.support.recorded_launch import PARAMS, RECORDED, RECORDED_INSTANCE, described_running, problems
from tests.support.recorded_launch import SUBNET as RECORDED_SUBNET
from tests.support.rule_requests import (
    ENI,
    FOREIGN_SG,
    SG,
    SUBNET,
    V4_ONLY,
    V6_ADDRESS,
    V6_ONLY,
    WIDE,
    WORLD,
    broken,
    nic_request,
    primary,
    request,
)

POSTCONDITIONS = ("R-NIC-4", "R-NIC-22")

# Secondary subnets of example_world(): virtual-edge IPv4-only, virtual-edge with IPv6, rdma (R-SEC-4..9).
EDGE, EDGE_V6, RDMA = WORLD.secondary_subnets
EDGE_V6_ADDRESS = "2600:1f18:0:8::100"


def secondary(subnet: SecondarySubnet, **fields: Any) -> dict[str, Any]:
    """A request with one secondary interface in `subnet` (VlanMode where a virtual-edge network needs it); a field
    given as None is left out."""
    entry = {"SecondarySubnetId": subnet.subnet_id, "DeviceIndex": 1}
    entry |= {"VlanMode": "access"} if subnet.network_type == "virtual-edge" else {}
    entry |= fields
    return request(SecondaryInterfaces=[{k: v for k, v in entry.items() if v is not None}])


# --- predicates: hand-written violations, each breaking exactly one rule ---

VIOLATIONS: list[Violation] = [
    ("R-NIC-1", nic_request({"SubnetId": SUBNET.subnet_id}), (), WORLD),
    ("R-NIC-2", nic_request(primary(AssociatePublicIpAddress=True), {"DeviceIndex": 1}), (), WORLD),
    (
        "R-NIC-3",
        nic_request({"DeviceIndex": 0, "NetworkInterfaceId": ENI, "AssociatePublicIpAddress": False}),
        (),
        WORLD,
    ),
    (
        "R-NIC-5",
        nic_request({"DeviceIndex": 0, "NetworkInterfaceId": ENI, "DeleteOnTermination": True}),
        (),
        WORLD,
    ),
    ("R-NIC-6", nic_request({"DeviceIndex": 0, "NetworkInterfaceId": ENI, "Description": "x"}), (), WORLD),
    ("R-NIC-7", nic_request(primary(PrivateIpAddress="10.0.0.10"), MaxCount=2), (), WORLD),
    (
        "R-NIC-8",
        nic_request(
            primary(
                PrivateIpAddresses=[
                    {"PrivateIpAddress": "10.0.0.10", "Primary": True},
                    {"PrivateIpAddress": "10.0.0.11", "Primary": True},
                ]
            )
        ),
        (),
        WORLD,
    ),
    (
        "R-NIC-9",
        nic_request(
            primary(
                SecondaryPrivateIpAddressCount=1,
                PrivateIpAddresses=[
                    {"PrivateIpAddress": "10.0.0.10", "Primary": True},
                    {"PrivateIpAddress": "10.0.0.11"},
                ],
            )
        ),
        (),
        WORLD,
    ),
    (
        "R-NIC-10",
        nic_request(primary(Ipv4Prefixes=[{"Ipv4Prefix": "10.0.0.16/28"}], Ipv4PrefixCount=1)),
        (),
        WORLD,
    ),
    ("R-NIC-11", nic_request(primary(Ipv6AddressCount=1, Ipv6Addresses=V6_ADDRESS)), (), WORLD),
    ("R-NIC-12", nic_request(primary(InterfaceType="ethernet")), (), WORLD),
    (
        "R-NIC-12",
        nic_request(primary(), {"DeviceIndex": 1, "InterfaceType": "efa-only", "Ipv6AddressCount": 1}),
        (),
        WORLD,
    ),
    ("R-NIC-13", nic_request(primary(NetworkCardIndex=1)), (), WORLD),
    (
        "R-NIC-14",
        nic_request(primary(ConnectionTrackingSpecification={"TcpEstablishedTimeout": 59})),
        (),
        WORLD,
    ),
    ("R-NIC-15", nic_request(primary(ConnectionTrackingSpecification={"UdpStreamTimeout": 181})), (), WORLD),
    ("R-NIC-16", nic_request(primary(ConnectionTrackingSpecification={"UdpTimeout": 29})), (), WORLD),
    (
        "R-NIC-17",
        nic_request(primary(EnaSrdSpecification={"EnaSrdUdpSpecification": {"EnaSrdUdpEnabled": True}})),
        (),
        WORLD,
    ),
    ("R-NIC-18", nic_request(primary(AssociateCarrierIpAddress=True)), (), WORLD),
    ("R-NIC-20", nic_request({"DeviceIndex": 0, "NetworkInterfaceId": "eni-xyz"}), (), WORLD),
    ("R-NIC-20", nic_request({"DeviceIndex": 0, "NetworkInterfaceId": "eni-0aaaaaaaaaaaaaaaa"}), (), WORLD),
    (
        "R-NIC-21",
        request(SubnetId=V6_ONLY.subnet_id, PrivateDnsNameOptions={"HostnameType": "ip-name"}),
        (),
        WIDE,
    ),
    ("R-SEC-1", request(SecondaryInterfaces=[{"DeleteOnTermination": False, "DeviceIndex": 1}]), (), WORLD),
    ("R-SEC-2", secondary(EDGE_V6, Ipv6AddressCount=1, Ipv6Addresses=[{"Ipv6Address": EDGE_V6_ADDRESS}]), (),
     WORLD),
    ("R-SEC-3", secondary(EDGE_V6, Ipv6AddressCount=0), (), WORLD),
    ("R-SEC-4", secondary(EDGE, Ipv6AddressCount=1), (), WORLD),
    ("R-SEC-4", secondary(EDGE, Ipv6Addresses=[{"Ipv6Address": EDGE_V6_ADDRESS}]), (), WORLD),
    ("R-SEC-5", secondary(RDMA, EnaQueueCount=2), (), WORLD),
    ("R-SEC-6", secondary(EDGE, EnaQueueCount=3), (), WORLD),
    ("R-SEC-6", secondary(EDGE, EnaQueueCount=0), (), WORLD),
    ("R-SEC-8", secondary(EDGE_V6, VlanMode=None), (), WORLD),
    ("R-SEC-9", secondary(RDMA, VlanMode="access"), (), WORLD),
]


test_violation_breaks_exactly_its_rule, test_the_violation_rows_cover_the_familys_decidable_rules = (
    violation_tests(VIOLATIONS, FAMILY))


# --- predicates: hand-written valid requests break nothing ---

VALID: list[Valid] = [
    (
        "two-nics",
        nic_request(
            primary(
                Groups=[SG.group_id],
                PrivateIpAddresses=[{"PrivateIpAddress": "10.0.0.10", "Primary": True}],
                Ipv4PrefixCount=1,
                NetworkCardIndex=0,
                ConnectionTrackingSpecification={
                    "TcpEstablishedTimeout": 60,
                    "UdpStreamTimeout": 180,
                    "UdpTimeout": 30,
                },
                EnaSrdSpecification={
                    "EnaSrdEnabled": True,
                    "EnaSrdUdpSpecification": {"EnaSrdUdpEnabled": True},
                },
            ),
            {"DeviceIndex": 1, "SubnetId": SUBNET.subnet_id, "InterfaceType": "efa"},
        ),
        WORLD,
    ),
    (
        "existing-eni",
        nic_request({"DeviceIndex": 0, "NetworkInterfaceId": ENI, "DeleteOnTermination": False}),
        WORLD,
    ),
    ("public-ip", nic_request(primary(AssociatePublicIpAddress=True, Ipv6AddressCount=1)), WORLD),
    ("secondary", request(SecondaryInterfaces=[{"DeleteOnTermination": True, "DeviceIndex": 1}]), WORLD),
    ("secondary-virtual-edge", secondary(EDGE_V6, Ipv6AddressCount=2, EnaQueueCount=4), WORLD),
    ("secondary-virtual-edge-list", secondary(EDGE_V6, Ipv6Addresses=[{"Ipv6Address": EDGE_V6_ADDRESS}]), WORLD),
    ("secondary-rdma", secondary(RDMA, PrivateIpAddressCount=1), WORLD),
    ("secondary-unknown-subnet", request(SecondaryInterfaces=[{"SecondarySubnetId": "subnet-0fffffffffffffff0",
                                                               "DeviceIndex": 1, "EnaQueueCount": 1}]), WORLD),
    (
        "resource-name-v4",
        request(
            SubnetId=V4_ONLY.subnet_id,
            SecurityGroupIds=[FOREIGN_SG.group_id],
            PrivateDnsNameOptions={"HostnameType": "resource-name"},
        ),
        WIDE,
    ),
]


test_valid_request_breaks_nothing = valid_tests(VALID)


# --- secondary interfaces: a fact the World does not know leaves the rule open ---

UNKNOWN_TYPE = dataclasses.replace(EDGE_V6, network_type=None, ipv6_listed=False, ipv6_cidr_block=None)
UNKNOWN_FACTS = dataclasses.replace(WORLD, secondary_subnets=(UNKNOWN_TYPE,))


@pytest.mark.parametrize(("fields", "rule_ids"), [
    ({}, {"R-SEC-8"}),
    ({"VlanMode": "access"}, {"R-SEC-9"}),
    ({"VlanMode": "access", "Ipv6AddressCount": 1}, {"R-SEC-4", "R-SEC-5", "R-SEC-9"}),
], ids=["no-vlan-mode", "vlan-mode", "ipv6"])
def test_secondary_rules_are_open_where_the_world_does_not_know_the_fact(
        fields: dict[str, Any], rule_ids: set[str]) -> None:
    case = Case(request(SecondaryInterfaces=[{"SecondarySubnetId": UNKNOWN_TYPE.subnet_id, "DeviceIndex": 1,
                                              **fields}]))
    assert broken(case, UNKNOWN_FACTS) == rule_ids
    assert all(indeterminate(RULES[i], case, UNKNOWN_FACTS) for i in rule_ids)
    assert expect(case, UNKNOWN_FACTS).kind is Expect.UNDETERMINED


def test_a_decided_secondary_entry_outweighs_an_open_one() -> None:
    """One entry surely breaks R-SEC-8 (a known virtual-edge network), another only may: asserted."""
    world = dataclasses.replace(WORLD, secondary_subnets=(*WORLD.secondary_subnets, UNKNOWN_TYPE))
    entries = [{"SecondarySubnetId": s.subnet_id, "DeviceIndex": i} for i, s in enumerate((EDGE, UNKNOWN_TYPE), 1)]
    case = Case(request(SecondaryInterfaces=entries))
    assert broken(case, world) == {"R-SEC-8"} and not indeterminate(RULES["R-SEC-8"], case, world)
    assert expect(case, world).kind is Expect.ERROR


# --- post-conditions: the recorded real reservation keeps them, a broken one is flagged ---


test_the_familys_postconditions_are_postcondition_rules, test_recorded_reservation_satisfies_every_postcondition = (
    postcondition_tests(POSTCONDITIONS))


def test_default_subnet_instance_needs_a_public_ip_once_running() -> None:
    no_public_ip = described_running(RECORDED_INSTANCE)
    assert problems("R-NIC-4", Case(PARAMS), RECORDED, [no_public_ip]) != []
    assert problems("R-NIC-4", Case(PARAMS), RECORDED, [RECORDED_INSTANCE]) == []  # still pending
    named = Case({**PARAMS, "SubnetId": RECORDED_SUBNET.subnet_id})
    assert problems("R-NIC-4", named, RECORDED, [no_public_ip]) == []  # not known to be a default subnet


def test_a_running_instance_has_a_public_ip_exactly_when_eth0_asked_for_one() -> None:
    """R-NIC-22, on the recorded launch into a named subnet with one new eth0."""
    def asked(value: bool) -> Case:
        eth0 = {"DeviceIndex": 0, "SubnetId": RECORDED_SUBNET.subnet_id, "AssociatePublicIpAddress": value}
        return Case({**PARAMS, "NetworkInterfaces": [eth0]})

    public, private = described_running(RECORDED_INSTANCE, PublicIpAddress="54.1.2.3"), described_running(
        RECORDED_INSTANCE)
    assert problems("R-NIC-22", asked(True), RECORDED, [private]) != []
    assert problems("R-NIC-22", asked(False), RECORDED, [public]) != []
    assert problems("R-NIC-22", asked(True), RECORDED, [public]) == []
    assert problems("R-NIC-22", asked(False), RECORDED, [private]) == []
    assert problems("R-NIC-22", asked(True), RECORDED, [RECORDED_INSTANCE]) == []  # still pending
