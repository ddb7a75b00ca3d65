"""Read-back post-conditions, devices: R-RB-6..8. What DescribeVolumes and DescribeNetworkInterfaces show of
the launched instances' volumes and interfaces (and DescribeInstances of their secondary interfaces) is what
the request's mappings and interface specifications asked for, with the documented defaults.

Each check is named by the request's member path (`BlockDeviceMappings[].Ebs.VolumeType`); `(default)` and
`(not readable)` as in rules/request_echo.py; volume and interface tags are `TagSpecifications[].Tags[] (volume)`
and `(network-interface)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, Final

from conformance.findings import FailedCheck
from conformance.rules._launch_views import (
    DEFAULT,
    INTERFACES,
    VOLUMES,
    dicts,
    differs,
    from_template,
    get,
    interface_at,
    launched_ids,
    requested_tags,
    tag_pairs,
    unreadable,
    volumes_of,
)
from conformance.rules._readers import family_rule, is_root
from conformance.rules.core import Confidence, DryRun, Kind, Launch, Rule, RuleClass
from strategies.case import Case
from strategies.limits import DEFAULT_VOLUME_TYPE
from strategies.world import World

FAMILY = "readback"
BDM, EBS, NI, SI = "BlockDeviceMappings[]", "BlockDeviceMappings[].Ebs", "NetworkInterfaces[]", "SecondaryInterfaces[]"
# Ebs member -> the DescribeVolumes member that shows it.
CONFIG = "MultiAvailabilityZoneConfiguration"
MAZ = f"{EBS}.{CONFIG}"
VOLUME_ECHO: Final = {"VolumeSize": "Size", "VolumeType": "VolumeType", "Iops": "Iops",
                      "Throughput": "Throughput", "SnapshotId": "SnapshotId"}


def _ebs_mappings(case: Case) -> list[Mapping[str, Any]]:
    return [m for m in dicts(case.params.get("BlockDeviceMappings"))
            if isinstance(m.get("Ebs"), Mapping) and "NoDevice" not in m]


def _volume_problems(case: Case, world: World, mapping: Mapping[str, Any],
                     found: Mapping[str, tuple[Mapping[str, Any], Mapping[str, Any]]], where: str) -> list[FailedCheck]:
    device, ebs = mapping.get("DeviceName"), mapping["Ebs"]
    if device not in found:
        return [FailedCheck(f"{BDM}.DeviceName", f"{where}: no volume attached at {device!r} ({VOLUMES})")]
    attachment, volume = found[str(device)]
    problems: list[FailedCheck] = []
    root = is_root(mapping, case, world)
    for member, shown in VOLUME_ECHO.items():
        if member in ebs:
            problems += differs(f"{EBS}.{member}", f"{where} {device} {shown}", volume.get(shown), ebs[member])
        elif member == "VolumeType" and not root and "SnapshotId" not in ebs:
            problems += differs(f"{EBS}.VolumeType{DEFAULT}", f"{where} {device} VolumeType",
                                volume.get("VolumeType"), DEFAULT_VOLUME_TYPE)
    if ebs.get("Encrypted") is True:
        problems += differs(f"{EBS}.Encrypted", f"{where} {device} Encrypted", volume.get("Encrypted"), True)
    key, shown_key = ebs.get("KmsKeyId"), volume.get("KmsKeyId")
    if isinstance(key, str) and not (isinstance(shown_key, str) and shown_key.endswith(key.rsplit("/", 1)[-1])):
        problems.append(FailedCheck(f"{EBS}.KmsKeyId", f"{where} {device} KmsKeyId {shown_key!r}, requested {key!r}"))
    wanted = ebs.get("DeleteOnTermination")
    if wanted is None and not from_template(case):
        wanted, label = root, f"{EBS}.DeleteOnTermination{DEFAULT}"
    else:
        label = f"{EBS}.DeleteOnTermination"
    if wanted is not None:
        problems += differs(label, f"{where} {device} Attachments[].DeleteOnTermination",
                            attachment.get("DeleteOnTermination"), wanted)
    return problems


def _root_volume(case: Case, world: World, found: Mapping[str, Any], instance: Mapping[str, Any],
                 where: str) -> list[FailedCheck]:
    """An EBS-backed instance has a volume at its root device, deleted on termination unless asked."""
    root = instance.get("RootDeviceName")
    if instance.get("RootDeviceType") != "ebs" or not isinstance(root, str):
        return []
    if root not in found:
        return [FailedCheck(f"{BDM}.DeviceName (root volume)", f"{where}: no volume attached at the root {root!r}")]
    requested = any(m.get("DeviceName") == root for m in dicts(case.params.get("BlockDeviceMappings")))
    if requested or from_template(case):
        return []
    attachment = found[root][0]
    return differs(f"{EBS}.DeleteOnTermination (root default)", f"{where} {root} Attachments[].DeleteOnTermination",
                   attachment.get("DeleteOnTermination"), True)


def _volumes(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    problems = unreadable(launch, VOLUMES, BDM)
    if problems:
        return problems
    tags = requested_tags(case, "volume")
    described = {str(i.get("InstanceId")): i for i in launch.described}
    for instance_id in launched_ids(launch):
        where = f"{instance_id}: {VOLUMES}"
        found = {device: (attachment, volume) for device, attachment, volume in volumes_of(launch, instance_id)}
        for mapping in _ebs_mappings(case):
            problems += _volume_problems(case, world, mapping, found, where)
        problems += _root_volume(case, world, found, described.get(instance_id, {}), where)
        for device, (_, volume) in found.items():
            if tags - tag_pairs(volume.get("Tags")):
                problems.append(FailedCheck("TagSpecifications[].Tags[] (volume)",
                                        f"{where} {device}: tags {sorted(map(str, tag_pairs(volume.get('Tags'))))}, "
                                        f"requested {sorted(map(str, tags))}"))
    return problems


def _standby_shown(config: Mapping[str, Any], shown: Mapping[str, Any], world: World, where: str) -> list[FailedCheck]:
    """Each requested standby zone is among the volume's, by the identifier requested (or the World's other one)."""
    listed = dicts(shown.get("StandbyAvailabilityZones"))
    names = {z.get(key) for z in listed for key in ("AvailabilityZone", "AvailabilityZoneId")}
    names |= {known.name for ident in set(names) if isinstance(ident, str) and (known := world.zone(ident))}
    problems: list[FailedCheck] = []
    for entry in dicts(config.get("StandbyAvailabilityZones")):
        for key in ("AvailabilityZone", "AvailabilityZoneId"):
            ident, known = entry.get(key), world.zone(str(entry.get(key)))
            if key in entry and ident not in names and (known is None or known.name not in names):
                problems.append(FailedCheck(f"{MAZ}.StandbyAvailabilityZones[].{key}",
                                        f"{where}: {ident!r} not among {sorted(map(str, names - {None}))}"))
    return problems


def _multi_az(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """DescribeVolumes shows each multi-AZ volume with the requested configuration type and standby zone."""
    wanted = {m.get("DeviceName"): m["Ebs"][CONFIG] for m in _ebs_mappings(case)
              if isinstance(m["Ebs"].get(CONFIG), Mapping) and m["Ebs"][CONFIG]}
    problems = unreadable(launch, VOLUMES, MAZ) if wanted else []
    if problems or not wanted:
        return problems
    for instance_id in launched_ids(launch):
        found = {device: volume for device, _, volume in volumes_of(launch, instance_id)}
        for device, config in wanted.items():
            volume, where = found.get(str(device)), f"{instance_id}: {VOLUMES} {device}"
            if volume is None:
                continue  # R-RB-6 reports the missing volume
            shown = volume.get(CONFIG)
            shown = shown if isinstance(shown, Mapping) else {}
            if "ConfigurationType" in config:
                problems += differs(f"{MAZ}.ConfigurationType", f"{where} {CONFIG}.ConfigurationType",
                                    shown.get("ConfigurationType"), config["ConfigurationType"])
            problems += _standby_shown(config, shown, world, where)
    return problems


def _interface_specs(case: Case) -> list[Mapping[str, Any]]:
    """The interfaces the request specifies; without NetworkInterfaces, the primary one the top-level
    members describe."""
    specs = dicts(case.params.get("NetworkInterfaces"))
    if specs:
        return specs
    primary: dict[str, Any] = {"DeviceIndex": 0}
    for top, member in (("SubnetId", "SubnetId"), ("PrivateIpAddress", "PrivateIpAddress"),
                        ("Ipv6AddressCount", "Ipv6AddressCount"), ("Ipv6Addresses", "Ipv6Addresses"),
                        ("SecurityGroupIds", "Groups")):
        if top in case.params:
            primary[member] = case.params[top]
    return [primary]


def _addresses(interface: Mapping[str, Any], key: str, leaf: str) -> set[Any]:
    return {entry.get(leaf) for entry in dicts(interface.get(key))}


def _interface_problems(spec: Mapping[str, Any], interface: Mapping[str, Any], where: str,
                        top_level: bool) -> list[FailedCheck]:
    def path(member: str) -> str:
        return member if top_level and member in ("SubnetId", "PrivateIpAddress", "Ipv6AddressCount") else (
            "SecurityGroupIds[]" if top_level and member == "Groups" else f"{NI}.{member}")

    problems: list[FailedCheck] = []
    for member in ("Description", "SubnetId", "PrivateIpAddress", "InterfaceType", "NetworkInterfaceId"):
        if member in spec:
            problems += differs(path(member), f"{where} {member}", interface.get(member), spec[member])
    if "Groups" in spec and set(spec["Groups"]) != _addresses(interface, "Groups", "GroupId"):
        problems.append(FailedCheck(path("Groups") if top_level else f"{NI}.Groups[]",
                                f"{where} Groups {sorted(map(str, _addresses(interface, 'Groups', 'GroupId')))}, "
                                f"requested {sorted(spec['Groups'])}"))
    ipv4 = _addresses(interface, "PrivateIpAddresses", "PrivateIpAddress")
    for entry in dicts(spec.get("PrivateIpAddresses")):
        if entry.get("PrivateIpAddress") not in ipv4:
            problems.append(FailedCheck(f"{NI}.PrivateIpAddresses[].PrivateIpAddress",
                                    f"{where}: {entry.get('PrivateIpAddress')!r} not among {sorted(map(str, ipv4))}"))
    if "SecondaryPrivateIpAddressCount" in spec:
        problems += differs(f"{NI}.SecondaryPrivateIpAddressCount", f"{where} secondary addresses",
                            len(ipv4) - 1, spec["SecondaryPrivateIpAddressCount"])
    ipv6 = _addresses(interface, "Ipv6Addresses", "Ipv6Address")
    if "Ipv6AddressCount" in spec:
        problems += differs(path("Ipv6AddressCount") if top_level else f"{NI}.Ipv6AddressCount",
                            f"{where} IPv6 addresses", len(ipv6), spec["Ipv6AddressCount"])
    for entry in dicts(spec.get("Ipv6Addresses")):
        if entry.get("Ipv6Address") not in ipv6:
            check = "Ipv6Addresses[].Ipv6Address" if top_level else f"{NI}.Ipv6Addresses[].Ipv6Address"
            problems.append(FailedCheck(check,
                                    f"{where}: {entry.get('Ipv6Address')!r} not among {sorted(map(str, ipv6))}"))
    if "Ipv4PrefixCount" in spec:
        problems += differs(f"{NI}.Ipv4PrefixCount", f"{where} IPv4 prefixes",
                            len(dicts(interface.get("Ipv4Prefixes"))), spec["Ipv4PrefixCount"])
    if "Ipv6PrefixCount" in spec:
        problems += differs(f"{NI}.Ipv6PrefixCount", f"{where} IPv6 prefixes",
                            len(dicts(interface.get("Ipv6Prefixes"))), spec["Ipv6PrefixCount"])
    for key, leaf in (("Ipv4Prefixes", "Ipv4Prefix"), ("Ipv6Prefixes", "Ipv6Prefix")):
        wanted = {e.get(leaf) for e in dicts(spec.get(key))}
        if wanted - _addresses(interface, key, leaf):
            problems.append(FailedCheck(f"{NI}.{key}[].{leaf}", f"{where}: {sorted(map(str, wanted))} not all shown"))
    if "NetworkCardIndex" in spec:
        problems += differs(f"{NI}.NetworkCardIndex", f"{where} Attachment.NetworkCardIndex",
                            get(interface, "Attachment.NetworkCardIndex"), spec["NetworkCardIndex"])
    return problems


def _delete_on_termination(spec: Mapping[str, Any], interface: Mapping[str, Any], where: str,
                           case: Case) -> list[FailedCheck]:
    shown = get(interface, "Attachment.DeleteOnTermination")
    if "DeleteOnTermination" in spec:
        return differs(f"{NI}.DeleteOnTermination", f"{where} Attachment.DeleteOnTermination", shown,
                       spec["DeleteOnTermination"])
    if "NetworkInterfaceId" in spec or from_template(case) or spec.get("DeviceIndex") != 0:
        return []
    return differs(f"{NI}.DeleteOnTermination{DEFAULT}", f"{where} Attachment.DeleteOnTermination", shown, True)


def _interfaces(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    problems = unreadable(launch, INTERFACES, NI)
    if problems:
        return problems
    tags = requested_tags(case, "network-interface")
    top_level = not dicts(case.params.get("NetworkInterfaces"))
    for instance_id in launched_ids(launch):
        for spec in _interface_specs(case):
            where = f"{instance_id}: {INTERFACES} device {spec.get('DeviceIndex')}"
            interface = interface_at(launch, instance_id, spec.get("DeviceIndex"))
            if interface is None:
                problems.append(FailedCheck(f"{NI}.DeviceIndex", f"{where}: no interface attached there"))
                continue
            problems += _interface_problems(spec, interface, where, top_level)
            problems += _delete_on_termination(spec, interface, where, case)
            if tags - tag_pairs(interface.get("TagSet")) and "NetworkInterfaceId" not in spec:
                problems.append(FailedCheck("TagSpecifications[].Tags[] (network-interface)",
                                        f"{where}: tags {sorted(map(str, tag_pairs(interface.get('TagSet'))))}, "
                                        f"requested {sorted(map(str, tags))}"))
            if case.params.get("EnablePrimaryIpv6") is True and not any(
                    e.get("IsPrimaryIpv6") for e in dicts(interface.get("Ipv6Addresses"))):
                problems.append(FailedCheck("EnablePrimaryIpv6", f"{where}: no IPv6 address is primary"))
    return problems


# SecondaryInterfaces member -> where DescribeInstances shows it on the instance's secondary interface.
SECONDARY_ECHO: Final = {"SecondarySubnetId": "SecondarySubnetId", "InterfaceType": "InterfaceType",
                         "DeleteOnTermination": "Attachment.DeleteOnTermination",
                         "NetworkCardIndex": "Attachment.NetworkCardIndex",
                         "EnaQueueCount": "Attachment.EnaQueueCount", "VlanMode": "VlanMode"}


def _secondary_problems(spec: Mapping[str, Any], found: Mapping[str, Any], where: str) -> list[FailedCheck]:
    """The members, addresses and address counts of one requested secondary interface, as shown."""
    problems: list[FailedCheck] = []
    for member, at in SECONDARY_ECHO.items():
        if member in spec:
            problems += differs(f"{SI}.{member}", f"{where} {at}", get(found, at), spec[member])
    for key, leaf in (("PrivateIpAddresses", "PrivateIpAddress"), ("Ipv6Addresses", "Ipv6Address")):
        if {e.get(leaf) for e in dicts(spec.get(key))} - _addresses(found, key, leaf):
            problems.append(FailedCheck(f"{SI}.{key}[].{leaf}", f"{where}: not all shown"))
    for count, key in (("PrivateIpAddressCount", "PrivateIpAddresses"), ("Ipv6AddressCount", "Ipv6Addresses")):
        if count in spec:
            problems += differs(f"{SI}.{count}", f"{where} {key}", len(dicts(found.get(key))), spec[count])
    return problems


def _secondary(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """DescribeInstances shows each requested secondary interface at its device index."""
    problems: list[FailedCheck] = []
    for instance in launch.described:
        shown = {get(s, "Attachment.DeviceIndex"): s for s in dicts(instance.get("SecondaryInterfaces"))}
        for spec in dicts(case.params.get("SecondaryInterfaces")):
            where = f"{instance.get('InstanceId')}: DescribeInstances SecondaryInterfaces"
            found = shown.get(spec.get("DeviceIndex"))
            if found is None:
                problems.append(FailedCheck(f"{SI}.DeviceIndex", f"{where}: none at {spec.get('DeviceIndex')!r}"))
                continue
            problems += _secondary_problems(spec, found, where)
    return problems


_rule = partial(family_rule, FAMILY)
_POST: Final[dict[str, Any]] = {"kind": Kind.POSTCONDITION, "dry_run": DryRun.NOT_APPLICABLE,
                                "rule_class": RuleClass.RESOURCE}

RULES: tuple[Rule, ...] = (
    _rule(
        "R-RB-6", (f"{BDM}.DeviceName", f"{EBS}.VolumeSize", f"{EBS}.VolumeType", f"{EBS}.Iops", f"{EBS}.Throughput",
                   f"{EBS}.SnapshotId", f"{EBS}.Encrypted", f"{EBS}.KmsKeyId", f"{EBS}.DeleteOnTermination",
                   "TagSpecifications[].Tags[]", "TagSpecifications[].ResourceType"),
        "DescribeVolumes shows a volume at every mapped device (and at the root) with the requested size, type, "
        "IOPS, throughput, snapshot, encryption, KMS key, DeleteOnTermination (default: true for the root, "
        "false otherwise; gp2) and the volume tags",
        (("[UG-BDM]", "The default value is true for the root device volume and false for attached volumes"),
         ("[UG-BDM]", "The default value is gp2."),
         ("[BC]", "The tags to apply to the resources that are created during instance launch."),
         ("[OP]", "The block device mapping, which defines the EBS volumes and instance store volumes to attach "
                  "to the instance at launch.")),
        confidence=Confidence.DOCUMENTED, postcondition=_volumes, tags=frozenset({"read-back:DescribeVolumes"}),
        reason="Encrypted=false is not checked (account encryption by default may override it, R-BDM-11)",
        **_POST,
    ),
    _rule(
        "R-RB-7", (f"{NI}.Description", f"{NI}.Groups[]", f"{NI}.PrivateIpAddress",
                   f"{NI}.PrivateIpAddresses[].PrivateIpAddress", f"{NI}.SecondaryPrivateIpAddressCount",
                   f"{NI}.Ipv6AddressCount", f"{NI}.Ipv6Addresses[].Ipv6Address", f"{NI}.DeleteOnTermination",
                   f"{NI}.SubnetId", f"{NI}.InterfaceType", f"{NI}.NetworkInterfaceId", f"{NI}.DeviceIndex",
                   f"{NI}.NetworkCardIndex", f"{NI}.Ipv4PrefixCount", f"{NI}.Ipv4Prefixes[].Ipv4Prefix",
                   f"{NI}.Ipv6PrefixCount", f"{NI}.Ipv6Prefixes[].Ipv6Prefix", "SubnetId", "PrivateIpAddress",
                   "SecurityGroupIds[]", "Ipv6AddressCount", "Ipv6Addresses[].Ipv6Address", "EnablePrimaryIpv6",
                   "TagSpecifications[].Tags[]", "TagSpecifications[].ResourceType"),
        "DescribeNetworkInterfaces shows an interface at every requested device index with the requested "
        "description, groups, subnet, type, addresses, prefixes, card, tags and DeleteOnTermination (true for "
        "the primary interface a launch creates)",
        (("[BC]", "The network interfaces to associate with the instance."),
         ("[BC]", "If set to true, the interface is deleted when the instance is terminated."),
         ("recorded", "cloud-custodian test_notify_region_var__ec2.RunInstances_1.json: the primary interface "
                      "created by a launch without NetworkInterfaces has Attachment.DeleteOnTermination true")),
        confidence=Confidence.OBSERVED, postcondition=_interfaces,
        tags=frozenset({"read-back:DescribeNetworkInterfaces"}),
        reason="the primary interface's DeleteOnTermination default is observed (recorded), not documented",
        **_POST,
    ),
    _rule(
        "R-RB-8", (f"{SI}.DeviceIndex", f"{SI}.SecondarySubnetId", f"{SI}.InterfaceType", f"{SI}.DeleteOnTermination",
                   f"{SI}.NetworkCardIndex", f"{SI}.PrivateIpAddresses[].PrivateIpAddress",
                   f"{SI}.PrivateIpAddressCount", f"{SI}.Ipv6Addresses[].Ipv6Address", f"{SI}.Ipv6AddressCount",
                   f"{SI}.EnaQueueCount", f"{SI}.VlanMode"),
        "DescribeInstances shows every requested secondary interface at its device index, as requested (its "
        "subnet, type, attachment, ENA queues, VLAN mode, IPv4 and IPv6 addresses)",
        (("[BC]", "The secondary interfaces to associate with the instance."),
         ("[BC]", "The number of ENA queues for the secondary interface. This value is returned only for secondary "
                  "interfaces in virtual-edge secondary networks.")),
        confidence=Confidence.INFERRED, postcondition=_secondary, tags=frozenset({"read-back:DescribeInstances"}),
        **_POST,
    ),
    _rule(
        "R-RB-10", (f"{MAZ}.ConfigurationType", f"{MAZ}.StandbyAvailabilityZones[].AvailabilityZone",
                    f"{MAZ}.StandbyAvailabilityZones[].AvailabilityZoneId"),
        "DescribeVolumes shows each Multi-Availability Zone volume with the requested configuration type and "
        "standby Availability Zone",
        (("[SDK-MAZ] 2026-12-07", "To create a Multi-Availability Zone volume, specify the configuration type and "
                                  "the standby Availability Zone."),
         ("[BC]", "Volume.MultiAvailabilityZoneConfiguration: The Multi-Availability Zone configuration of a "
                  "volume.")),
        confidence=Confidence.INFERRED, postcondition=_multi_az, tags=frozenset({"read-back:DescribeVolumes"}),
        reason="a standby zone requested by name matches the id shown for it where the World lists the zone "
        "(and the reverse)",
        **_POST,
    ),
)
