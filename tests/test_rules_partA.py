"""Part A of the rule catalogue: protocol, DryRun, counts, image, network, interfaces, idempotency.

Every catalogued id of these sections is present; predicates fire on hand-written violating requests (and
on no other rule) and stay quiet on hand-written valid ones.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from conformance.findings import Expect
from conformance.oracle import expect, indeterminate
from conformance.rules import RULES, Confidence, Kind, Rule
from strategies.case import Case, WireEdit
from strategies.limits import type_architecture
from strategies.world import LaunchTemplate, SecondarySubnet, SecurityGroup, Subnet, World, example_world
from tests.support.world_variants import NON_ENA_IMAGE, WITH_LIMITED_TYPES, WITH_NON_ENA_IMAGE

SECTIONS = {
    "protocol": [f"R-PROTO-{n}" for n in range(1, 11)],
    "dryrun": [f"R-DRY-{n}" for n in range(1, 7)],
    "counts": [f"R-COUNT-{n}" for n in range(1, 8)],
    "image": [f"R-AMI-{n}" for n in range(1, 9)]
    + ["R-KERNEL-1", "R-RAMDISK-1"]
    + [f"R-LT-{n}" for n in range(1, 5)]
    + [f"R-ITYPE-{n}" for n in range(1, 4)],
    "network": [f"R-NET-{n}" for n in range(1, 20)],
    "nic": [f"R-NIC-{n}" for n in range(1, 22)] + [f"R-SEC-{n}" for n in range(1, 10)],
    "idempotency": [f"R-IDEM-{n}" for n in range(1, 9)],
}
PART_A = [rule_id for ids in SECTIONS.values() for rule_id in ids]

WORLD = example_world()
SUBNET, SUBNET_B = WORLD.subnets
SG, SG_B = WORLD.security_groups
ENI = WORLD.network_interface_ids[0]
LT = WORLD.launch_templates[0]
OTHER_VPC = "vpc-0ffffffffffffffff"
# A world with two VPCs, an IPv4-only and an IPv6-only subnet, a template without an image, no default VPC.
V4_ONLY = Subnet("subnet-0d1b2c3d4e5f60718", OTHER_VPC, "us-east-1a", "10.9.0.0/24")
V6_ONLY = Subnet("subnet-0e1b2c3d4e5f60718", OTHER_VPC, "us-east-1a", "", "2600:1f18:0:9::/64")
FOREIGN_SG = SecurityGroup("sg-0f1b2c3d4e5f60718", "foreign", OTHER_VPC)
BARE_LT = LaunchTemplate("lt-0b1b2c3d4e5f60718", "no-image", supplies_image=False)
WIDE = dataclasses.replace(
    WORLD,
    subnets=(*WORLD.subnets, V4_ONLY, V6_ONLY),
    security_groups=(*WORLD.security_groups, FOREIGN_SG),
    launch_templates=(*WORLD.launch_templates, BARE_LT),
    has_default_vpc=False,
)


def request(**members: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "ImageId": WORLD.images[0].image_id,
        "InstanceType": "t3.micro",
        "MinCount": 1,
        "MaxCount": 1,
        "SubnetId": SUBNET.subnet_id,
    }
    params.update(members)
    return {k: v for k, v in params.items() if v is not None}


def nic_request(*interfaces: dict[str, Any], **members: Any) -> dict[str, Any]:
    return request(**{"SubnetId": None, **members}, NetworkInterfaces=list(interfaces))


def primary(**fields: Any) -> dict[str, Any]:
    return {"DeviceIndex": 0, "SubnetId": SUBNET.subnet_id, **fields}


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


def broken(case: Case, world: World = WORLD) -> set[str]:
    return {r.id for r in RULES.values() if r.violated is not None and r.violated(case, world)}


# --- the catalogue ---


def test_every_part_a_id_is_registered_in_its_family() -> None:
    missing = [i for i in PART_A if i not in RULES]
    assert not missing, f"not encoded: {missing}"
    for family, ids in SECTIONS.items():
        for rule_id in ids:
            assert RULES[rule_id].family == family, rule_id


@pytest.mark.parametrize("rule_id", PART_A)
def test_rule_is_complete(rule_id: str) -> None:
    rule: Rule = RULES[rule_id]
    assert rule.citations and all(c.quote for c in rule.citations)
    if rule.kind is Kind.VALIDATION:
        assert rule.violated is not None and rule.outcome is not None and rule.outcome.codes
    if rule.kind is Kind.UNDECIDABLE:
        assert rule.reason
    if rule.outcome is not None:
        assert not any(code.startswith(("Client.", "Server.")) for code in rule.outcome.codes)
    if rule.confidence is Confidence.INFERRED and rule.kind is Kind.VALIDATION:
        assert "undocumented" in rule.reason or "inferred" in rule.reason or "plausible" in rule.reason
    if rule.confidence is Confidence.OBSERVED:
        assert any(c.source.startswith(("OBS-", "ri-", "recorded")) for c in rule.citations), rule_id


def test_subnet_not_found_accepts_both_spellings() -> None:
    outcome = RULES["R-NET-15"].outcome
    assert outcome is not None
    assert {"InvalidSubnetID.NotFound", "InvalidSubnetId.NotFound"} <= outcome.codes


# --- predicates: hand-written violations, each breaking exactly one rule ---

V6_ADDRESS = [{"Ipv6Address": "2600:1f18::100"}]
VIOLATIONS: list[tuple[str, dict[str, Any], tuple[WireEdit, ...], World]] = [
    ("R-PROTO-1", request(), (WireEdit("Version", "2099-01-01"),), WORLD),
    ("R-PROTO-2", request(), (WireEdit("Action", None),), WORLD),
    ("R-PROTO-2", request(), (WireEdit("Action", "RunInstance"),), WORLD),
    ("R-PROTO-3", request(), (WireEdit("InstanceTypo", "t3.micro"),), WORLD),
    ("R-PROTO-4", request(EbsOptimized=True), (WireEdit("EbsOptimized", "yes"),), WORLD),
    ("R-PROTO-4", nic_request(primary()), (WireEdit("NetworkInterface.1.DeviceIndex", "zero"),), WORLD),
    ("R-COUNT-1", request(), (WireEdit("MinCount", None),), WORLD),
    ("R-COUNT-1", request(), (WireEdit("MaxCount", None),), WORLD),
    ("R-COUNT-2", request(MaxCount=0), (), WORLD),
    ("R-COUNT-2", request(), (WireEdit("MinCount", "-1"),), WORLD),
    ("R-COUNT-2", request(), (WireEdit("MaxCount", "1.5"),), WORLD),
    ("R-COUNT-3", request(MinCount=3, MaxCount=2), (), WORLD),
    ("R-AMI-1", request(ImageId=None), (), WORLD),
    ("R-AMI-1", request(), (WireEdit("ImageId", None),), WORLD),
    ("R-AMI-1", request(ImageId=None, LaunchTemplate={"LaunchTemplateId": BARE_LT.template_id}), (), WIDE),
    ("R-AMI-2", request(ImageId="ami-xyz"), (), WORLD),
    ("R-AMI-3", request(ImageId="ami-0aaaaaaaaaaaaaaaa"), (), WORLD),
    ("R-AMI-7", request(InstanceType="m6g.large"), (), WORLD),
    ("R-AMI-8", request(ImageId=NON_ENA_IMAGE.image_id, InstanceType="g4dn.xlarge"), (), WITH_NON_ENA_IMAGE),
    ("R-KERNEL-1", request(KernelId="kernel-1"), (), WORLD),
    ("R-KERNEL-1", request(KernelId="aki-0fffffff"), (), WORLD),
    ("R-RAMDISK-1", request(RamdiskId="ari-zz"), (), WORLD),
    (
        "R-LT-1",
        request(LaunchTemplate={"LaunchTemplateId": LT.template_id, "LaunchTemplateName": LT.template_name}),
        (),
        WORLD,
    ),
    ("R-LT-1", request(LaunchTemplate={"Version": "1"}), (), WORLD),
    ("R-LT-2", request(LaunchTemplate={"LaunchTemplateId": LT.template_id, "Version": "latest"}), (), WORLD),
    ("R-LT-4", request(LaunchTemplate={"LaunchTemplateId": "lt-xyz"}), (), WORLD),
    ("R-LT-4", request(LaunchTemplate={"LaunchTemplateName": "no such template"}), (), WORLD),
    ("R-LT-4", request(LaunchTemplate={"LaunchTemplateName": "missing-template"}), (), WORLD),
    ("R-LT-4", request(LaunchTemplate={"LaunchTemplateId": LT.template_id, "Version": "7"}), (), WORLD),
    ("R-ITYPE-1", request(InstanceType="q9.galactic"), (), WORLD),
    # R-ITYPE-2: zone b does not offer c5n.large, zone a (the subnet's) not m5n.large
    ("R-ITYPE-2", {**request(InstanceType="c5n.large"), "SubnetId": WORLD.subnets[1].subnet_id}, (),
     WITH_LIMITED_TYPES),
    ("R-ITYPE-2", {**request(InstanceType="m5n.large"), "Placement": {"AvailabilityZoneId": "use1-az1"}}, (),
     WITH_LIMITED_TYPES),
    ("R-NET-1", request(SubnetId=None), (), WIDE),
    ("R-NET-2", nic_request(primary(), SubnetId=SUBNET.subnet_id), (), WORLD),
    ("R-NET-3", nic_request(primary(), SecurityGroupIds=[SG.group_id]), (), WORLD),
    ("R-NET-3", nic_request(primary(), SecurityGroups=[SG.group_name]), (), WORLD),
    ("R-NET-4", nic_request(primary(), PrivateIpAddress="10.0.0.10"), (), WORLD),
    ("R-NET-5", nic_request(primary(), Ipv6AddressCount=1), (), WORLD),
    ("R-NET-6", request(Ipv6AddressCount=1, Ipv6Addresses=V6_ADDRESS), (), WORLD),
    ("R-NET-7", request(Ipv6Addresses=V6_ADDRESS, MaxCount=2), (), WORLD),
    ("R-NET-7", nic_request(primary(Ipv6Addresses=V6_ADDRESS), MinCount=2, MaxCount=2), (), WORLD),
    ("R-NET-8", request(PrivateIpAddress="10.0.0.10", MaxCount=2), (), WORLD),
    ("R-NET-9", request(PrivateIpAddress="10.0.1.10"), (), WORLD),
    ("R-NET-9", request(PrivateIpAddress="10.0.0.1"), (), WORLD),
    ("R-NET-9", request(PrivateIpAddress="not-an-ip"), (), WORLD),
    ("R-NET-11", request(SubnetId=V4_ONLY.subnet_id, SecurityGroups=[FOREIGN_SG.group_name]), (), WIDE),
    ("R-NET-12", request(SecurityGroupIds=[FOREIGN_SG.group_id]), (), WIDE),
    ("R-NET-12", nic_request(primary(Groups=[FOREIGN_SG.group_id])), (), WIDE),
    ("R-NET-13", request(SecurityGroupIds=["sg-xyz"]), (), WORLD),
    ("R-NET-13", request(SecurityGroupIds=["sg-0aaaaaaaaaaaaaaaa"]), (), WORLD),
    ("R-NET-13", request(SubnetId=None, SecurityGroups=["no-such-group"]), (), WORLD),
    ("R-NET-13", nic_request(primary(Groups=["sg-1"])), (), WORLD),
    ("R-NET-15", request(SubnetId="subnet-xyz"), (), WORLD),
    ("R-NET-15", request(SubnetId="subnet-0aaaaaaaaaaaaaaaa"), (), WORLD),
    ("R-NET-15", nic_request({"DeviceIndex": 0, "SubnetId": "subnet-1"}), (), WORLD),
    ("R-NET-17", request(SubnetId=V4_ONLY.subnet_id, Ipv6AddressCount=1), (), WIDE),
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
    ("R-IDEM-1", request(ClientToken="t" * 65), (), WORLD),
    ("R-IDEM-1", request(ClientToken="tök"), (), WORLD),
]


@pytest.mark.parametrize(
    ("rule_id", "params", "edits", "world"), VIOLATIONS, ids=[f"{v[0]}-{i}" for i, v in enumerate(VIOLATIONS)]
)
def test_violation_breaks_exactly_its_rule(
    rule_id: str, params: dict[str, Any], edits: tuple[WireEdit, ...], world: World
) -> None:
    assert broken(Case(params, wire_edits=edits), world) == {rule_id}


def test_two_primaries_across_levels_also_break_the_nic_combination() -> None:
    """R-NET-10 can only be broken beside R-NET-4 (the catalogue calls it moot): both fire."""
    nic = primary(PrivateIpAddresses=[{"PrivateIpAddress": "10.0.0.11", "Primary": True}])
    assert broken(Case(nic_request(nic, PrivateIpAddress="10.0.0.10"))) == {"R-NET-4", "R-NET-10"}


def test_every_violation_row_names_a_part_a_rule_and_covers_the_decidable_ones() -> None:
    covered = {row[0] for row in VIOLATIONS} | {"R-NET-10"}
    decidable = {i for i in PART_A if RULES[i].violated is not None}
    assert covered <= set(PART_A)
    assert decidable - covered == set()


# --- predicates: hand-written valid requests break nothing ---

VALID: list[tuple[str, dict[str, Any], World]] = [
    ("minimal", request(), WORLD),
    ("several", request(MinCount=2, MaxCount=3), WORLD),
    ("no-subnet-default-vpc", request(SubnetId=None, SecurityGroups=[SG.group_name]), WORLD),
    ("private-ip-and-groups", request(PrivateIpAddress="10.0.0.10", SecurityGroupIds=[SG.group_id]), WORLD),
    ("ipv6", request(Ipv6Addresses=V6_ADDRESS, EnablePrimaryIpv6=True), WORLD),
    (
        "template-supplies-image",
        request(ImageId=None, LaunchTemplate={"LaunchTemplateName": LT.template_name, "Version": "$Latest"}),
        WORLD,
    ),
    ("kernel-ramdisk", request(KernelId=WORLD.kernel_ids[0], RamdiskId="ari-0123abcd"), WORLD),
    ("client-token", request(ClientToken="t" * 64), WORLD),
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
    ("dry-run", request(DryRun=True, EbsOptimized=False), WORLD),
]


@pytest.mark.parametrize(("name", "params", "world"), VALID, ids=[v[0] for v in VALID])
def test_valid_request_breaks_nothing(name: str, params: dict[str, Any], world: World) -> None:
    assert broken(Case({k: v for k, v in params.items()}), world) == set()


def test_architecture_is_told_from_the_family() -> None:
    assert [type_architecture(t) for t in ("m6g.large", "t4g.micro", "a1.medium", "c7gn.large")] == [
        "arm64"
    ] * 4
    assert [type_architecture(t) for t in ("m5.large", "g4dn.xlarge", "t3.micro")] == ["x86_64"] * 3
    assert type_architecture("q9.galactic") is None


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
