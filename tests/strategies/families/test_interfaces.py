"""NetworkInterfaces.N and SecondaryInterfaces.N: valid requests draw only the secondary interface members the
world's secondary subnets allow (R-SEC-4, R-SEC-5, R-SEC-8, R-SEC-9)."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

from strategies.case import Case
from strategies.valid import valid_requests
from strategies.world import SecondarySubnet, World
from tests.support.world_variants import WORLD

EXAMPLES = settings(max_examples=150, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck))


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
