"""NetworkInterfaces.N mutations: the request's network made one new (or one existing) primary interface, then
the field that breaks the rule, with one instance where a listed address would otherwise break another."""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any, cast

import pytest
from hypothesis import strategies as st

from strategies.limits import (
    ID_PATTERNS,
    NIC_INTERFACE_TYPES,
    TCP_ESTABLISHED_TIMEOUT,
    UDP_STREAM_TIMEOUT,
    UDP_TIMEOUT,
)
from strategies.mutations import MutationSpec, nic
from strategies.world import World
from tests.support.mutation_draws import on_its_variant
from tests.support.world_variants import IPV6_ONLY, WORLD

SPECS = {spec.name: spec for spec in nic.MUTATIONS}
NEW_ONLY = ("public-ip-with-two-interfaces", "efa-only-interface-with-addresses")


def _cases(name: str, examples: int = 20) -> tuple[World, list[dict[str, Any]]]:
    world, found = on_its_variant(SPECS[name], examples)
    return world, [dict(case.params) for case in found]


def _primary(params: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = params["NetworkInterfaces"][0]
    return first


@pytest.mark.parametrize("spec", [s for s in nic.MUTATIONS if s.path.startswith(nic.NIC)], ids=lambda s: s.name)
def test_the_network_is_one_primary_interface_and_no_instance_level_member(spec: MutationSpec) -> None:
    for params in _cases(spec.name, 5)[1]:
        count = 2 if spec.name in NEW_ONLY else 1
        assert len(params["NetworkInterfaces"]) == count
        assert not {"SubnetId", "SecurityGroupIds", "SecurityGroups", "PrivateIpAddress"} & set(params)


def test_existing_interfaces_carry_the_creation_field_and_launch_one_instance() -> None:
    for name, member in (("public-ip-on-existing-interface", "AssociatePublicIpAddress"),
                         ("delete-on-termination-existing-interface", "DeleteOnTermination"),
                         ("description-on-existing-interface", "Description")):
        world, cases = _cases(name, 8)
        for params in cases:
            primary = _primary(params)
            assert primary["NetworkInterfaceId"] == world.network_interface_ids[0] and member in primary
            assert params["MaxCount"] == 1
    for params in _cases("delete-on-termination-existing-interface", 3)[1]:
        assert _primary(params)["DeleteOnTermination"] is True


def test_addresses_of_the_subnet_counted_and_listed_or_for_several() -> None:
    world, several = _cases("interface-private-ip-several-instances")
    for params in several:
        subnet = world.subnet(_primary(params)["SubnetId"])
        assert subnet is not None and params["MinCount"] == params["MaxCount"] >= 2
        assert ipaddress.ip_address(_primary(params)["PrivateIpAddress"]) in ipaddress.ip_network(subnet.cidr_block)
    for params in _cases("interface-two-primary-addresses")[1]:
        assert [a["Primary"] for a in _primary(params)["PrivateIpAddresses"]] == [True, True]
        assert params["MaxCount"] == 1
    for params in _cases("interface-secondary-count-and-addresses")[1]:
        primary = _primary(params)
        assert [a["Primary"] for a in primary["PrivateIpAddresses"]] == [True, False]
        assert primary["SecondaryPrivateIpAddressCount"] == 1


@pytest.mark.parametrize(("name", "family", "length"), [("interface-ipv4-prefix-count-and-list", "Ipv4", 28),
                                                        ("interface-ipv6-prefix-count-and-list", "Ipv6", 80)])
def test_a_prefix_count_and_a_prefix_of_the_subnet(name: str, family: str, length: int) -> None:
    world, cases = _cases(name)
    for params in cases:
        assert world.prefix_delegation(params["InstanceType"])  # a Xen type would refuse any prefix
        primary = _primary(params)
        subnet = world.subnet(primary["SubnetId"])
        assert subnet is not None and primary[f"{family}PrefixCount"] == 1
        (listed,) = primary[f"{family}Prefixes"]
        prefix = ipaddress.ip_network(listed[f"{family}Prefix"])
        cidr = subnet.cidr_block if family == "Ipv4" else str(subnet.ipv6_cidr_block)
        network = ipaddress.ip_network(cidr)
        assert prefix.prefixlen == length
        assert prefix.network_address in network and prefix.broadcast_address in network


def test_a_prefix_pair_moves_a_xen_request_to_a_type_that_delegates_prefixes() -> None:
    """R-NIC-10 alone: a t2.micro request (Xen, which delegates no prefix) is moved to a Nitro type first; a world
    without one has no such mutation."""
    spec = SPECS["interface-ipv4-prefix-count-and-list"]
    params = {"ImageId": WORLD.images[0].image_id, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1}
    built = dict(spec.build(cast(st.DrawFn, None), params, WORLD).params)  # it draws nothing
    assert built["InstanceType"] == "t3.micro" and WORLD.prefix_delegation("t3.micro")
    assert {"Ipv4PrefixCount", "Ipv4Prefixes"} <= set(_primary(built))
    xen_only = dataclasses.replace(WORLD, instance_types=("t2.micro",), instance_type_facts=tuple(
        t for t in WORLD.instance_type_facts if t.name == "t2.micro"))
    assert not spec.applicable(xen_only) and not SPECS["interface-ipv6-prefix-count-and-list"].applicable(xen_only)


def test_interface_types_and_cards() -> None:
    for params in _cases("interface-type-unknown")[1]:
        assert _primary(params)["InterfaceType"] not in NIC_INTERFACE_TYPES
    for params in _cases("efa-only-interface-with-addresses")[1]:
        efa = params["NetworkInterfaces"][1]
        assert efa["InterfaceType"] == "efa-only" and efa["SecondaryPrivateIpAddressCount"] == 1
        assert efa["DeviceIndex"] == 1 and "SecondaryInterfaces" not in params
    for params in _cases("primary-interface-not-on-card-0")[1]:
        assert _primary(params)["NetworkCardIndex"] >= 1
    for params in _cases("interface-without-device-index")[1]:
        assert "DeviceIndex" not in _primary(params)


@pytest.mark.parametrize(("name", "key", "bounds"), [
    ("tcp-established-timeout-out-of-range", "TcpEstablishedTimeout", TCP_ESTABLISHED_TIMEOUT),
    ("udp-stream-timeout-out-of-range", "UdpStreamTimeout", UDP_STREAM_TIMEOUT),
    ("udp-timeout-out-of-range", "UdpTimeout", UDP_TIMEOUT),
])
def test_a_timeout_out_of_its_range(name: str, key: str, bounds: tuple[int, int]) -> None:
    for params in _cases(name)[1]:
        tracking = _primary(params)["ConnectionTrackingSpecification"]
        assert set(tracking) == {key} and not bounds[0] <= tracking[key] <= bounds[1]


def test_srd_udp_without_srd_and_a_carrier_ip_outside_wavelength() -> None:
    for params in _cases("ena-srd-udp-without-ena-srd")[1]:
        srd = _primary(params)["EnaSrdSpecification"]
        assert srd["EnaSrdUdpSpecification"]["EnaSrdUdpEnabled"] is True and not srd.get("EnaSrdEnabled", False)
    for params in _cases("carrier-ip-outside-wavelength-zone")[1]:
        assert _primary(params)["AssociateCarrierIpAddress"] is True


def test_existing_interface_ids_malformed_or_unknown() -> None:
    for params in _cases("network-interface-id-malformed")[1]:
        assert _primary(params)["NetworkInterfaceId"] in nic.MALFORMED_ENI
    world, unknown = _cases("network-interface-id-unknown")
    for params in unknown:
        ident = _primary(params)["NetworkInterfaceId"]
        assert ID_PATTERNS["eni"].fullmatch(ident) and ident not in world.network_interface_ids


def test_an_ip_name_in_an_ipv6_only_subnet() -> None:
    world, cases = _cases("ip-name-in-ipv6-only-subnet")
    assert world is IPV6_ONLY
    for params in cases:
        subnet = world.subnet(params["SubnetId"])
        assert subnet is not None and not subnet.cidr_block
        assert params["PrivateDnsNameOptions"] == {"HostnameType": "ip-name"}
