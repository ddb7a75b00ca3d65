"""Mutations of SecondaryInterfaces.N (R-SEC-*): each makes the request's secondary interfaces one entry in a
secondary subnet whose facts the World knows, then breaks one rule."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from strategies.case import Case
from strategies.families.generic import enum_of
from strategies.limits import RDMA_NETWORK, SECONDARY_ENA_QUEUE_COUNTS, VIRTUAL_EDGE_NETWORK
from strategies.mutations import MutationSpec
from strategies.mutations._reshape import one_instance, record
from strategies.world import SecondarySubnet, World

Params = dict[str, Any]
SI = "SecondaryInterfaces[]."
NOT_POWERS_OF_TWO = (0, 3, 5, 6, 12)
Fields = Callable[[st.DrawFn, SecondarySubnet], dict[str, Any]]
Wanted = Callable[[SecondarySubnet], bool]


def _virtual_edge(subnet: SecondarySubnet) -> bool:
    return subnet.network_type == VIRTUAL_EDGE_NETWORK


def _virtual_edge_ipv6(subnet: SecondarySubnet) -> bool:
    return _virtual_edge(subnet) and subnet.has_ipv6 is True


def _virtual_edge_ipv4_only(subnet: SecondarySubnet) -> bool:
    return _virtual_edge(subnet) and subnet.has_ipv6 is False


def _rdma(subnet: SecondarySubnet) -> bool:
    return subnet.network_type == RDMA_NETWORK


def _typed(subnet: SecondarySubnet) -> bool:
    return subnet.network_type is not None


def _found(wanted: Wanted) -> Callable[[World], bool]:
    return lambda world: any(wanted(s) for s in world.secondary_subnets)


def one_entry(params: Params, subnet: SecondarySubnet, **fields: Any) -> dict[str, Any]:
    """Make the request's secondary interfaces exactly one valid entry in `subnet` (R-SEC-8's VlanMode where its
    network needs it), with `fields` (one given as None is left out)."""
    used = len(params.get("NetworkInterfaces") or [1])  # the implicit primary interface holds index 0
    entry: dict[str, Any] = {"SecondarySubnetId": subnet.subnet_id, "DeviceIndex": used}
    if _virtual_edge(subnet):
        entry["VlanMode"] = enum_of(f"{SI}VlanMode")[0]
    entry.update(fields)
    entry = {key: value for key, value in entry.items() if value is not None}
    params["SecondaryInterfaces"] = [entry]
    return entry


def _mutation(name: str, rule_id: str, member: str, wanted: Wanted, fields: Fields) -> MutationSpec:
    """One entry in the first secondary subnet `wanted` accepts, with the `fields` that break the rule."""

    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        subnet = next(s for s in world.secondary_subnets if wanted(s))
        one_entry(params, subnet, **fields(draw, subnet))
        return record(params, rule_id, SI + member, name)

    return MutationSpec(name, rule_id, SI + member, build, applicable=_found(wanted))


def _ipv6_host(subnet: SecondarySubnet) -> str:
    return str(ipaddress.ip_network(str(subnet.ipv6_cidr_block)).network_address + 0x100)


def _count_and_list(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-SEC-2 on one instance (a listed address names one interface)."""
    subnet = next(s for s in world.secondary_subnets if _virtual_edge_ipv6(s))
    one_instance(params)
    one_entry(params, subnet, Ipv6Addresses=[{"Ipv6Address": _ipv6_host(subnet)}], Ipv6AddressCount=1)
    return record(params, "R-SEC-2", SI + "Ipv6AddressCount", "secondary-ipv6-count-and-addresses")


def _keeps_interface(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-SEC-1: the drawn entry, or a new one (in a subnet of known type, else in none), kept on termination."""
    entries = params.get("SecondaryInterfaces") or []
    typed = [s for s in world.secondary_subnets if _typed(s)]
    if entries:
        entries[0]["DeleteOnTermination"] = False
    elif typed:
        one_entry(params, typed[0], DeleteOnTermination=False)
    else:
        used = len(params.get("NetworkInterfaces") or [1])
        params["SecondaryInterfaces"] = [{"DeleteOnTermination": False, "DeviceIndex": used}]
    return record(params, "R-SEC-1", SI + "DeleteOnTermination", "secondary-interface-kept-on-termination")


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("secondary-interface-kept-on-termination", "R-SEC-1", SI + "DeleteOnTermination",
                 _keeps_interface),
    MutationSpec("secondary-ipv6-count-and-addresses", "R-SEC-2", SI + "Ipv6AddressCount", _count_and_list,
                 applicable=_found(_virtual_edge_ipv6)),
    _mutation("secondary-ipv6-count-not-positive", "R-SEC-3", "Ipv6AddressCount", _virtual_edge_ipv6,
              lambda d, s: {"Ipv6AddressCount": d(st.sampled_from((0, -1)))}),
    _mutation("secondary-ipv6-outside-ipv6-subnet", "R-SEC-4", "Ipv6AddressCount", _virtual_edge_ipv4_only,
              lambda d, s: {"Ipv6AddressCount": d(st.integers(1, 2))}),
    _mutation("secondary-ena-queues-outside-virtual-edge", "R-SEC-5", "EnaQueueCount", _rdma,
              lambda d, s: {"EnaQueueCount": d(st.sampled_from(SECONDARY_ENA_QUEUE_COUNTS))}),
    _mutation("secondary-ena-queue-count-not-power-of-two", "R-SEC-6", "EnaQueueCount", _virtual_edge,
              lambda d, s: {"EnaQueueCount": d(st.sampled_from(NOT_POWERS_OF_TWO))}),
    _mutation("secondary-vlan-mode-missing", "R-SEC-8", "VlanMode", _virtual_edge,
              lambda d, s: {"VlanMode": None}),
    _mutation("secondary-vlan-mode-in-rdma", "R-SEC-9", "VlanMode", _rdma,
              lambda d, s: {"VlanMode": enum_of(f"{SI}VlanMode")[0]}),
)
