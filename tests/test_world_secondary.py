"""Secondary subnets in the World: the facts discovery reads (network type, IPv6 blocks), and valid requests that
draw only the secondary interface members those facts allow (R-SEC-4, R-SEC-5, R-SEC-8, R-SEC-9)."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

from conformance.targets.discover import secondary_subnets
from strategies.case import Case
from strategies.valid import valid_requests
from strategies.world import SecondarySubnet, World
from tests.support.world_variants import WORLD

EXAMPLES = settings(max_examples=150, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck))
ASSOCIATED = "associated"


class _Ec2:
    """DescribeSecondarySubnets' answer (or its absence, as on an emulator without secondary networks)."""

    def __init__(self, subnets: list[dict[str, Any]] | None) -> None:
        self.subnets = subnets

    def describe_secondary_subnets(self) -> dict[str, Any]:
        if self.subnets is None:
            raise NotImplementedError("DescribeSecondarySubnets")
        return {"SecondarySubnets": self.subnets}


def _raw(ident: str, network: str, state: str = "create-complete", **blocks: Any) -> dict[str, Any]:
    return {"SecondarySubnetId": ident, "SecondaryNetworkType": network, "State": state,
            "AvailabilityZone": "us-east-1a",
            "Ipv4CidrBlockAssociations": [{"CidrBlock": "10.1.0.0/24", "State": ASSOCIATED}], **blocks}


def test_discovery_reads_the_network_type_and_the_ipv6_blocks() -> None:
    answer = [
        _raw("ss-b", "rdma", Ipv6CidrBlockAssociations=[]),
        _raw("ss-a", "virtual-edge", Ipv6CidrBlockAssociations=[
            {"Ipv6CidrBlock": "2600:1f18:0:7::/64", "State": "disassociated"},
            {"Ipv6CidrBlock": "2600:1f18:0:8::/64", "State": ASSOCIATED}]),
        _raw("ss-0", "rdma", state="delete-in-progress"),
    ]
    found = secondary_subnets(_Ec2(answer))
    assert [(s.subnet_id, s.network_type, s.ipv6_cidr_block, s.has_ipv6) for s in found] == [
        ("ss-a", "virtual-edge", "2600:1f18:0:8::/64", True), ("ss-b", "rdma", None, False)]
    assert found[0].cidr_block == "10.1.0.0/24"


def test_discovery_leaves_unread_blocks_unknown_and_a_missing_call_empty() -> None:
    unread = secondary_subnets(_Ec2([_raw("ss-a", "virtual-edge")]))
    assert [s.has_ipv6 for s in unread] == [None]
    assert secondary_subnets(_Ec2(None)) == ()


def _entries(world: World) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    @EXAMPLES
    @given(case=valid_requests(world, dry_run=None))
    def collect(case: Case) -> None:
        found.extend(case.params.get("SecondaryInterfaces", []))

    collect()
    return found


def _with(*subnets: SecondarySubnet) -> World:
    return dataclasses.replace(WORLD, secondary_subnets=subnets)


def test_no_secondary_interface_is_drawn_where_the_network_type_is_unknown() -> None:
    unknown = dataclasses.replace(WORLD.secondary_subnets[1], network_type=None)
    assert _entries(_with(unknown)) == []
    assert _entries(WORLD), "example_world() draws secondary interfaces"


def test_rdma_interfaces_carry_no_virtual_edge_member_and_virtual_edge_ones_a_vlan_mode() -> None:
    edge, edge_v6, rdma = WORLD.secondary_subnets
    rdma_entries = _entries(_with(rdma))
    assert rdma_entries and not [e for e in rdma_entries
                                 if {"VlanMode", "EnaQueueCount", "Ipv6AddressCount", "Ipv6Addresses"} & set(e)]
    edge_entries = _entries(_with(edge, edge_v6))
    assert edge_entries and all(e["VlanMode"] == "access" for e in edge_entries)
    with_ipv6 = [e for e in edge_entries if {"Ipv6AddressCount", "Ipv6Addresses"} & set(e)]
    assert with_ipv6 and all(e["SecondarySubnetId"] == edge_v6.subnet_id for e in with_ipv6)
