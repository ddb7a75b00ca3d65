"""Mutations of NetworkInterfaces.N (R-NIC-*); SecondaryInterfaces.N are secondary.py's."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import TCP_ESTABLISHED_TIMEOUT, UDP_STREAM_TIMEOUT, UDP_TIMEOUT, WAVELENGTH_MARK
from strategies.mutations import MutationSpec
from strategies.mutations._edit import pick_type, retype
from strategies.mutations._reshape import (
    existing_interface,
    fresh_interface,
    has_ipv6_subnet,
    host,
    instance_level,
    ipv6_subnets,
    one_instance,
    record,
    several_instances,
    unknown_id,
)
from strategies.world import Subnet, World

Params = dict[str, Any]
NIC = "NetworkInterfaces[]."
MALFORMED_ENI = ("eni-xyz", "eni-123", "interface-0a1b2c3d4e5f60718", "eni_0a1b2c3d")
UNKNOWN_INTERFACE_TYPES = ("ethernet", "EFA", "trunk", "branch")


def _subnet(params: Params, world: World) -> Subnet:
    subnet = world.subnet(str(params["NetworkInterfaces"][0]["SubnetId"]))
    assert subnet is not None
    return subnet


Shape = Callable[[st.DrawFn, Params, World], None]


def _fresh(name: str, rule_id: str, member: str, shape: Shape,
           applicable: Callable[[World], bool] = lambda w: True) -> MutationSpec:
    """A mutation that builds one new primary interface, then `shape`s the request."""

    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        fresh_interface(params, world)
        shape(draw, params, world)
        return record(params, rule_id, NIC + member, name)

    return MutationSpec(name, rule_id, NIC + member, build, applicable=applicable)


def _existing(
    name: str, rule_id: str, member: str, fields: Callable[[st.DrawFn], dict[str, Any]]
) -> MutationSpec:
    """A mutation on one existing interface of the world."""

    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        existing_interface(params, world.network_interface_ids[0], **fields(draw))
        return record(params, rule_id, NIC + member, name)

    return MutationSpec(name, rule_id, NIC + member, build, applicable=_has_eni)


def _has_eni(world: World) -> bool:
    return bool(world.network_interface_ids)


def _nic(params: Params) -> dict[str, Any]:
    nic: dict[str, Any] = params["NetworkInterfaces"][0]
    return nic


def _no_device_index(draw: st.DrawFn, params: Params, world: World) -> None:
    del _nic(params)["DeviceIndex"]


def _public_ip_two_nics(draw: st.DrawFn, params: Params, world: World) -> None:
    params.pop("SecondaryInterfaces", None)  # their device indexes follow the interfaces
    _nic(params)["AssociatePublicIpAddress"] = draw(st.booleans())
    params["NetworkInterfaces"].append({"DeviceIndex": 1, "SubnetId": _subnet(params, world).subnet_id})


def _private_ip_several(draw: st.DrawFn, params: Params, world: World) -> None:
    count = draw(st.integers(2, 3))  # MinCount = MaxCount >= 2: "more than one instance" beyond doubt
    several_instances(params, count, count)
    _nic(params)["PrivateIpAddress"] = host(_subnet(params, world).cidr_block)


def _addresses(params: Params, world: World, *primaries: bool) -> list[dict[str, Any]]:
    cidr = _subnet(params, world).cidr_block
    return [{"PrivateIpAddress": host(cidr, i), "Primary": p} for i, p in enumerate(primaries)]


def _two_primaries(draw: st.DrawFn, params: Params, world: World) -> None:
    one_instance(params)
    _nic(params)["PrivateIpAddresses"] = _addresses(params, world, True, True)


def _secondary_count_and_list(draw: st.DrawFn, params: Params, world: World) -> None:
    one_instance(params)
    _nic(params)["PrivateIpAddresses"] = _addresses(params, world, True, False)
    _nic(params)["SecondaryPrivateIpAddressCount"] = 1


def _delegating_type(world: World) -> str | None:
    """R-NIC-10: a type the World knows delegates prefixes (Nitro), so the pair is refused for R-NIC-10 alone."""
    return pick_type(world, world.prefix_delegation)


def _delegates(world: World) -> bool:
    return _delegating_type(world) is not None


def _prefix_pair(version: int) -> Shape:
    def shape(draw: st.DrawFn, params: Params, world: World) -> None:
        if not world.prefix_delegation(params.get("InstanceType")):
            retype(params, str(_delegating_type(world)), world)
        subnet = _subnet(params, world)
        cidr = subnet.cidr_block if version == 4 else str(subnet.ipv6_cidr_block)
        length = 28 if version == 4 else 80
        prefix = next(ipaddress.ip_network(cidr, strict=False).subnets(new_prefix=length))
        _nic(params)[f"Ipv{version}Prefixes"] = [{f"Ipv{version}Prefix": str(prefix)}]
        _nic(params)[f"Ipv{version}PrefixCount"] = 1

    return shape


def _in_ipv6_subnet(shape: Shape) -> Shape:
    def moved(draw: st.DrawFn, params: Params, world: World) -> None:
        fresh_interface(params, world, ipv6_subnets(world)[0])
        shape(draw, params, world)

    return moved


def _ipv6_count_and_list(draw: st.DrawFn, params: Params, world: World) -> None:
    one_instance(params)
    network = ipaddress.ip_network(str(_subnet(params, world).ipv6_cidr_block))
    _nic(params)["Ipv6Addresses"] = [{"Ipv6Address": str(network.network_address + 0x100)}]
    _nic(params)["Ipv6AddressCount"] = 1


def _unknown_interface_type(draw: st.DrawFn, params: Params, world: World) -> None:
    _nic(params)["InterfaceType"] = draw(st.sampled_from(UNKNOWN_INTERFACE_TYPES))


def _efa_only_with_address(draw: st.DrawFn, params: Params, world: World) -> None:
    params.pop("SecondaryInterfaces", None)
    efa = {"DeviceIndex": 1, "SubnetId": _subnet(params, world).subnet_id, "InterfaceType": "efa-only",
           "SecondaryPrivateIpAddressCount": 1}
    params["NetworkInterfaces"].append(efa)


def _card_one(draw: st.DrawFn, params: Params, world: World) -> None:
    _nic(params)["NetworkCardIndex"] = draw(st.integers(1, 3))


def _timeout(key: str, bounds: tuple[int, int]) -> Shape:
    def shape(draw: st.DrawFn, params: Params, world: World) -> None:
        value = draw(st.sampled_from((bounds[0] - 1, bounds[1] + 1, 0)))
        _nic(params)["ConnectionTrackingSpecification"] = {key: value}

    return shape


def _srd_udp_alone(draw: st.DrawFn, params: Params, world: World) -> None:
    srd: dict[str, Any] = {"EnaSrdUdpSpecification": {"EnaSrdUdpEnabled": True}}
    if draw(st.booleans()):
        srd["EnaSrdEnabled"] = False
    _nic(params)["EnaSrdSpecification"] = srd


def _carrier_ip(draw: st.DrawFn, params: Params, world: World) -> None:
    subnet = next(s for s in world.subnets if s.cidr_block and WAVELENGTH_MARK not in s.availability_zone)
    fresh_interface(params, world, subnet, AssociateCarrierIpAddress=True)


def _has_regular_subnet(world: World) -> bool:
    return any(s.cidr_block and WAVELENGTH_MARK not in s.availability_zone for s in world.subnets)


def _known_enis(world: World) -> tuple[str, ...]:
    return world.network_interface_ids


def _eni(name: str, value: Callable[[st.DrawFn, World], str]) -> MutationSpec:
    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        existing_interface(params, value(draw, world))
        return record(params, "R-NIC-20", NIC + "NetworkInterfaceId", name)

    return MutationSpec(name, "R-NIC-20", NIC + "NetworkInterfaceId", build)


def _ipv6_only(world: World) -> list[Subnet]:
    return [s for s in world.subnets if not s.cidr_block and s.ipv6_cidr_block]


def _ip_name_in_ipv6_only_subnet(draw: st.DrawFn, params: Params, world: World) -> Case:
    instance_level(params, world, draw(st.sampled_from(_ipv6_only(world))))
    params["PrivateDnsNameOptions"] = {"HostnameType": "ip-name"}
    return record(params, "R-NIC-21", "PrivateDnsNameOptions.HostnameType", "ip-name-in-ipv6-only-subnet")


MUTATIONS: tuple[MutationSpec, ...] = (
    _fresh("interface-without-device-index", "R-NIC-1", "DeviceIndex", _no_device_index),
    _fresh("public-ip-with-two-interfaces", "R-NIC-2", "AssociatePublicIpAddress", _public_ip_two_nics),
    _existing("public-ip-on-existing-interface", "R-NIC-3", "AssociatePublicIpAddress",
              lambda d: {"AssociatePublicIpAddress": d(st.booleans())}),
    _existing("delete-on-termination-existing-interface", "R-NIC-5", "DeleteOnTermination",
              lambda d: {"DeleteOnTermination": True}),
    _existing("description-on-existing-interface", "R-NIC-6", "Description",
              lambda d: {"Description": d(st.sampled_from(("conformance", "a new description")))}),
    _fresh("interface-private-ip-several-instances", "R-NIC-7", "PrivateIpAddress", _private_ip_several),
    _fresh("interface-two-primary-addresses", "R-NIC-8", "PrivateIpAddresses[].Primary", _two_primaries),
    _fresh("interface-secondary-count-and-addresses", "R-NIC-9", "SecondaryPrivateIpAddressCount",
           _secondary_count_and_list),
    _fresh("interface-ipv4-prefix-count-and-list", "R-NIC-10", "Ipv4PrefixCount", _prefix_pair(4),
           applicable=_delegates),
    _fresh("interface-ipv6-prefix-count-and-list", "R-NIC-10", "Ipv6PrefixCount",
           _in_ipv6_subnet(_prefix_pair(6)), applicable=lambda w: has_ipv6_subnet(w) and _delegates(w)),
    _fresh("interface-ipv6-count-and-addresses", "R-NIC-11", "Ipv6AddressCount",
           _in_ipv6_subnet(_ipv6_count_and_list), applicable=has_ipv6_subnet),
    _fresh("interface-type-unknown", "R-NIC-12", "InterfaceType", _unknown_interface_type),
    _fresh("efa-only-interface-with-addresses", "R-NIC-12", "InterfaceType", _efa_only_with_address),
    _fresh("primary-interface-not-on-card-0", "R-NIC-13", "NetworkCardIndex", _card_one),
    _fresh("tcp-established-timeout-out-of-range", "R-NIC-14",
           "ConnectionTrackingSpecification.TcpEstablishedTimeout",
           _timeout("TcpEstablishedTimeout", TCP_ESTABLISHED_TIMEOUT)),
    _fresh("udp-stream-timeout-out-of-range", "R-NIC-15", "ConnectionTrackingSpecification.UdpStreamTimeout",
           _timeout("UdpStreamTimeout", UDP_STREAM_TIMEOUT)),
    _fresh("udp-timeout-out-of-range", "R-NIC-16", "ConnectionTrackingSpecification.UdpTimeout",
           _timeout("UdpTimeout", UDP_TIMEOUT)),
    _fresh("ena-srd-udp-without-ena-srd", "R-NIC-17",
           "EnaSrdSpecification.EnaSrdUdpSpecification.EnaSrdUdpEnabled", _srd_udp_alone),
    _fresh("carrier-ip-outside-wavelength-zone", "R-NIC-18", "AssociateCarrierIpAddress", _carrier_ip,
           applicable=_has_regular_subnet),
    _eni("network-interface-id-malformed", lambda d, w: d(st.sampled_from(MALFORMED_ENI))),
    _eni("network-interface-id-unknown", lambda d, w: unknown_id(d, "eni", _known_enis(w))),
    # Needs a world variant with an IPv6-only subnet (example_world() has none).
    MutationSpec("ip-name-in-ipv6-only-subnet", "R-NIC-21", "PrivateDnsNameOptions.HostnameType",
                 _ip_name_in_ipv6_only_subnet, applicable=lambda w: bool(_ipv6_only(w))),
)
