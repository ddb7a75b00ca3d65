"""The secondary interfaces' predicates (conformance/rules/_secondary_checks.py, R-SEC-2..9): a rule about a
secondary network's facts is decided for entries in a subnet the World knows, left open where the World does not
know the fact, and never judged for an entry in a subnet the World does not list."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from conformance.rules._secondary_checks import (
    ena_queue_count_not_power_of_two,
    entries,
    ipv6_count_and_list,
    ipv6_count_not_positive,
    ipv6_outside_ipv6_subnet,
    ipv6_subnet_unknown,
    outside_virtual_edge,
    virtual_edge_unknown,
    vlan_mode_in_rdma,
    vlan_mode_in_rdma_unknown,
    vlan_mode_missing,
    vlan_mode_missing_unknown,
)
from conformance.rules.core import Predicate
from strategies.case import Case
from strategies.world import SecondarySubnet
from tests.support.rule_requests import WORLD, request

EDGE, EDGE_V6, RDMA = WORLD.secondary_subnets
UNKNOWN = dataclasses.replace(EDGE_V6, subnet_id="subnet-0c9b2c3d4e5f60718", network_type=None, ipv6_listed=False,
                              ipv6_cidr_block=None)
FACTLESS = dataclasses.replace(WORLD, secondary_subnets=(*WORLD.secondary_subnets, UNKNOWN))
UNLISTED = "subnet-0fffffffffffffff0"


def _case(*entries: dict[str, Any]) -> Case:
    return Case(request(SecondaryInterfaces=list(entries)))


def _in(subnet: SecondarySubnet | str, **fields: Any) -> dict[str, Any]:
    subnet_id = subnet if isinstance(subnet, str) else subnet.subnet_id
    return {"SecondarySubnetId": subnet_id, "DeviceIndex": 1, **fields}


def test_entries_are_the_mappings_of_secondary_interfaces() -> None:
    assert entries(_case(_in(EDGE), _in(RDMA))) == [_in(EDGE), _in(RDMA)]
    assert entries(Case(request(SecondaryInterfaces=["junk"]))) == [] and entries(Case(request())) == []


@pytest.mark.parametrize(("check", "fields", "broken"), [
    (ipv6_count_and_list, {"Ipv6AddressCount": 1, "Ipv6Addresses": [{"Ipv6Address": "2600:1f18:0:8::1"}]}, True),
    (ipv6_count_and_list, {"Ipv6AddressCount": 1, "Ipv6Addresses": []}, False),  # an empty list is not sent
    (ipv6_count_not_positive, {"Ipv6AddressCount": 0}, True),
    (ipv6_count_not_positive, {"Ipv6AddressCount": 1}, False),
    (ipv6_count_not_positive, {"Ipv6AddressCount": False}, False),
    (ena_queue_count_not_power_of_two, {"EnaQueueCount": 3}, True),
    (ena_queue_count_not_power_of_two, {"EnaQueueCount": 0}, True),
    (ena_queue_count_not_power_of_two, {"EnaQueueCount": 6}, True),
    (ena_queue_count_not_power_of_two, {"EnaQueueCount": 1}, False),
    (ena_queue_count_not_power_of_two, {"EnaQueueCount": 8}, False),
], ids=["count-and-list", "count-and-empty-list", "count-0", "count-1", "count-bool", "queues-3", "queues-0",
        "queues-6", "queues-1", "queues-8"])
def test_rules_of_the_entry_alone_hold_in_any_subnet(check: Predicate, fields: dict[str, Any], broken: bool) -> None:
    for subnet in (EDGE_V6, UNLISTED):
        assert check(_case(_in(subnet, **fields)), WORLD) is broken
    assert check(_case(_in(EDGE_V6), _in(EDGE_V6, **fields)), WORLD) is broken  # any entry decides


# (violated, open_when, an entry's fields that concern the rule, subnets that break it, subnets that keep it)
FACT_RULES: list[tuple[str, Predicate, Predicate, dict[str, Any], tuple[SecondarySubnet, ...],
                       tuple[SecondarySubnet, ...]]] = [
    ("R-SEC-4", ipv6_outside_ipv6_subnet, ipv6_subnet_unknown, {"Ipv6AddressCount": 1}, (EDGE, RDMA), (EDGE_V6,)),
    ("R-SEC-5", outside_virtual_edge, virtual_edge_unknown, {"EnaQueueCount": 2}, (RDMA,), (EDGE, EDGE_V6)),
    ("R-SEC-8", vlan_mode_missing, vlan_mode_missing_unknown, {}, (EDGE, EDGE_V6), (RDMA,)),
    ("R-SEC-9", vlan_mode_in_rdma, vlan_mode_in_rdma_unknown, {"VlanMode": "access"}, (RDMA,), (EDGE, EDGE_V6)),
]


@pytest.mark.parametrize(("violated", "open_when", "fields", "breaking", "keeping"),
                         [row[1:] for row in FACT_RULES], ids=[row[0] for row in FACT_RULES])
def test_a_fact_rule_is_decided_where_the_world_knows_the_fact(
        violated: Predicate, open_when: Predicate, fields: dict[str, Any],
        breaking: tuple[SecondarySubnet, ...], keeping: tuple[SecondarySubnet, ...]) -> None:
    for subnet in breaking:
        case = _case(_in(subnet, **fields))
        assert violated(case, FACTLESS) and not open_when(case, FACTLESS), subnet.subnet_id
    for subnet in keeping:
        case = _case(_in(subnet, **fields))
        assert not violated(case, FACTLESS) and not open_when(case, FACTLESS), subnet.subnet_id
    unknown = _case(_in(UNKNOWN, **fields))
    assert violated(unknown, FACTLESS) and open_when(unknown, FACTLESS)  # may break it: recorded, not asserted
    surely = _case(_in(UNKNOWN, **fields), _in(breaking[0], **fields))
    assert violated(surely, FACTLESS) and not open_when(surely, FACTLESS)  # one sure entry decides
    assert not violated(_case(_in(UNLISTED, **fields)), FACTLESS)  # a subnet the World does not list


def test_an_entry_without_the_member_a_fact_rule_concerns_keeps_it_whatever_the_world_knows() -> None:
    with_vlan = _case(_in(UNKNOWN, VlanMode="access"))
    assert not ipv6_outside_ipv6_subnet(with_vlan, FACTLESS) and not outside_virtual_edge(with_vlan, FACTLESS)
    assert not vlan_mode_missing(with_vlan, FACTLESS)
    assert not vlan_mode_in_rdma(_case(_in(UNKNOWN)), FACTLESS)
