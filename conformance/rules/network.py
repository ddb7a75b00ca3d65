"""Subnet, security groups, instance-level IP addressing: R-NET-1..22 (catalogue section 4)."""

from __future__ import annotations

from functools import partial

from conformance.rules import _network_checks as net
from conformance.rules._readers import family_rule
from conformance.rules.core import (
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Predicate,
    Role,
    Rule,
    RuleClass,
)

FAMILY = "network"
_UNDOCUMENTED = frozenset({"InvalidParameterValue", "InvalidParameterCombination"})
_NI = "NetworkInterfaces"
_NO_BOTH = "You cannot specify this option and the network interfaces option in the same request."


_rule = partial(family_rule, FAMILY)


def _combination(rule_id: str, members: tuple[str, ...], what: str, quote: str, obs: tuple[str, str],
                 predicate: Predicate) -> Rule:
    """An instance-level member beside NetworkInterfaces: observed InvalidParameterCombination."""
    return _rule(
        rule_id, (*members, _NI), f"{what} and NetworkInterfaces in one request -> InvalidParameterCombination",
        (("[BC]", quote), obs), confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"InvalidParameterCombination"})), violated=predicate,
    )


def _undocumented(rule_id: str, members: tuple[str, ...], summary: str, quote: str,
                  predicate: Predicate, rule_class: RuleClass = RuleClass.STATIC,
                  dry_run: DryRun = DryRun.VALIDATES) -> Rule:
    """A documented constraint whose error code the docs leave unnamed."""
    return _rule(
        rule_id, members, f"{summary} -> client error (code undocumented)", (("[BC]", quote),),
        rule_class=rule_class, outcome=ErrorOutcome(_UNDOCUMENTED), dry_run=dry_run, violated=predicate,
        reason="code undocumented",
    )


RULES: tuple[Rule, ...] = (
    _rule(
        "R-NET-1", ("SubnetId",),
        "no subnet named and no default VPC -> VPCIdNotSpecified / DefaultVpcDoesNotExist",
        (("[OP]", "If you don't have a default VPC, you must specify a subnet ID in the request."),
         ("OBS-NODEFAULTVPC", "VPCIdNotSpecified: No default VPC for this user."),
         ("OBS-DRYRUN-VALIDATES-VPC", "VPCIdNotSpecified under DryRun")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
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
    _rule(
        "R-NET-9", ("PrivateIpAddress", "SubnetId"),
        "PrivateIpAddress not a usable address of the subnet's IPv4 range (or in use) -> "
        "InvalidParameterValue / InvalidIPAddress.InUse",
        (("[BC]", "You must specify a value from the IPv4 address range of the subnet."),
         ("OBS-IP-INUSE", "InvalidIPAddress.InUse: Address 10.118.20.40 is in use.")),
        rule_class=RuleClass.RESOURCE,
        outcome=ErrorOutcome(
            frozenset({"InvalidParameterValue", "InvalidParameter", "InvalidIPAddress.InUse"})
        ),
        violated=net.private_ip_outside_subnet,
        reason="out-of-range and reserved addresses: code undocumented; 'in use' is R-NET-20, decided by a "
        "sequence of launches",
    ),
    _undocumented(
        "R-NET-10", ("PrivateIpAddress", "NetworkInterfaces[].PrivateIpAddresses[].Primary"),
        "PrivateIpAddress and a primary address in a network interface",
        "Only one private IP address can be designated as primary.", net.two_primaries,
    ),
    _rule(
        "R-NET-11", ("SecurityGroups", "SubnetId"),
        "security group names with a subnet outside the default VPC -> InvalidParameterCombination",
        (("[ERR]", "VPCIdNotSpecified … in the case of security groups, specify the ID "
                   "and not the security group name"),
         ("OBS-GROUPNAME-SUBNET", "The parameter groupName cannot be used with the parameter "
                                  "subnet")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"InvalidParameterCombination"})),
        violated=net.names_with_foreign_subnet,
    ),
    _rule(
        "R-NET-12", (
            "SecurityGroupIds", "SubnetId", "NetworkInterfaces[].Groups[]", "NetworkInterfaces[].SubnetId"
        ),
        "security group and subnet in different VPCs -> InvalidParameter (or "
        "ClientInvalidParameterValue / InvalidGroup.NotFound)",
        (("[ERR]", "InvalidParameter: … if you are launching an instance, you can't specify a "
                   "security group and subnet that are in different VPCs."),
         ("[ERR]", "InvalidGroup.NotFound: You can't specify a security group that is in a "
                   "different AWS Region or VPC than the request.")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(
            frozenset({"InvalidParameter", "ClientInvalidParameterValue", "InvalidGroup.NotFound"})
        ),
        violated=net.groups_in_other_vpc,
    ),
    _rule(
        "R-NET-13", ("SecurityGroupIds", "SecurityGroups", "NetworkInterfaces[].Groups[]"),
        "security group id malformed (not sg-<hex>) or unknown, or group name unknown -> "
        "InvalidGroupId.Malformed / InvalidGroup.NotFound / InvalidSecurityGroupID.NotFound",
        (("[ERR]", "InvalidGroupId.Malformed … form sg-xxxxxxxxxxxxxxxxx"),
         ("[ERR]", "InvalidGroup.NotFound: The specified security group does not exist")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(
            frozenset(
                {"InvalidGroupId.Malformed", "InvalidGroup.NotFound", "InvalidSecurityGroupID.NotFound"}
            )
        ),
        violated=net.bad_groups,
        reason="static when malformed, world-dependent when unknown",
    ),
    _rule(
        "R-NET-14", ("SecurityGroupIds", "SecurityGroups"),
        "success without any security group -> the instance is in the VPC's default group",
        (("[OP]", "If you don't specify a security group ID, we use the default security "
                  "group for the VPC."),),
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=net.default_group_used,
    ),
    _rule(
        "R-NET-15", ("SubnetId", "NetworkInterfaces[].SubnetId"),
        "subnet id malformed (not subnet-<hex>) or unknown -> InvalidSubnetID.Malformed / "
        "InvalidSubnetID.NotFound / InvalidSubnetId.NotFound / InvalidSubnet",
        (("[ERR]", "InvalidSubnetID.Malformed … form subnet-xxxxxxxxxxxxxxxxx"),
         ("[ERR]", "InvalidSubnetID.NotFound or InvalidSubnetId.NotFound: The specified "
                   "subnet does not exist.")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({
            "InvalidSubnetID.Malformed",
            "InvalidSubnetID.NotFound",
            "InvalidSubnetId.NotFound",
            "InvalidSubnet",
        })),
        violated=net.bad_subnets,
        reason="static when malformed, world-dependent when unknown; the doc lists both NotFound spellings",
    ),
    _rule(
        "R-NET-16", ("SubnetId", "MinCount"),
        "subnet with too few free addresses -> InsufficientFreeAddressesInSubnet",
        (("[ERR]", "InsufficientFreeAddressesInSubnet"),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
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
    _rule(
        "R-NET-18", ("EnablePrimaryIpv6",),
        "EnablePrimaryIpv6=true is only meaningful in dual-stack or IPv6-only subnets; it cannot be "
        "disabled later",
        (("[BC]", "Once you enable an IPv6 GUA address to be a primary IPv6, you cannot disable "
                  "it."),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        reason="the docs describe the meaning, not an error: an IPv4-only subnet may reject or ignore it",
    ),
    _rule(
        "R-NET-19", ("PrivateIpAddress",),
        "success -> every instance has a primary private IPv4 address from its subnet (the "
        "requested one when given)",
        (("[OP]", "All instances have a network interface with a primary private IPv4 address. If "
                  "you don't specify this address, we choose one from the IPv4 range of your subnet."),),
        kind=Kind.POSTCONDITION,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=net.primary_private_ip,
    ),
    _rule(
        "R-NET-21", ("SubnetId", "NetworkInterfaces[].SubnetId"),
        "success -> every instance is in the VPC and the Availability Zone of the subnet it was launched into",
        (("[BC]", "SubnetId: The ID of the subnet to launch the instance into."),
         ("[BC]", "Instance.VpcId: The ID of the VPC in which the instance is running.")),
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=net.in_subnet_vpc_and_zone,
        reason="a subnet lies in one VPC and one Availability Zone; judged against the World's subnets",
    ),
    _rule(
        "R-NET-20", ("PrivateIpAddress",),
        "PrivateIpAddress held by another running instance of the subnet -> InvalidIPAddress.InUse (HTTP 400)",
        (("[ERR]", "InvalidIPAddress.InUse"),
         ("OBS-IP-INUSE", "InvalidIPAddress.InUse: Address 10.118.20.40 is in use.")),
        kind=Kind.STATEFUL,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"InvalidIPAddress.InUse"})),
        dry_run=DryRun.UNKNOWN,
        tags=frozenset({"stateful"}),
        role=Role.ADDRESS_IN_USE,
        reason="the 'in use' half of R-NET-9: a launch at the address a running instance of the state machine "
        "holds (conformance/suite/test_stateful.py)",
    ),
    _rule(
        "R-NET-22", ("SecurityGroupIds",),
        "an empty string among the SecurityGroupIds -> InvalidParameterValue",
        (("mined-tungbq-devops-basics-1-empty-groupid", "Value () for parameter groupId is invalid. The value "
          "cannot be empty"),
         ("mined-minecloud-ami-19-empty-groupid-boto2", "Value () for parameter groupId is invalid. The value "
          "cannot be empty")),
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"InvalidParameterValue"})),
        violated=net.empty_group_id,
        reason="EC2's empty-value check answers before the id's form is read (observed 2016 and 2022, the same "
        "message), so an empty id is not R-NET-13's malformed id; an empty entry of an interface's Groups is "
        "unobserved and stays R-NET-13's",
    ),
)
