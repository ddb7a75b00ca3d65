"""NetworkInterfaces.N and SecondaryInterfaces.N: R-NIC-1..22 (catalogue section 5) and R-SEC-1..9."""

from __future__ import annotations

from functools import partial

from conformance.rules import _nic_checks as nic
from conformance.rules import _secondary_checks as sec
from conformance.rules._readers import family_rule
from conformance.rules.core import (
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Predicate,
    Rule,
    RuleClass,
)
from strategies.limits import TCP_ESTABLISHED_TIMEOUT, UDP_STREAM_TIMEOUT, UDP_TIMEOUT

_SI = "SecondaryInterfaces[]."

FAMILY = "nic"
_UNDOCUMENTED = frozenset({"InvalidParameterValue", "InvalidParameterCombination"})
_NI = "NetworkInterfaces[]."


def _undocumented(rule_id: str, members: tuple[str, ...], summary: str, quote: str, predicate: Predicate,
                  *, rule_class: RuleClass = RuleClass.STATIC, codes: frozenset[str] = _UNDOCUMENTED,
                  note: str = "", open_when: Predicate | None = None) -> Rule:
    """A documented constraint whose error code the docs leave unnamed."""
    return _rule(
               rule_id, tuple(m if m.startswith(("Secondary", "PrivateDns")) else _NI + m for m in members),
               f"{summary} -> client error (code undocumented)",
               (("[BC]", quote),),
               rule_class=rule_class,
               outcome=ErrorOutcome(codes),
               violated=predicate,
               reason="; ".join(filter(None, ("code undocumented", note))),
               open_when=open_when,
           )


def _undetermined(rule_id: str, members: tuple[str, ...], summary: str, quote: str, predicate: Predicate,
                  why: str) -> Rule:
    """Reject or ignore: the docs do not say, so breaking it makes the outcome undetermined."""
    return _rule(
               rule_id, tuple(_NI + m for m in members),
               f"{summary} -> rejected or ignored (undocumented)",
               (("[BC]", quote),),
               kind=Kind.UNDECIDABLE,
               outcome=ErrorOutcome(_UNDOCUMENTED),
               dry_run=DryRun.UNKNOWN,
               violated=predicate,
               reason=why,
           )


def _timeout(rule_id: str, key: str, bounds: tuple[int, int], quote: str, predicate: Predicate) -> Rule:
    return _undocumented(
        rule_id, (f"ConnectionTrackingSpecification.{key}",), f"{key} outside {bounds[0]}..{bounds[1]} s",
        quote, predicate, codes=frozenset({"InvalidParameterValue"}),
    )


_PUBLIC_IP_QUOTE = (
    "The public IP address can only be assigned to a network interface for eth0, and can only be assigned to "
    "a new network interface, not an existing one. You cannot specify more than one network interface in the "
    "request."
)

_rule = partial(family_rule, FAMILY)

_IPV6_QUOTE = "You can't specify both Ipv6Addresses and Ipv6AddressCount."
_IPV6_SUBNET_QUOTE = "You can specify this parameter only for a secondary interface in an IPv6 secondary subnet."
_VIRTUAL_EDGE_QUOTE = "Supported only for virtual-edge secondary networks."
_VLAN_QUOTE = ("The VLAN mode of the secondary interface. Required for secondary interfaces in virtual-edge secondary "
               "networks, and not supported for secondary interfaces in rdma secondary networks.")
_KNOWN_SUBNET = ("decided for secondary subnets the World knows; where it does not know the subnet's {fact}, a "
                 "request is recorded, not asserted")


def _secondary_fact(rule_id: str, members: tuple[str, ...], summary: str, quote: str, predicate: Predicate,
                    open_when: Predicate, fact: str, codes: frozenset[str] = _UNDOCUMENTED) -> Rule:
    """A secondary interface rule decided by a fact of its secondary subnet (DescribeSecondarySubnets)."""
    return _undocumented(rule_id, tuple(_SI + m for m in members), summary, quote, predicate,
                         rule_class=RuleClass.RESOURCE, codes=codes, open_when=open_when,
                         note=_KNOWN_SUBNET.format(fact=fact))


RULES: tuple[Rule, ...] = (
    _undocumented(
        "R-NIC-1", ("DeviceIndex",), "a network interface without DeviceIndex",
        "If you specify a network interface when launching an instance, you must specify the device index.",
        nic.no_device_index, codes=_UNDOCUMENTED | {"MissingParameter"},
    ),
    _rule(
        "R-NIC-2", (_NI + "AssociatePublicIpAddress",),
        "AssociatePublicIpAddress with more than one network interface -> "
        "InvalidParameterCombination",
        (("[BC]", _PUBLIC_IP_QUOTE),
         ("OBS-ASSOC-PUBIP-MULTI", "The associatePublicIPAddress parameter cannot be "
                                   "specified when launching with multiple network interfaces")),
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"InvalidParameterCombination"})),
        violated=nic.public_ip_several_nics,
    ),
    _undocumented(
        "R-NIC-3", ("AssociatePublicIpAddress", "NetworkInterfaceId"),
        "AssociatePublicIpAddress on an existing network interface", _PUBLIC_IP_QUOTE,
        nic.public_ip_existing_eni,
    ),
    _rule(
        "R-NIC-4", (_NI + "AssociatePublicIpAddress",),
        "success in a default subnet without AssociatePublicIpAddress -> a public IPv4 address "
        "(checked on running described instances)",
        (("[BC]", "If launching into a default subnet, the default value is true."),),
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=nic.default_subnet_public_ip,
        reason="only when EC2 picks the default subnet (no subnet named): the world does not flag which "
        "named subnets are default subnets",
    ),
    _rule(
        "R-NIC-22", (_NI + "AssociatePublicIpAddress",),
        "success with AssociatePublicIpAddress on a new eth0 -> a running instance has a public IPv4 address "
        "when it was true, none when it was false",
        (("[BC]", "AssociatePublicIpAddress: Indicates whether to assign a public IPv4 address to an instance "
                  "you launch in a VPC."),),
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=nic.public_ip_as_asked,
        reason="checked on running described instances; not for launch-template launches or IPv6-only subnets",
    ),
    _undocumented(
        "R-NIC-5", ("DeleteOnTermination", "NetworkInterfaceId"),
        "DeleteOnTermination=true on an existing network interface",
        "You can specify true only if creating a new network interface when launching an instance.",
        nic.delete_existing_eni,
    ),
    _undetermined(
        "R-NIC-6", ("NetworkInterfaceId", *nic.CREATION_ONLY_FIELDS),
        "Description, Groups, SubnetId or PrivateIpAddress on an existing network interface",
        "Applies only if creating a network interface when launching an instance.",
        nic.creation_fields_existing_eni,
        "whether AWS rejects or ignores creation-only fields beside NetworkInterfaceId is undocumented",
    ),
    _undocumented(
        "R-NIC-7", ("PrivateIpAddress", "PrivateIpAddresses[].PrivateIpAddress"),
        "interface private addresses with more than one instance",
        "You cannot specify this option if you're launching more than one instance in a RunInstances "
        "request.",
        nic.nic_private_ip_several,
    ),
    _undocumented(
        "R-NIC-8", ("PrivateIpAddresses[].Primary",), "more than one primary private address in an interface",
        "Only one IPv4 address can be designated as primary.", nic.nic_two_primaries,
    ),
    _undocumented(
        "R-NIC-9", ("SecondaryPrivateIpAddressCount", "PrivateIpAddresses[].Primary"),
        "SecondaryPrivateIpAddressCount and secondary entries (Primary not true) in PrivateIpAddresses",
        "You can't specify this parameter and also specify a secondary private IP address using the "
        "PrivateIpAddress parameter.",
        nic.secondary_count_and_list,
    ),
    _undocumented(
        "R-NIC-10",
        ("Ipv4Prefixes[].Ipv4Prefix", "Ipv4PrefixCount", "Ipv6Prefixes[].Ipv6Prefix", "Ipv6PrefixCount"),
        "an interface with both a prefix list and a prefix count of one IP version",
        "You cannot use this option if you use the Ipv4PrefixCount option.", nic.prefix_count_and_list,
    ),
    _undocumented(
        "R-NIC-11", ("Ipv6AddressCount", "Ipv6Addresses[].Ipv6Address"),
        "an interface with both Ipv6AddressCount and Ipv6Addresses",
        "You cannot specify this option and the option to assign specific IPv6 addresses in the same "
        "request.",
        nic.nic_ipv6_count_and_list,
    ),
    _undocumented(
        "R-NIC-12", ("InterfaceType",),
        "InterfaceType not interface/efa/efa-only, or efa-only with IP addresses",
        "If you specify efa-only, do not assign any IP addresses to the network interface… Valid values: "
        "interface | efa | efa-only",
        nic.bad_interface_type,
    ),
    _undocumented(
        "R-NIC-13", ("NetworkCardIndex", "DeviceIndex"),
        "the primary interface on a network card other than 0",
        "The primary network interface must be assigned to network card index 0.",
        nic.primary_not_on_card_zero,
    ),
    _timeout("R-NIC-14", "TcpEstablishedTimeout", TCP_ESTABLISHED_TIMEOUT,
             "Min: 60 seconds. Max: 432000 seconds (5 days). Default: 432000 seconds.",
             nic.tcp_established_outside),
    _timeout("R-NIC-15", "UdpStreamTimeout", UDP_STREAM_TIMEOUT,
             "Min: 60 seconds. Max: 180 seconds (3 minutes). Default: 180 seconds.", nic.udp_stream_outside),
    _timeout("R-NIC-16", "UdpTimeout", UDP_TIMEOUT,
             "Min: 30 seconds. Max: 60 seconds. Default: 30 seconds.", nic.udp_outside),
    _undetermined(
        "R-NIC-17", ("EnaSrdSpecification.EnaSrdUdpSpecification.EnaSrdUdpEnabled",
                     "EnaSrdSpecification.EnaSrdEnabled"),
        "EnaSrdUdpEnabled=true while EnaSrdEnabled is not true",
        "To ensure that UDP traffic can use ENA Express when you launch an instance, you must also set "
        "EnaSrdEnabled in the EnaSrdSpecificationRequest to true.",
        nic.ena_srd_udp_alone,
        "the docs do not say whether the setting is rejected or silently not effective",
    ),
    _undocumented(
        "R-NIC-18", ("AssociateCarrierIpAddress", "SubnetId"),
        "AssociateCarrierIpAddress=true for a subnet outside a Wavelength Zone",
        "You can only assign a carrier IP address to a network interface that is in a subnet in a Wavelength "
        "Zone.",
        nic.carrier_ip_outside_wavelength, rule_class=RuleClass.RESOURCE,
    ),
    _rule(
        "R-NIC-19", (_NI + "SecondaryPrivateIpAddressCount", _NI + "Ipv6AddressCount", "NetworkInterfaces"),
        "addresses or interfaces above the instance type's limits -> "
        "InvalidInterface.IpAddressLimitExceeded / PrivateIpAddressLimitExceeded / AttachmentLimitExceeded",
        (("[ERR]", "The number of private IP addresses for a specified network interface exceeds "
                   "the limit for the type of instance you are trying to launch."),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({
            "InvalidInterface.IpAddressLimitExceeded",
            "PrivateIpAddressLimitExceeded",
            "AttachmentLimitExceeded",
        })),
        reason="per-type interface and address limits are not recorded in the world",
    ),
    _rule(
        "R-NIC-20", (_NI + "NetworkInterfaceId",),
        "NetworkInterfaceId malformed (not eni-<hex>) or unknown (or in use) -> "
        "InvalidNetworkInterfaceId.Malformed / InvalidNetworkInterfaceID.NotFound / "
        "InvalidNetworkInterface.InUse",
        (("[ERR]", "InvalidNetworkInterfaceId.Malformed … form eni-xxxxxxxxxxxxxxxxx"),
         ("[ERR]", "InvalidNetworkInterfaceID.NotFound … does not exist")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({
            "InvalidNetworkInterfaceId.Malformed", "InvalidNetworkInterfaceID.NotFound",
            "InvalidNetworkInterface.InUse",
        })),
        violated=nic.bad_eni,
        reason="static when malformed, world-dependent when unknown; 'in use' is not decidable",
    ),
    _undocumented(
        "R-NIC-21", ("PrivateDnsNameOptions.HostnameType",),
        "HostnameType ip-name in an IPv6-only subnet",
        "For IPv6 only subnets, an instance DNS name must be based on the instance ID.",
        nic.ip_name_in_ipv6_only_subnet, rule_class=RuleClass.RESOURCE,
        note="the IPv4-only sentence is not encoded: resource-name hostnames are offered in "
        "IPv4-only subnets; values outside the enum are R-ENUM-1's; 'applies only when creating a NIC' is "
        "not judged",
    ),
    _undocumented(
        "R-SEC-1", ("SecondaryInterfaces[].DeleteOnTermination",),
        "SecondaryInterfaces DeleteOnTermination=false",
        "The only supported value for this field is true.", nic.secondary_keeps_interface,
        note="an InterfaceType other than secondary is outside the model enum, so R-ENUM-1's",
    ),
    _undocumented(
        "R-SEC-2", (_SI + "Ipv6Addresses[].Ipv6Address", _SI + "Ipv6AddressCount"),
        "a secondary interface with both Ipv6Addresses and Ipv6AddressCount", _IPV6_QUOTE,
        sec.ipv6_count_and_list, codes=frozenset({"InvalidParameterCombination"}),
    ),
    _undocumented(
        "R-SEC-3", (_SI + "Ipv6AddressCount",), "a secondary interface's Ipv6AddressCount below 1",
        "The number of IPv6 addresses to assign to the secondary interface. The value must be greater than 0.",
        sec.ipv6_count_not_positive, codes=frozenset({"InvalidParameterValue"}),
    ),
    _secondary_fact(
        "R-SEC-4", ("Ipv6Addresses[].Ipv6Address", "Ipv6AddressCount", "SecondarySubnetId"),
        "IPv6 addresses (a list or a count) for a secondary interface in a secondary subnet without IPv6",
        _IPV6_SUBNET_QUOTE, sec.ipv6_outside_ipv6_subnet, sec.ipv6_subnet_unknown, "IPv6 blocks",
    ),
    _secondary_fact(
        "R-SEC-5", ("Ipv6Addresses[].Ipv6Address", "Ipv6AddressCount", "EnaQueueCount", "SecondarySubnetId"),
        "Ipv6Addresses, Ipv6AddressCount or EnaQueueCount for a secondary interface outside a virtual-edge "
        "secondary network", _VIRTUAL_EDGE_QUOTE, sec.outside_virtual_edge, sec.virtual_edge_unknown,
        "network type",
    ),
    _undocumented(
        "R-SEC-6", (_SI + "EnaQueueCount",), "a secondary interface's EnaQueueCount not a power of 2",
        "The number of ENA queues to create for the secondary interface. The value must be a power of 2 and "
        "can't exceed the maximum for each interface.",
        sec.ena_queue_count_not_power_of_two, codes=frozenset({"InvalidParameterValue"}),
        note="the maxima are R-SEC-7's",
    ),
    _rule(
        "R-SEC-7", (_SI + "EnaQueueCount", _SI + "NetworkCardIndex"),
        "EnaQueueCount above the interface's maximum, or the interfaces of a network card above the card's "
        "maximum -> client error (code undocumented)",
        (("[BC]", "The value must be a power of 2 and can't exceed the maximum for each interface. The total for "
                  "the interfaces on a network card can't exceed the network card's maximum."),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.RESOURCE, outcome=ErrorOutcome(_UNDOCUMENTED),
        reason="the ENA queue maxima of an interface and of a network card are not recorded in the World",
    ),
    _secondary_fact(
        "R-SEC-8", ("VlanMode", "SecondarySubnetId"),
        "a secondary interface in a virtual-edge secondary network without VlanMode", _VLAN_QUOTE,
        sec.vlan_mode_missing, sec.vlan_mode_missing_unknown, "network type",
        codes=_UNDOCUMENTED | {"MissingParameter"},
    ),
    _secondary_fact(
        "R-SEC-9", ("VlanMode", "SecondarySubnetId"),
        "VlanMode for a secondary interface in an rdma secondary network", _VLAN_QUOTE,
        sec.vlan_mode_in_rdma, sec.vlan_mode_in_rdma_unknown, "network type",
    ),
)
