"""NetworkInterfaces.N and SecondaryInterfaces.N: device indexes from 0 with the primary on card 0, an existing
ENI only for one instance, addresses counted or listed (never both) and unique, and only the secondary interface
members the world's secondary subnets allow (R-SEC-4, R-SEC-5, R-SEC-8, R-SEC-9); prefixes only on a type the
World knows delegates them (Nitro)."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from strategies.case import Case
from strategies.families import interfaces
from strategies.families.context import Draft, Plan
from strategies.limits import (
    NETWORK_INTERFACES_VALID_MAX,
    PRIMARY_NETWORK_CARD_INDEX,
    SECONDARY_INTERFACE_DELETE_ON_TERMINATION,
    TCP_ESTABLISHED_TIMEOUT,
    UDP_STREAM_TIMEOUT,
    UDP_TIMEOUT,
)
from strategies.sampling import run_draws
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


def _interfaces(**decisions: Any) -> list[tuple[Draft, list[dict[str, Any]]]]:
    found: list[tuple[Draft, list[dict[str, Any]]]] = []

    def body(data: st.DataObject) -> None:
        draft = dataclasses.replace(Draft(Plan(WORLD, frozenset())), **{"instance_type": "m5.large", **decisions})
        interfaces.build(cast(st.DrawFn, data.draw), draft)
        found.append((draft, draft.params["NetworkInterfaces"]))

    run_draws(150, body)
    return found


def _addresses(nic: dict[str, Any]) -> list[str]:
    return [
        *([nic["PrivateIpAddress"]] if "PrivateIpAddress" in nic else []),
        *(entry["PrivateIpAddress"] for entry in nic.get("PrivateIpAddresses", ())),
        *(entry["Ipv6Address"] for entry in nic.get("Ipv6Addresses", ())),
        *(entry["Ipv4Prefix"] for entry in nic.get("Ipv4Prefixes", ())),
        *(entry["Ipv6Prefix"] for entry in nic.get("Ipv6Prefixes", ())),
    ]


def test_device_indexes_count_from_zero_with_the_primary_on_card_zero() -> None:
    counts = set()
    for draft, nics in _interfaces(max_count=1):
        assert [nic["DeviceIndex"] for nic in nics] == list(range(len(nics)))
        assert 1 <= len(nics) <= NETWORK_INTERFACES_VALID_MAX
        assert all(nic.get("NetworkCardIndex", PRIMARY_NETWORK_CARD_INDEX) == PRIMARY_NETWORK_CARD_INDEX
                   for nic in nics)
        assert nics[0].get("InterfaceType") != "efa-only"
        assert draft.uses_nics and draft.subnet is not None
        counts.add(len(nics))
    assert counts == set(range(1, NETWORK_INTERFACES_VALID_MAX + 1))


def test_an_existing_eni_carries_no_creation_fields_and_only_for_one_instance() -> None:
    existing = 0
    for draft, nics in _interfaces(max_count=1):
        for nic in nics:
            if "NetworkInterfaceId" not in nic:
                continue
            existing += 1
            assert nic["NetworkInterfaceId"] in WORLD.network_interface_ids
            assert set(nic) <= {"NetworkInterfaceId", "DeviceIndex", "NetworkCardIndex", "DeleteOnTermination"}
            assert nic.get("DeleteOnTermination", False) is False
        assert draft.primary_is_existing_eni is ("NetworkInterfaceId" in nics[0])
        assert draft.creates_interface is any("NetworkInterfaceId" not in nic for nic in nics)
    assert existing
    for _, nics in _interfaces(max_count=2):
        assert not any("NetworkInterfaceId" in nic for nic in nics)


def test_new_interfaces_name_the_subnet_its_groups_and_unique_addresses() -> None:
    for draft, nics in _interfaces(max_count=1):
        assert draft.subnet is not None
        addresses = [a for nic in nics for a in _addresses(nic)]
        assert len(addresses) == len(set(addresses)), addresses
        for nic in nics:
            if "NetworkInterfaceId" in nic:
                continue
            assert nic["SubnetId"] == draft.subnet.subnet_id
            groups = [WORLD.security_group(g) for g in nic.get("Groups", ())]
            assert all(g is not None and g.vpc_id == draft.subnet.vpc_id for g in groups)
            assert not {"Ipv6AddressCount", "Ipv6Addresses"} <= set(nic)
            assert not {"Ipv4PrefixCount", "Ipv4Prefixes"} <= set(nic)
            assert not {"Ipv6PrefixCount", "Ipv6Prefixes"} <= set(nic)
            listed = nic.get("PrivateIpAddresses", [])
            assert [entry["Primary"] for entry in listed][:1] in ([], [True])
            assert not any(entry["Primary"] for entry in listed[1:])
            if nic.get("InterfaceType") == "efa-only":
                assert not _addresses(nic) and "AssociatePublicIpAddress" not in nic
            if "AssociatePublicIpAddress" in nic:
                assert len(nics) == 1


PREFIXES = {"Ipv4PrefixCount", "Ipv4Prefixes", "Ipv6PrefixCount", "Ipv6Prefixes"}


def test_prefixes_only_on_a_type_the_world_knows_delegates_them() -> None:
    """R-NIC-10: prefix delegation is Nitro-only: a Xen type (t2.micro) or one without facts gets no prefix."""
    nitro = {member for _, nics in _interfaces() for nic in nics for member in PREFIXES & set(nic)}
    assert nitro == PREFIXES
    for itype in ("t2.micro", "m7i.large"):
        assert not [nic for _, nics in _interfaces(instance_type=itype) for nic in nics if PREFIXES & set(nic)]


def test_several_instances_get_counts_not_listed_addresses() -> None:
    for _, nics in _interfaces(max_count=3):
        for nic in nics:
            assert not {"PrivateIpAddress", "PrivateIpAddresses", "Ipv6Addresses", "Ipv4Prefixes",
                        "Ipv6Prefixes"} & set(nic), nic


def test_ena_srd_and_connection_tracking_stay_in_their_ranges() -> None:
    seen = set()
    bounds = {"TcpEstablishedTimeout": TCP_ESTABLISHED_TIMEOUT, "UdpStreamTimeout": UDP_STREAM_TIMEOUT,
              "UdpTimeout": UDP_TIMEOUT}
    for _, nics in _interfaces(max_count=1):
        for nic in nics:
            srd = nic.get("EnaSrdSpecification")
            if srd is not None:
                udp = srd.get("EnaSrdUdpSpecification", {}).get("EnaSrdUdpEnabled", False)
                assert not udp or srd["EnaSrdEnabled"]
                seen.add("srd")
            for name, value in nic.get("ConnectionTrackingSpecification", {}).items():
                low, high = bounds[name]
                assert low <= value <= high
                seen.add(name)
    assert seen == {"srd", *bounds}


def test_a_secondary_interface_follows_the_primary_interfaces() -> None:
    def body(data: st.DataObject) -> None:
        draft = Draft(Plan(WORLD, frozenset()))
        draft.params["NetworkInterfaces"] = [{"DeviceIndex": 0}, {"DeviceIndex": 1}]
        interfaces.build_secondary(cast(st.DrawFn, data.draw), draft)
        for entry in draft.params.get("SecondaryInterfaces", []):
            assert entry["DeviceIndex"] == 2
            assert entry.get("DeleteOnTermination", True) is SECONDARY_INTERFACE_DELETE_ON_TERMINATION
            assert WORLD.secondary_subnet(entry["SecondarySubnetId"]) is not None

    run_draws(60, body)


def test_no_secondary_interface_when_its_members_are_left_out() -> None:
    def body(data: st.DataObject) -> None:
        draft = Draft(Plan(WORLD, frozenset({"SecondaryInterfaces[].SecondarySubnetId"})))
        interfaces.build_secondary(cast(st.DrawFn, data.draw), draft)
        assert "SecondaryInterfaces" not in draft.params

    run_draws(30, body)
