"""The network-interface predicates and post-condition (conformance/rules/_nic_checks.py, used by nic.py): bounds
and edge cases the family's hand-written rows leave out (timeouts at their bounds, efa-only addresses, Wavelength
zones, primary entries), and the public address a default subnet's running instance must show."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from conformance.rules._nic_checks import (
    assigns_addresses,
    bad_eni,
    bad_interface_type,
    carrier_ip_outside_wavelength,
    default_subnet_public_ip,
    ena_srd_udp_alone,
    ip_name_in_ipv6_only_subnet,
    nic_two_primaries,
    primary_not_on_card_zero,
    secondary_count_and_list,
    tcp_established_outside,
    udp_outside,
    udp_stream_outside,
)
from conformance.rules.core import Launch, Predicate
from strategies.case import Case
from strategies.world import Subnet
from tests.support.rule_requests import ENI, LT, SUBNET, V6_ONLY, WORLD, nic_request, primary, request

INSTANCE = "i-0123456789abcdef0"
WAVELENGTH = Subnet("subnet-0e2b2c3d4e5f60718", WORLD.vpc_id, "us-east-1-wl1-bos-wlz-1", "10.0.5.0/24")
WIDER = dataclasses.replace(WORLD, subnets=(*WORLD.subnets, WAVELENGTH, V6_ONLY))


def _nic(**fields: Any) -> Case:
    return Case(nic_request(primary(**fields)))


@pytest.mark.parametrize(("check", "key", "low", "high"), [
    (tcp_established_outside, "TcpEstablishedTimeout", 60, 432_000),
    (udp_stream_outside, "UdpStreamTimeout", 60, 180),
    (udp_outside, "UdpTimeout", 30, 60),
], ids=["tcp-established", "udp-stream", "udp"])
def test_a_timeout_is_outside_only_beyond_its_bounds(check: Predicate, key: str, low: int, high: int) -> None:
    def spec(value: Any) -> Case:
        return _nic(ConnectionTrackingSpecification={key: value})

    assert not check(spec(low), WORLD) and not check(spec(high), WORLD)
    assert check(spec(low - 1), WORLD) and check(spec(high + 1), WORLD)
    assert not check(spec("61"), WORLD) and not check(_nic(), WORLD)


@pytest.mark.parametrize(("fields", "assigns"), [
    ({}, False),
    ({"Ipv6AddressCount": 0, "SecondaryPrivateIpAddressCount": 0}, False),
    ({"AssociatePublicIpAddress": False}, False),
    ({"Ipv6Addresses": []}, False),
    ({"Ipv4PrefixCount": 1}, True),
    ({"PrivateIpAddress": "10.0.0.10"}, True),
    ({"PrimaryIpv6": True}, True),
], ids=["nothing", "zero-counts", "flag-off", "empty-list", "prefix-count", "address", "primary-ipv6"])
def test_an_efa_only_interface_assigns_no_address(fields: dict[str, Any], assigns: bool) -> None:
    assert assigns_addresses(fields) is assigns
    entry = {"DeviceIndex": 1, "SubnetId": SUBNET.subnet_id, "InterfaceType": "efa-only", **fields}
    assert bad_interface_type(Case(nic_request(primary(), entry)), WORLD) is assigns
    assert not bad_interface_type(Case(nic_request(primary(), {**entry, "InterfaceType": "efa"})), WORLD)


def test_the_primary_interface_sits_on_card_zero() -> None:
    assert primary_not_on_card_zero(_nic(NetworkCardIndex=1), WORLD)
    assert not primary_not_on_card_zero(_nic(NetworkCardIndex=0), WORLD)
    second = {"DeviceIndex": 1, "SubnetId": SUBNET.subnet_id, "NetworkCardIndex": 1}
    assert not primary_not_on_card_zero(Case(nic_request(primary(), second)), WORLD)


def test_private_address_entries() -> None:
    one = [{"PrivateIpAddress": "10.0.0.10", "Primary": True}]
    with_secondary = [*one, {"PrivateIpAddress": "10.0.0.11", "Primary": False}]
    assert not nic_two_primaries(_nic(PrivateIpAddresses=with_secondary), WORLD)
    assert nic_two_primaries(_nic(PrivateIpAddresses=[*one, {"PrivateIpAddress": "10.0.0.12", "Primary": True}]),
                             WORLD)
    assert not secondary_count_and_list(_nic(PrivateIpAddresses=one, SecondaryPrivateIpAddressCount=1), WORLD)
    assert secondary_count_and_list(_nic(PrivateIpAddresses=with_secondary, SecondaryPrivateIpAddressCount=1), WORLD)


def test_ena_srd_udp_needs_srd() -> None:
    udp = {"EnaSrdUdpSpecification": {"EnaSrdUdpEnabled": True}}
    assert ena_srd_udp_alone(_nic(EnaSrdSpecification=udp), WORLD)
    assert ena_srd_udp_alone(_nic(EnaSrdSpecification={**udp, "EnaSrdEnabled": False}), WORLD)
    assert not ena_srd_udp_alone(_nic(EnaSrdSpecification={**udp, "EnaSrdEnabled": True}), WORLD)
    assert not ena_srd_udp_alone(_nic(EnaSrdSpecification={"EnaSrdUdpSpecification": {}}), WORLD)


def test_a_carrier_address_wants_a_wavelength_subnet_the_world_knows() -> None:
    assert carrier_ip_outside_wavelength(_nic(AssociateCarrierIpAddress=True), WIDER)
    in_wavelength = primary(SubnetId=WAVELENGTH.subnet_id, AssociateCarrierIpAddress=True)
    assert not carrier_ip_outside_wavelength(Case(nic_request(in_wavelength)), WIDER)
    unknown = primary(SubnetId="subnet-0aaaaaaaaaaaaaaaa", AssociateCarrierIpAddress=True)
    assert not carrier_ip_outside_wavelength(Case(nic_request(unknown)), WIDER)


def test_an_existing_interface_must_be_well_formed_and_known() -> None:
    assert not bad_eni(Case(nic_request({"DeviceIndex": 0, "NetworkInterfaceId": ENI})), WORLD)
    assert bad_eni(Case(nic_request({"DeviceIndex": 0, "NetworkInterfaceId": "eni-0aaaaaaaaaaaaaaaa"})), WORLD)
    assert bad_eni(Case(nic_request({"DeviceIndex": 0, "NetworkInterfaceId": "eni-zz"})), WORLD)
    assert not bad_eni(_nic(), WORLD)


def test_an_ip_name_needs_an_ipv4_range_in_the_primary_subnet() -> None:
    ip_name = {"HostnameType": "ip-name"}
    assert ip_name_in_ipv6_only_subnet(Case(request(SubnetId=V6_ONLY.subnet_id, PrivateDnsNameOptions=ip_name)),
                                       WIDER)
    on_interface = nic_request(primary(SubnetId=V6_ONLY.subnet_id), PrivateDnsNameOptions=ip_name)
    assert ip_name_in_ipv6_only_subnet(Case(on_interface), WIDER)
    resource_name = {"HostnameType": "resource-name"}
    assert not ip_name_in_ipv6_only_subnet(Case(request(SubnetId=V6_ONLY.subnet_id,
                                                        PrivateDnsNameOptions=resource_name)), WIDER)
    assert not ip_name_in_ipv6_only_subnet(Case(request(PrivateDnsNameOptions=ip_name)), WIDER)


# --- R-NIC-4: a default subnet's running instance has a public address ---


def _running(public: str | None = None, state: str = "running") -> Launch:
    described = {"InstanceId": INSTANCE, "State": {"Name": state}, **({"PublicIpAddress": public} if public else {})}
    return Launch({"Instances": [{"InstanceId": INSTANCE, "State": {"Name": "pending"}}]}, [described])


@pytest.mark.parametrize(("params", "launch", "checks"), [
    (request(SubnetId=None), _running(), ["PublicIpAddress"]),
    (request(SubnetId=None), _running("54.1.2.3"), []),
    (request(SubnetId=None), _running(state="pending"), []),
    (request(), _running(), []),  # a named subnet may not be a default one
    (request(SubnetId=None, LaunchTemplate={"LaunchTemplateId": LT.template_id}), _running(), []),
    (nic_request({"DeviceIndex": 0, "AssociatePublicIpAddress": False}), _running(), []),
    (nic_request({"DeviceIndex": 0}), _running(), ["PublicIpAddress"]),
], ids=["no-public-ip", "public-ip", "pending", "named-subnet", "template", "asked-none", "interface-without-subnet"])
def test_a_default_subnets_running_instance_shows_a_public_address(
        params: dict[str, Any], launch: Launch, checks: list[str]) -> None:
    assert [p.check for p in default_subnet_public_ip(Case(params), WORLD, launch)] == checks


def test_without_a_default_vpc_no_public_address_is_expected() -> None:
    no_default = dataclasses.replace(WORLD, has_default_vpc=False, default_vpc_id=None)
    assert default_subnet_public_ip(Case(request(SubnetId=None)), no_default, _running()) == []
