"""Predicates of the secondary interface rules (R-SEC-2..9), used by `nic.py`.

A rule about a secondary network's facts is decided for the entries in a secondary subnet the World knows;
where the World does not know the fact (the network type, the subnet's IPv6 blocks) the rule is open there
(`open_when`): the request is recorded, never asserted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from conformance.rules._request import dicts, given
from conformance.rules.core import Predicate
from strategies.case import Case
from strategies.limits import RDMA_NETWORK, SECONDARY_IPV6_COUNT_MIN, VIRTUAL_EDGE_NETWORK
from strategies.world import SecondarySubnet, World

IPV6_MEMBERS = ("Ipv6Addresses", "Ipv6AddressCount")
# R-SEC-5: "Supported only for virtual-edge secondary networks."
VIRTUAL_EDGE_ONLY = (*IPV6_MEMBERS, "EnaQueueCount")
# An entry in a known secondary subnet -> True (breaks the rule), False (holds), None (the fact is not known).
EntryTest = Callable[[Mapping[str, Any], SecondarySubnet], bool | None]


def entries(case: Case) -> list[Mapping[str, Any]]:
    return dicts(case.params.get("SecondaryInterfaces"))


def _any_entry(case: Case, test: Callable[[Mapping[str, Any]], bool]) -> bool:
    return any(test(entry) for entry in entries(case))


def _verdicts(case: Case, world: World, test: EntryTest) -> list[bool | None]:
    found = ((entry, world.secondary_subnet(entry.get("SecondarySubnetId"))) for entry in entries(case))
    return [test(entry, subnet) for entry, subnet in found if subnet is not None]


def judged(test: EntryTest) -> tuple[Predicate, Predicate]:
    """(violated, open_when): some entry breaks the rule or may (its fact unknown); open when none surely does."""

    def violated(case: Case, world: World) -> bool:
        return any(v is not False for v in _verdicts(case, world, test))

    def open_when(case: Case, world: World) -> bool:
        found = _verdicts(case, world, test)
        return None in found and True not in found

    return violated, open_when


def ipv6_count_and_list(case: Case, world: World) -> bool:
    """R-SEC-2: both Ipv6Addresses and Ipv6AddressCount on one secondary interface."""
    return _any_entry(case, lambda e: all(given(e, m) for m in IPV6_MEMBERS))


def ipv6_count_not_positive(case: Case, world: World) -> bool:
    """R-SEC-3: an Ipv6AddressCount below 1."""
    def test(entry: Mapping[str, Any]) -> bool:
        count = entry.get("Ipv6AddressCount")
        return isinstance(count, int) and not isinstance(count, bool) and count < SECONDARY_IPV6_COUNT_MIN

    return _any_entry(case, test)


def ena_queue_count_not_power_of_two(case: Case, world: World) -> bool:
    """R-SEC-6: an EnaQueueCount that is not a power of 2 (1, 2, 4, ...)."""
    def test(entry: Mapping[str, Any]) -> bool:
        count = entry.get("EnaQueueCount")
        return isinstance(count, int) and not isinstance(count, bool) and (count < 1 or count & (count - 1) != 0)

    return _any_entry(case, test)


def _ipv6_outside_ipv6_subnet(entry: Mapping[str, Any], subnet: SecondarySubnet) -> bool | None:
    """R-SEC-4: IPv6 members only in an IPv6 secondary subnet."""
    if not any(given(entry, m) for m in IPV6_MEMBERS):
        return False
    return None if subnet.has_ipv6 is None else not subnet.has_ipv6


def _outside_virtual_edge(entry: Mapping[str, Any], subnet: SecondarySubnet) -> bool | None:
    """R-SEC-5: IPv6 members and EnaQueueCount only in virtual-edge secondary networks."""
    if not any(given(entry, m) for m in VIRTUAL_EDGE_ONLY):
        return False
    return None if subnet.network_type is None else subnet.network_type != VIRTUAL_EDGE_NETWORK


def _vlan_mode_missing(entry: Mapping[str, Any], subnet: SecondarySubnet) -> bool | None:
    """R-SEC-8: VlanMode is required in virtual-edge secondary networks."""
    if given(entry, "VlanMode"):
        return False
    return None if subnet.network_type is None else subnet.network_type == VIRTUAL_EDGE_NETWORK


def _vlan_mode_in_rdma(entry: Mapping[str, Any], subnet: SecondarySubnet) -> bool | None:
    """R-SEC-9: VlanMode is not supported in rdma secondary networks."""
    if not given(entry, "VlanMode"):
        return False
    return None if subnet.network_type is None else subnet.network_type == RDMA_NETWORK


ipv6_outside_ipv6_subnet, ipv6_subnet_unknown = judged(_ipv6_outside_ipv6_subnet)
outside_virtual_edge, virtual_edge_unknown = judged(_outside_virtual_edge)
vlan_mode_missing, vlan_mode_missing_unknown = judged(_vlan_mode_missing)
vlan_mode_in_rdma, vlan_mode_in_rdma_unknown = judged(_vlan_mode_in_rdma)
