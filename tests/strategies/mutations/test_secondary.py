"""Secondary interface mutations: the request's secondary interfaces become one entry in a secondary subnet of
the network type the rule needs, with the one field that breaks it."""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any, cast

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import RDMA_NETWORK, VIRTUAL_EDGE_NETWORK
from strategies.mutations import secondary
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import World, example_world

WORLD = example_world()
EDGE, EDGE_V6, RDMA = WORLD.secondary_subnets
SPECS = {spec.name: spec for spec in secondary.MUTATIONS}


def _entries(name: str, world: World = WORLD, examples: int = 20) -> list[tuple[dict[str, Any], Case]]:
    spec = SPECS[name]
    valid = valid_requests(world, dry_run=None)
    found: list[Case] = []
    run_draws(examples, lambda data: found.append(
        spec.build(cast(st.DrawFn, data.draw), data.draw(valid).api_params(), world)))
    return [(case.params["SecondaryInterfaces"][0], case) for case in found]


def test_one_entry_follows_the_interfaces_and_gives_virtual_edge_a_vlan_mode() -> None:
    params: dict[str, Any] = {"NetworkInterfaces": [{"DeviceIndex": 0}, {"DeviceIndex": 1}],
                              "SecondaryInterfaces": [{"SecondarySubnetId": "old"}, {"SecondarySubnetId": "old"}]}
    entry = secondary.one_entry(params, EDGE, EnaQueueCount=2)
    assert params["SecondaryInterfaces"] == [entry]
    assert entry == {"SecondarySubnetId": EDGE.subnet_id, "DeviceIndex": 2, "VlanMode": entry["VlanMode"],
                     "EnaQueueCount": 2}
    rdma = secondary.one_entry({}, RDMA)
    assert rdma == {"SecondarySubnetId": RDMA.subnet_id, "DeviceIndex": 1}
    assert "VlanMode" not in secondary.one_entry({}, EDGE, VlanMode=None)


def test_each_mutation_uses_a_subnet_of_the_network_type_its_rule_needs() -> None:
    wanted = {
        "secondary-ipv6-count-not-positive": EDGE_V6,
        "secondary-ipv6-outside-ipv6-subnet": EDGE,
        "secondary-ena-queues-outside-virtual-edge": RDMA,
        "secondary-ena-queue-count-not-power-of-two": EDGE,
        "secondary-vlan-mode-missing": EDGE,
        "secondary-vlan-mode-in-rdma": RDMA,
    }
    for name, subnet in wanted.items():
        for entry, case in _entries(name, examples=8):
            assert entry["SecondarySubnetId"] == subnet.subnet_id, name
            assert len(case.params["SecondaryInterfaces"]) == 1


def test_the_breaking_fields() -> None:
    for entry, _ in _entries("secondary-ipv6-count-not-positive"):
        assert entry["Ipv6AddressCount"] <= 0
    for entry, _ in _entries("secondary-ena-queue-count-not-power-of-two"):
        count = entry["EnaQueueCount"]
        assert count in secondary.NOT_POWERS_OF_TWO and (count <= 0 or count & (count - 1))
    for entry, _ in _entries("secondary-vlan-mode-missing"):
        assert "VlanMode" not in entry and EDGE.network_type == VIRTUAL_EDGE_NETWORK
    for entry, _ in _entries("secondary-vlan-mode-in-rdma"):
        assert "VlanMode" in entry and RDMA.network_type == RDMA_NETWORK


def test_a_count_and_a_list_for_one_instance() -> None:
    for entry, case in _entries("secondary-ipv6-count-and-addresses"):
        assert entry["Ipv6AddressCount"] == 1 and case.params["MaxCount"] == 1
        (listed,) = entry["Ipv6Addresses"]
        assert ipaddress.ip_address(listed["Ipv6Address"]) in ipaddress.ip_network(str(EDGE_V6.ipv6_cidr_block))


def test_kept_on_termination_in_the_drawn_entry_a_typed_subnet_or_none() -> None:
    for entry, _ in _entries("secondary-interface-kept-on-termination"):
        assert entry["DeleteOnTermination"] is False
    untyped = dataclasses.replace(WORLD, secondary_subnets=(dataclasses.replace(EDGE, network_type=None),))
    for entry, _ in _entries("secondary-interface-kept-on-termination", untyped, 5):
        assert entry["DeleteOnTermination"] is False and "SecondarySubnetId" not in entry
    none_drawn = {"ImageId": WORLD.image_ids[0], "MinCount": 1, "MaxCount": 1}
    case = SPECS["secondary-interface-kept-on-termination"].build(
        cast(st.DrawFn, lambda s: None), dict(none_drawn), WORLD)
    assert case.params["SecondaryInterfaces"][0]["SecondarySubnetId"] == EDGE.subnet_id  # the first typed one


def test_mutations_apply_only_where_the_world_has_such_a_subnet() -> None:
    rdma_only = dataclasses.replace(WORLD, secondary_subnets=(RDMA,))
    assert SPECS["secondary-vlan-mode-in-rdma"].applicable(rdma_only)
    assert not SPECS["secondary-vlan-mode-missing"].applicable(rdma_only)
    assert not SPECS["secondary-ipv6-count-and-addresses"].applicable(rdma_only)
    assert SPECS["secondary-interface-kept-on-termination"].applicable(rdma_only)
