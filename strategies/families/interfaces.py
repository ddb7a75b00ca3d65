"""NetworkInterfaces.N and SecondaryInterfaces.N (R-NIC-*, R-SEC-*), valid by construction."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies.families.context import Draft, flags, integers, pick, some, take_hosts, take_prefix
from strategies.families.generic import enum_of
from strategies.limits import (
    ENA_QUEUE_COUNT_VALID,
    IPV6_ADDRESSES_VALID_MAX,
    NETWORK_INTERFACES_VALID_MAX,
    NIC_DESCRIPTION_MAX,
    NIC_INTERFACE_TYPES,
    PREFIXES_VALID_MAX,
    PRIMARY_DEVICE_INDEX,
    PRIMARY_NETWORK_CARD_INDEX,
    SECONDARY_ENA_QUEUE_COUNTS,
    SECONDARY_INTERFACE_DELETE_ON_TERMINATION,
    SECONDARY_IPV6_COUNT_MIN,
    SECONDARY_PRIVATE_IPS_VALID_MAX,
    TCP_ESTABLISHED_TIMEOUT,
    UDP_STREAM_TIMEOUT,
    UDP_TIMEOUT,
    VIRTUAL_EDGE_NETWORK,
)
from strategies.world import SecondarySubnet, Subnet

NIC = "NetworkInterfaces[]"
PATHS = frozenset(
    {
        f"{NIC}.{member}"
        for member in (
            "AssociatePublicIpAddress", "DeleteOnTermination", "Description", "DeviceIndex", "Groups[]",
            "Ipv6AddressCount", "Ipv6Addresses[].Ipv6Address", "Ipv6Addresses[].IsPrimaryIpv6",
            "NetworkInterfaceId", "PrivateIpAddress", "PrivateIpAddresses[].Primary",
            "PrivateIpAddresses[].PrivateIpAddress", "SecondaryPrivateIpAddressCount", "SubnetId",
            "AssociateCarrierIpAddress", "InterfaceType", "NetworkCardIndex", "Ipv4Prefixes[].Ipv4Prefix",
            "Ipv4PrefixCount", "Ipv6Prefixes[].Ipv6Prefix", "Ipv6PrefixCount", "PrimaryIpv6",
            "EnaSrdSpecification.EnaSrdEnabled",
            "EnaSrdSpecification.EnaSrdUdpSpecification.EnaSrdUdpEnabled",
            "ConnectionTrackingSpecification.TcpEstablishedTimeout",
            "ConnectionTrackingSpecification.UdpStreamTimeout", "ConnectionTrackingSpecification.UdpTimeout",
            "EnaQueueCount",
        )
    }
) | {
    f"SecondaryInterfaces[].{member}"
    for member in (
        "DeleteOnTermination", "DeviceIndex", "PrivateIpAddresses[].PrivateIpAddress",
        "PrivateIpAddressCount", "SecondarySubnetId", "InterfaceType", "NetworkCardIndex",
        "Ipv6Addresses[].Ipv6Address", "Ipv6AddressCount", "EnaQueueCount", "VlanMode",
    )
}

_DESCRIPTION = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "Zs")), max_size=NIC_DESCRIPTION_MAX
)


def build(draw: st.DrawFn, draft: Draft) -> None:
    """R-NIC-1/13: device indexes 0..n-1, the primary (index 0) on card 0."""
    world = draft.world
    subnet = pick(draw, draft.offering(world.subnets))
    draft.uses_nics, draft.subnet, draft.vpc_id = True, subnet, subnet.vpc_id
    draft.zone = world.zone(subnet.availability_zone)
    count = draw(integers(1, NETWORK_INTERFACES_VALID_MAX))
    existing_slot = -1
    use_existing, = flags(draw, 1)
    if use_existing and world.network_interface_ids and draft.single:  # an ENI attaches to one instance
        existing_slot = draw(integers(0, count - 1))
    nics = [
        _existing(draw, draft, index) if index == existing_slot else _new(draw, draft, subnet, index, count)
        for index in range(count)
    ]
    draft.primary_is_existing_eni = existing_slot == PRIMARY_DEVICE_INDEX
    draft.creates_interface = count > 1 or existing_slot < 0
    draft.params["NetworkInterfaces"] = nics


def _existing(draw: st.DrawFn, draft: Draft, index: int) -> dict[str, Any]:
    """R-NIC-3/5/6: an existing ENI takes no public IP, no DeleteOnTermination=true, no creation fields."""
    eni = pick(draw, draft.world.network_interface_ids)
    nic: dict[str, Any] = {"NetworkInterfaceId": eni, "DeviceIndex": index}
    card, delete = flags(draw, 2)
    if card:
        nic["NetworkCardIndex"] = PRIMARY_NETWORK_CARD_INDEX
    if delete:
        nic["DeleteOnTermination"] = False
    return nic


def _new(draw: st.DrawFn, draft: Draft, subnet: Subnet, index: int, count: int) -> dict[str, Any]:
    nic: dict[str, Any] = {"DeviceIndex": index, "SubnetId": subnet.subnet_id}
    card, delete, description, groups, public_ip, carrier, typed, ena_srd, tracking, queues = flags(draw, 10)
    if card:
        nic["NetworkCardIndex"] = PRIMARY_NETWORK_CARD_INDEX  # R-NIC-13 (other cards need multi-card types)
    if delete:
        nic["DeleteOnTermination"] = draw(st.booleans())
    if description:
        nic["Description"] = draw(_DESCRIPTION)
    group_ids = tuple(g.group_id for g in draft.world.security_groups if g.vpc_id == subnet.vpc_id)
    if groups and group_ids:
        nic["Groups"] = some(draw, group_ids)
    interface_type = pick(draw, NIC_INTERFACE_TYPES) if typed else None
    if interface_type == "efa-only" and index == PRIMARY_DEVICE_INDEX:
        interface_type = "efa"  # an EFA-only interface is never the primary one
    if interface_type:
        nic["InterfaceType"] = interface_type
    if interface_type != "efa-only":  # R-NIC-12: efa-only carries no IP address
        if public_ip and count == 1:
            nic["AssociatePublicIpAddress"] = draw(st.booleans())
        if carrier:
            nic["AssociateCarrierIpAddress"] = False  # R-NIC-18: true needs a Wavelength subnet
        nic.update(_addressing(draw, draft, subnet))
    if ena_srd:
        nic["EnaSrdSpecification"] = _ena_srd(draw)
    if tracking and (timeouts := _tracking(draw)):
        nic["ConnectionTrackingSpecification"] = timeouts
    if queues:
        nic["EnaQueueCount"] = draw(integers(*ENA_QUEUE_COUNT_VALID))
    return nic


def _addressing(draw: st.DrawFn, draft: Draft, subnet: Subnet) -> dict[str, Any]:
    """R-NIC-7..11: private IPs for one instance only, one primary, count or list (never both); prefixes only on a
    type the World knows delegates them (Nitro)."""
    private, as_list, secondary, ipv6, prefixes4, prefixes6, primary_ipv6, listed = flags(draw, 8)
    fields: dict[str, Any] = {}
    has_secondary_entries = False
    if not draft.world.prefix_delegation(draft.instance_type):
        prefixes4 = prefixes6 = False
    if not subnet.cidr_block:  # an IPv6-only subnet: no IPv4 addressing at all
        private = secondary = prefixes4 = False
    if private and draft.single:
        if as_list:
            wanted = draw(integers(1, 1 + SECONDARY_PRIVATE_IPS_VALID_MAX))
            addresses = take_hosts(draw, draft, subnet.cidr_block, wanted)
            fields["PrivateIpAddresses"] = [
                {"PrivateIpAddress": address, "Primary": position == 0}
                for position, address in enumerate(addresses)
            ]
            has_secondary_entries = len(addresses) > 1
        else:
            fields["PrivateIpAddress"] = take_hosts(draw, draft, subnet.cidr_block)[0]
    if secondary and not has_secondary_entries:
        fields["SecondaryPrivateIpAddressCount"] = draw(integers(1, SECONDARY_PRIVATE_IPS_VALID_MAX))
    if prefixes4:
        fields.update(_prefixes(draw, draft, subnet.cidr_block, "Ipv4", listed))
    if subnet.ipv6_cidr_block:
        if ipv6:
            fields.update(ipv6_addressing(draw, draft, subnet.ipv6_cidr_block, f"{NIC}.Ipv6Addresses[]"))
        if prefixes6:
            fields.update(_prefixes(draw, draft, subnet.ipv6_cidr_block, "Ipv6", listed))
        if primary_ipv6:
            fields["PrimaryIpv6"] = draw(st.booleans())
    return fields


def ipv6_addressing(draw: st.DrawFn, draft: Draft, cidr: str, list_path: str) -> dict[str, Any]:
    """R-NET-6/R-NIC-11: a count or a list, never both; R-NET-7: a list only for one instance."""
    listed, primary = flags(draw, 2)
    count = draw(integers(1, IPV6_ADDRESSES_VALID_MAX))
    if not ((listed or primary) and draft.single):  # a primary address is named in a list
        return {"Ipv6AddressCount": count}
    entries: list[dict[str, Any]] = [{"Ipv6Address": a} for a in take_hosts(draw, draft, cidr, count)]
    if primary and draft.allows(f"{list_path}.IsPrimaryIpv6"):
        entries[0]["IsPrimaryIpv6"] = True  # at most one primary
        for entry in entries[1:]:
            entry["IsPrimaryIpv6"] = False
    return {"Ipv6Addresses": entries}


def _prefixes(draw: st.DrawFn, draft: Draft, cidr: str, family: str, listed: bool) -> dict[str, Any]:
    """R-NIC-10: a prefix list or a prefix count, never both; a list only for one instance."""
    prefix = take_prefix(draw, draft, cidr) if listed and draft.single else None
    if prefix is None:
        return {f"{family}PrefixCount": draw(integers(1, PREFIXES_VALID_MAX))}
    return {f"{family}Prefixes": [{f"{family}Prefix": prefix}]}


def _ena_srd(draw: st.DrawFn) -> dict[str, Any]:
    """R-NIC-17: UDP over ENA Express only with ENA Express on."""
    enabled, with_udp, udp = flags(draw, 3)
    spec: dict[str, Any] = {"EnaSrdEnabled": enabled}
    if with_udp:
        spec["EnaSrdUdpSpecification"] = {"EnaSrdUdpEnabled": enabled and udp}
    return spec


def _tracking(draw: st.DrawFn) -> dict[str, int]:
    """R-NIC-14..16: each timeout inside its documented range."""
    chosen = flags(draw, 3)
    ranges = (
        ("TcpEstablishedTimeout", TCP_ESTABLISHED_TIMEOUT),
        ("UdpStreamTimeout", UDP_STREAM_TIMEOUT),
        ("UdpTimeout", UDP_TIMEOUT),
    )
    return {name: draw(integers(*bounds)) for (name, bounds), on in zip(ranges, chosen, strict=True) if on}


def build_secondary(draw: st.DrawFn, draft: Draft) -> None:
    """R-SEC-1: secondary interfaces in the world's secondary subnets, DeleteOnTermination only true; R-SEC-8/9:
    only in subnets whose network type the World knows (it decides whether VlanMode is required or refused)."""
    world = draft.world
    include, card, delete, typed, listed = flags(draw, 5)
    subnets = tuple(s for s in world.secondary_subnets if s.network_type is not None)
    if not (include and subnets and draft.allows("SecondaryInterfaces[].SecondarySubnetId")):
        return
    subnet = pick(draw, subnets)
    used = len(draft.params.get("NetworkInterfaces", ())) or 1  # the implicit primary interface holds index 0
    entry: dict[str, Any] = {"SecondarySubnetId": subnet.subnet_id, "DeviceIndex": used}
    if card:
        entry["NetworkCardIndex"] = PRIMARY_NETWORK_CARD_INDEX
    if delete:
        entry["DeleteOnTermination"] = SECONDARY_INTERFACE_DELETE_ON_TERMINATION
    if typed:
        entry["InterfaceType"] = pick(draw, enum_of("SecondaryInterfaces[].InterfaceType"))
    if listed and draft.single and subnet.cidr_block:
        entry["PrivateIpAddresses"] = [{"PrivateIpAddress": take_hosts(draw, draft, subnet.cidr_block)[0]}]
    elif subnet.cidr_block:
        entry["PrivateIpAddressCount"] = draw(integers(1, SECONDARY_PRIVATE_IPS_VALID_MAX))
    if subnet.network_type == VIRTUAL_EDGE_NETWORK:
        entry.update(_virtual_edge(draw, draft, subnet))
    draft.params["SecondaryInterfaces"] = [entry]


def _virtual_edge(draw: st.DrawFn, draft: Draft, subnet: SecondarySubnet) -> dict[str, Any]:
    """R-SEC-8: VlanMode; R-SEC-5/6: ENA queues (a power of 2); R-SEC-4: IPv6 only in an IPv6 secondary subnet."""
    queues, ipv6, listed = flags(draw, 3)
    fields: dict[str, Any] = {"VlanMode": pick(draw, enum_of("SecondaryInterfaces[].VlanMode"))}
    if queues:
        fields["EnaQueueCount"] = pick(draw, SECONDARY_ENA_QUEUE_COUNTS)
    if ipv6 and subnet.ipv6_cidr_block:
        count = draw(integers(SECONDARY_IPV6_COUNT_MIN, IPV6_ADDRESSES_VALID_MAX))
        if listed and draft.single:  # R-SEC-2: a list or a count, never both; a list for one instance only
            hosts = take_hosts(draw, draft, subnet.ipv6_cidr_block, count)
            fields["Ipv6Addresses"] = [{"Ipv6Address": address} for address in hosts]
        else:
            fields["Ipv6AddressCount"] = count
    return fields
