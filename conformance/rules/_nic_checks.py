"""Predicates and the post-condition of the network interface rules (R-NIC-*, R-SEC-1), used by `nic.py`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conformance.findings import FailedCheck
from conformance.rules._network_checks import names_no_subnet
from conformance.rules._readers import Answer, launched
from conformance.rules._request import (
    dicts,
    given,
    is_true,
    launch_template,
    launches_several,
    malformed,
    nics,
    positive,
    subnet_of,
    well_formed,
)
from conformance.rules.core import Launch
from strategies.case import Case
from strategies.limits import (
    NIC_INTERFACE_TYPES,
    TCP_ESTABLISHED_TIMEOUT,
    UDP_STREAM_TIMEOUT,
    UDP_TIMEOUT,
    WAVELENGTH_MARK,
)
from strategies.world import World

ENI = "NetworkInterfaceId"
# R-NIC-6: NIC fields that "Apply only if creating a network interface".
CREATION_ONLY_FIELDS = ("Description", "Groups", "SubnetId", "PrivateIpAddress")
# R-NIC-12: members that assign an address to an interface (efa-only must carry none).
_ADDRESS_LISTS = ("PrivateIpAddress", "PrivateIpAddresses", "Ipv6Addresses", "Ipv4Prefixes", "Ipv6Prefixes")
_ADDRESS_COUNTS = ("SecondaryPrivateIpAddressCount", "Ipv6AddressCount", "Ipv4PrefixCount", "Ipv6PrefixCount")
_ADDRESS_FLAGS = ("AssociatePublicIpAddress", "AssociateCarrierIpAddress", "PrimaryIpv6")


def _any_nic(case: Case, test: Any) -> bool:
    return any(test(nic) for nic in nics(case))


def no_device_index(case: Case, world: World) -> bool:
    return _any_nic(case, lambda n: n.get("DeviceIndex") is None)


def public_ip_several_nics(case: Case, world: World) -> bool:
    found = nics(case)
    return len(found) > 1 and any(n.get("AssociatePublicIpAddress") is not None for n in found)


def public_ip_existing_eni(case: Case, world: World) -> bool:
    return _any_nic(case, lambda n: given(n, ENI) and n.get("AssociatePublicIpAddress") is not None)


def delete_existing_eni(case: Case, world: World) -> bool:
    return _any_nic(case, lambda n: given(n, ENI) and is_true(n, "DeleteOnTermination"))


def creation_fields_existing_eni(case: Case, world: World) -> bool:
    return _any_nic(case, lambda n: given(n, ENI) and any(given(n, f) for f in CREATION_ONLY_FIELDS))


def nic_private_ip_several(case: Case, world: World) -> bool:
    listed = _any_nic(case, lambda n: given(n, "PrivateIpAddress") or given(n, "PrivateIpAddresses"))
    return listed and launches_several(case)


def _primaries(nic: Mapping[str, Any]) -> int:
    return sum(1 for entry in dicts(nic.get("PrivateIpAddresses")) if entry.get("Primary") is True)


def nic_two_primaries(case: Case, world: World) -> bool:
    return _any_nic(case, lambda n: _primaries(n) > 1)


def _has_secondary_entry(nic: Mapping[str, Any]) -> bool:
    return any(entry.get("Primary") is not True for entry in dicts(nic.get("PrivateIpAddresses")))


def secondary_count_and_list(case: Case, world: World) -> bool:
    return _any_nic(case, lambda n: given(n, "SecondaryPrivateIpAddressCount") and _has_secondary_entry(n))


def _prefix_pair(nic: Mapping[str, Any]) -> bool:
    return any(given(nic, f"Ipv{v}Prefixes") and given(nic, f"Ipv{v}PrefixCount") for v in (4, 6))


def prefix_count_and_list(case: Case, world: World) -> bool:
    return _any_nic(case, _prefix_pair)


def nic_ipv6_count_and_list(case: Case, world: World) -> bool:
    return _any_nic(case, lambda n: given(n, "Ipv6AddressCount") and given(n, "Ipv6Addresses"))


def assigns_addresses(nic: Mapping[str, Any]) -> bool:
    return (
        any(given(nic, f) for f in _ADDRESS_LISTS)
        or any(positive(nic, f) for f in _ADDRESS_COUNTS)
        or any(is_true(nic, f) for f in _ADDRESS_FLAGS)
    )


def _bad_interface_type(nic: Mapping[str, Any]) -> bool:
    kind = nic.get("InterfaceType")
    if kind is None:
        return False
    return kind not in NIC_INTERFACE_TYPES or (kind == "efa-only" and assigns_addresses(nic))


def bad_interface_type(case: Case, world: World) -> bool:
    return _any_nic(case, _bad_interface_type)


def primary_not_on_card_zero(case: Case, world: World) -> bool:
    def test(nic: Mapping[str, Any]) -> bool:
        card = nic.get("NetworkCardIndex")
        return nic.get("DeviceIndex") == 0 and card is not None and card != 0

    return _any_nic(case, test)


def timeout_outside(key: str, bounds: tuple[int, int]) -> Any:
    """A predicate: some interface's ConnectionTrackingSpecification.<key> is outside `bounds`."""

    def violated(case: Case, world: World) -> bool:
        for nic in nics(case):
            spec = nic.get("ConnectionTrackingSpecification")
            value = spec.get(key) if isinstance(spec, Mapping) else None
            if isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
                return True
        return False

    return violated


tcp_established_outside = timeout_outside("TcpEstablishedTimeout", TCP_ESTABLISHED_TIMEOUT)
udp_stream_outside = timeout_outside("UdpStreamTimeout", UDP_STREAM_TIMEOUT)
udp_outside = timeout_outside("UdpTimeout", UDP_TIMEOUT)


def _udp_without_srd(nic: Mapping[str, Any]) -> bool:
    srd = nic.get("EnaSrdSpecification")
    if not isinstance(srd, Mapping):
        return False
    udp = srd.get("EnaSrdUdpSpecification")
    udp_on = isinstance(udp, Mapping) and udp.get("EnaSrdUdpEnabled") is True
    return udp_on and srd.get("EnaSrdEnabled") is not True


def ena_srd_udp_alone(case: Case, world: World) -> bool:
    return _any_nic(case, _udp_without_srd)


def carrier_ip_outside_wavelength(case: Case, world: World) -> bool:
    def test(nic: Mapping[str, Any]) -> bool:
        subnet = subnet_of(world, nic.get("SubnetId"))
        wanted = is_true(nic, "AssociateCarrierIpAddress")
        return wanted and subnet is not None and WAVELENGTH_MARK not in subnet.availability_zone

    return _any_nic(case, test)


def bad_eni(case: Case, world: World) -> bool:
    def test(nic: Mapping[str, Any]) -> bool:
        eni = nic.get(ENI)
        unknown = well_formed("eni", eni) and eni not in world.network_interface_ids
        return malformed("eni", eni) or unknown

    return _any_nic(case, test)


def _primary_subnet_id(case: Case) -> Any:
    if case.params.get("SubnetId"):
        return case.params["SubnetId"]
    primary = [n for n in nics(case) if n.get("DeviceIndex") == 0]
    return primary[0].get("SubnetId") if primary else None


def ip_name_in_ipv6_only_subnet(case: Case, world: World) -> bool:
    options = case.params.get("PrivateDnsNameOptions")
    subnet = subnet_of(world, _primary_subnet_id(case))
    if not isinstance(options, Mapping) or subnet is None:
        return False
    return options.get("HostnameType") == "ip-name" and not subnet.cidr_block


def secondary_keeps_interface(case: Case, world: World) -> bool:
    entries = dicts(case.params.get("SecondaryInterfaces"))
    return any(entry.get("DeleteOnTermination") is False for entry in entries)


def _lands_in_default_subnet(case: Case, world: World) -> bool:
    if not world.has_default_vpc or not names_no_subnet(case) or launch_template(case):
        return False
    return not any(n.get("AssociatePublicIpAddress") is not None for n in nics(case))


def default_subnet_public_ip(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """Running instances launched into a default subnet without AssociatePublicIpAddress have a public IP."""
    if not _lands_in_default_subnet(case, world):
        return []
    problems = []
    for where, instance in launched(launch.reservation, launch.described):
        state = instance.get("State")
        running = isinstance(state, Mapping) and state.get("Name") == "running"
        if where is Answer.DESCRIBE and running and not instance.get("PublicIpAddress"):
            problems.append(FailedCheck("PublicIpAddress",
                                    f"{instance.get('InstanceId')}: running in a default subnet without a public IP"))
    return problems


def _asked_public_ip(case: Case, world: World) -> bool | None:
    """AssociatePublicIpAddress as set on the request's one new eth0 in a subnet with IPv4, else None."""
    found = nics(case)
    if len(found) != 1 or given(found[0], ENI) or found[0].get("DeviceIndex") != 0 or launch_template(case):
        return None
    subnet = subnet_of(world, found[0].get("SubnetId"))
    value = found[0].get("AssociatePublicIpAddress")
    return value if isinstance(value, bool) and (subnet is None or bool(subnet.cidr_block)) else None


def public_ip_as_asked(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """Running instances have a public IPv4 address exactly when AssociatePublicIpAddress asked for one."""
    wanted = _asked_public_ip(case, world)
    if wanted is None:
        return []
    problems = []
    for where, instance in launched(launch.reservation, launch.described):
        state = instance.get("State")
        running = isinstance(state, Mapping) and state.get("Name") == "running"
        address = instance.get("PublicIpAddress")
        if where is Answer.DESCRIBE and running and bool(address) != wanted:
            shown = f"public IP {address}" if address else "no public IP"
            problems.append(FailedCheck("NetworkInterfaces[].AssociatePublicIpAddress",
                                        f"{instance.get('InstanceId')}: running with {shown}, "
                                        f"AssociatePublicIpAddress={wanted}"))
    return problems
