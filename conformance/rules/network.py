"""Subnet, security groups, instance-level IP addressing: R-NET-1..19 (catalogue section 4)."""

from __future__ import annotations

from conformance.rules import _network_checks as net
from conformance.rules.core import (
    Citation,
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Predicate,
    Rule,
    RuleClass,
)

FAMILY = "network"
_UNDOCUMENTED = frozenset({"InvalidParameterValue", "InvalidParameterCombination"})
_NI = "NetworkInterfaces"
_NO_BOTH = "You cannot specify this option and the network interfaces option in the same request."


def _combination(rule_id: str, members: tuple[str, ...], what: str, quote: str, obs: tuple[str, str],
                 predicate: Predicate) -> Rule:
    """An instance-level member beside NetworkInterfaces: observed InvalidParameterCombination."""
    return Rule(
        id=rule_id,
        family=FAMILY,
        members=(*members, _NI),
        summary=f"{what} and NetworkInterfaces in one request -> InvalidParameterCombination",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.STATIC,
        confidence=Confidence.OBSERVED,
        citations=(Citation("[BC]", quote), Citation(*obs)),
        outcome=ErrorOutcome(frozenset({"InvalidParameterCombination"})),
        violated=predicate,
    )


def _undocumented(rule_id: str, members: tuple[str, ...], summary: str, quote: str,
                  predicate: Predicate, rule_class: RuleClass = RuleClass.STATIC,
                  dry_run: DryRun = DryRun.VALIDATES) -> Rule:
    """A documented constraint whose error code the docs leave unnamed."""
    return Rule(
        id=rule_id,
        family=FAMILY,
        members=members,
        summary=f"{summary} -> client error (code undocumented)",
        kind=Kind.VALIDATION,
        rule_class=rule_class,
        confidence=Confidence.INFERRED,
        citations=(Citation("[BC]", quote),),
        outcome=ErrorOutcome(_UNDOCUMENTED),
        dry_run=dry_run,
        violated=predicate,
        reason="code undocumented",
    )


RULES: tuple[Rule, ...] = (
    Rule(
        id="R-NET-1",
        family=FAMILY,
        members=("SubnetId",),
        summary="no subnet named and no default VPC -> VPCIdNotSpecified / DefaultVpcDoesNotExist",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[OP]", "If you don't have a default VPC, you must specify a subnet ID in the request."),
            Citation("OBS-NODEFAULTVPC", "VPCIdNotSpecified: No default VPC for this user."),
            Citation("OBS-DRYRUN-VALIDATES-VPC", "VPCIdNotSpecified under DryRun"),
        ),
        outcome=ErrorOutcome(frozenset({"VPCIdNotSpecified", "DefaultVpcDoesNotExist"})),
        violated=net.no_default_vpc,
        reason="same under DryRun (observed)",
    ),
    _combination(
        "R-NET-2", ("SubnetId",), "instance-level SubnetId",
        "If you specify a network interface, you must specify any subnets as part of the network interface",
        ("OBS-NI-SUBNET", "Network interfaces and an instance-level subnet ID may not be specified on the "
         "same request"),
        net.subnet_and_nics,
    ),
    _combination(
        "R-NET-3", ("SecurityGroupIds", "SecurityGroups"), "instance-level security groups",
        "If you specify a network interface, you must specify any security groups as part of the network "
        "interface",
        ("OBS-NI-SG", "Network interfaces and an instance-level security groups may not be specified on the "
         "same request"),
        net.groups_and_nics,
    ),
    _combination(
        "R-NET-4", ("PrivateIpAddress",), "instance-level PrivateIpAddress",
        "You cannot specify this option and the network interfaces option in the same request.",
        ("OBS-NI-PRIVIP", "Network interfaces and an instance-level private IP address may not be specified "
         "on the same request"),
        net.private_ip_and_nics,
    ),
    _undocumented(
        "R-NET-5", ("Ipv6AddressCount", "Ipv6Addresses", _NI),
        "instance-level Ipv6AddressCount/Ipv6Addresses and NetworkInterfaces", _NO_BOTH, net.ipv6_and_nics,
    ),
    _undocumented(
        "R-NET-6", ("Ipv6AddressCount", "Ipv6Addresses"), "Ipv6AddressCount and Ipv6Addresses together",
        "You cannot specify this option and the option to assign specific IPv6 addresses in the same "
        "request.",
        net.ipv6_count_and_list,
    ),
    _undocumented(
        "R-NET-7", ("Ipv6Addresses", "NetworkInterfaces[].Ipv6Addresses[].Ipv6Address", "MinCount"),
        "specific IPv6 addresses with MinCount or MaxCount above 1",
        "You cannot specify this option if you've specified a minimum number of instances to launch.",
        net.ipv6_list_several,
    ),
    _undocumented(
        "R-NET-8", ("PrivateIpAddress", "MaxCount"), "PrivateIpAddress with more than one instance",
        "You cannot specify this option if you're launching more than one instance in the request.",
        net.private_ip_several,
    ),
    Rule(
        id="R-NET-9",
        family=FAMILY,
        members=("PrivateIpAddress", "SubnetId"),
        summary="PrivateIpAddress not a usable address of the subnet's IPv4 range (or in use) -> "
        "InvalidParameterValue / InvalidIPAddress.InUse",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.INFERRED,
        citations=(
            Citation("[BC]", "You must specify a value from the IPv4 address range of the subnet."),
            Citation("OBS-IP-INUSE", "InvalidIPAddress.InUse: Address 10.118.20.40 is in use."),
        ),
        outcome=ErrorOutcome(
            frozenset({"InvalidParameterValue", "InvalidParameter", "InvalidIPAddress.InUse"})
        ),
        violated=net.private_ip_outside_subnet,
        reason="out-of-range and reserved addresses: code undocumented; 'in use' is not decidable from the "
        "world",
    ),
    _undocumented(
        "R-NET-10", ("PrivateIpAddress", "NetworkInterfaces[].PrivateIpAddresses[].Primary"),
        "PrivateIpAddress and a primary address in a network interface",
        "Only one private IP address can be designated as primary.", net.two_primaries,
    ),
    Rule(
        id="R-NET-11",
        family=FAMILY,
        members=("SecurityGroups", "SubnetId"),
        summary="security group names with a subnet outside the default VPC -> InvalidParameterCombination",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        citations=(
            Citation("[ERR]", "VPCIdNotSpecified … in the case of security groups, specify the ID "
                     "and not the security group name"),
            Citation("OBS-GROUPNAME-SUBNET", "The parameter groupName cannot be used with the parameter "
                     "subnet"),
        ),
        outcome=ErrorOutcome(frozenset({"InvalidParameterCombination"})),
        violated=net.names_with_foreign_subnet,
    ),
    Rule(
        id="R-NET-12",
        family=FAMILY,
        members=(
            "SecurityGroupIds", "SubnetId", "NetworkInterfaces[].Groups[]", "NetworkInterfaces[].SubnetId"
        ),
        summary="security group and subnet in different VPCs -> InvalidParameter (or "
        "ClientInvalidParameterValue / InvalidGroup.NotFound)",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[ERR]", "InvalidParameter: … if you are launching an instance, you can't specify a "
                     "security group and subnet that are in different VPCs."),
            Citation("[ERR]", "InvalidGroup.NotFound: You can't specify a security group that is in a "
                     "different AWS Region or VPC than the request."),
        ),
        outcome=ErrorOutcome(
            frozenset({"InvalidParameter", "ClientInvalidParameterValue", "InvalidGroup.NotFound"})
        ),
        violated=net.groups_in_other_vpc,
    ),
    Rule(
        id="R-NET-13",
        family=FAMILY,
        members=("SecurityGroupIds", "SecurityGroups", "NetworkInterfaces[].Groups[]"),
        summary="security group id malformed (not sg-<hex>) or unknown, or group name unknown -> "
        "InvalidGroupId.Malformed / InvalidGroup.NotFound / InvalidSecurityGroupID.NotFound",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[ERR]", "InvalidGroupId.Malformed … form sg-xxxxxxxxxxxxxxxxx"),
            Citation("[ERR]", "InvalidGroup.NotFound: The specified security group does not exist"),
        ),
        outcome=ErrorOutcome(
            frozenset(
                {"InvalidGroupId.Malformed", "InvalidGroup.NotFound", "InvalidSecurityGroupID.NotFound"}
            )
        ),
        violated=net.bad_groups,
        reason="static when malformed, world-dependent when unknown",
    ),
    Rule(
        id="R-NET-14",
        family=FAMILY,
        members=("SecurityGroupIds", "SecurityGroups"),
        summary="success without any security group -> the instance is in the VPC's default group",
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[OP]", "If you don't specify a security group ID, we use the default security "
                     "group for the VPC."),
        ),
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=net.default_group_used,
    ),
    Rule(
        id="R-NET-15",
        family=FAMILY,
        members=("SubnetId", "NetworkInterfaces[].SubnetId"),
        summary="subnet id malformed (not subnet-<hex>) or unknown -> InvalidSubnetID.Malformed / "
        "InvalidSubnetID.NotFound / InvalidSubnetId.NotFound / InvalidSubnet",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[ERR]", "InvalidSubnetID.Malformed … form subnet-xxxxxxxxxxxxxxxxx"),
            Citation("[ERR]", "InvalidSubnetID.NotFound or InvalidSubnetId.NotFound: The specified "
                     "subnet does not exist."),
        ),
        outcome=ErrorOutcome(frozenset({
            "InvalidSubnetID.Malformed",
            "InvalidSubnetID.NotFound",
            "InvalidSubnetId.NotFound",
            "InvalidSubnet",
        })),
        violated=net.bad_subnets,
        reason="static when malformed, world-dependent when unknown; the doc lists both NotFound spellings",
    ),
    Rule(
        id="R-NET-16",
        family=FAMILY,
        members=("SubnetId", "MinCount"),
        summary="subnet with too few free addresses -> InsufficientFreeAddressesInSubnet",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
        citations=(Citation("[ERR]", "InsufficientFreeAddressesInSubnet"),),
        outcome=ErrorOutcome(frozenset({"InsufficientFreeAddressesInSubnet"})),
        dry_run=DryRun.UNKNOWN,
        reason="free addresses in a subnet change with every launch; the world does not track them",
    ),
    _undocumented(
        "R-NET-17", ("Ipv6AddressCount", "Ipv6Addresses", "SubnetId"),
        "IPv6 addresses requested in a subnet without an IPv6 range",
        "Not all instance types support IPv6 addresses.", net.ipv6_without_subnet_ipv6,
        rule_class=RuleClass.RESOURCE, dry_run=DryRun.UNKNOWN,
    ),
    Rule(
        id="R-NET-18",
        family=FAMILY,
        members=("EnablePrimaryIpv6",),
        summary="EnablePrimaryIpv6=true is only meaningful in dual-stack or IPv6-only subnets; it cannot be "
        "disabled later",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[BC]", "Once you enable an IPv6 GUA address to be a primary IPv6, you cannot disable "
                     "it."),
        ),
        dry_run=DryRun.NOT_APPLICABLE,
        reason="the docs describe the meaning, not an error: an IPv4-only subnet may reject or ignore it",
    ),
    Rule(
        id="R-NET-19",
        family=FAMILY,
        members=("PrivateIpAddress",),
        summary="success -> every instance has a primary private IPv4 address from its subnet (the "
        "requested one when given)",
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.STATIC,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[OP]", "All instances have a network interface with a primary private IPv4 address. If "
                     "you don't specify this address, we choose one from the IPv4 range of your subnet."),
        ),
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=net.primary_private_ip,
    ),
)
