"""Image, kernel, RAM disk, launch template, instance type (catalogue section 3).

R-AMI-1..7, R-KERNEL-1, R-RAMDISK-1, R-LT-1..4, R-ITYPE-1..3. ImageId is read from the Query sent (a wire
edit can remove it); the other members from the API params.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from conformance.findings import FailedCheck
from conformance.rules._launch_templates import LT_RULES
from conformance.rules._readers import family_rule, launched, requested_zones
from conformance.rules._request import (
    dicts,
    launch_template,
    malformed,
    nics,
    sent,
    strings,
    well_formed,
)
from conformance.rules.core import Confidence, DryRun, ErrorOutcome, Kind, Launch, Rule, RuleClass
from strategies.case import Case
from strategies.limits import known_instance_types, type_architecture
from strategies.world import World

FAMILY = "image"
_ARCHITECTURES = frozenset({"x86_64", "arm64"})


def image_id(case: Case) -> str | None:
    """The ImageId sent; an empty value counts as no ImageId."""
    return sent(case, "ImageId") or None


def _image_missing(case: Case, world: World) -> bool:
    if image_id(case) is not None:
        return False
    template = launch_template(case)
    if not template:
        return True
    ident = template.get("LaunchTemplateId") or template.get("LaunchTemplateName")
    known = world.launch_template(ident) if isinstance(ident, str) else None
    return known is not None and not known.supplies_image


def _image_malformed(case: Case, world: World) -> bool:
    return malformed("ami", image_id(case))


def _image_unknown(case: Case, world: World) -> bool:
    ident = image_id(case)
    return well_formed("ami", ident) and ident not in world.image_ids


def _architecture_mismatch(case: Case, world: World) -> bool:
    ident, instance_type = image_id(case), case.params.get("InstanceType")
    image = world.image(ident) if ident else None
    if image is None or not isinstance(instance_type, str) or image.architecture not in _ARCHITECTURES:
        return False
    wanted = type_architecture(instance_type)
    return wanted is not None and wanted != image.architecture


def _ena_required_without_ena(case: Case, world: World) -> bool:
    """R-AMI-8: the World knows the image lacks ENA and the type's family requires it."""
    ident, instance_type = image_id(case), case.params.get("InstanceType")
    image = world.image(ident) if ident else None
    if image is None or image.ena_support is not False or not isinstance(instance_type, str):
        return False
    return world.ena_required(instance_type)


def _kernel_bad(case: Case, world: World) -> bool:
    kernel = case.params.get("KernelId")
    return isinstance(kernel, str) and (malformed("aki", kernel) or kernel not in world.kernel_ids)


def _ramdisk_malformed(case: Case, world: World) -> bool:
    return malformed("ari", case.params.get("RamdiskId"))


def _type_not_offered(case: Case, world: World) -> bool:
    """R-ITYPE-2: the World knows a zone the request places instances in does not offer the type."""
    itype = case.params.get("InstanceType")
    return isinstance(itype, str) and any(not world.offers(itype, zone) for zone in requested_zones(case, world))


def _unknown_instance_type(case: Case, world: World) -> bool:
    instance_type = case.params.get("InstanceType")
    return isinstance(instance_type, str) and instance_type not in known_instance_types()


def requested_subnet(case: Case) -> Any:
    """The subnet the request names: instance-level, else the primary interface's."""
    if case.params.get("SubnetId"):
        return case.params["SubnetId"]
    primary = [n for n in nics(case) if n.get("DeviceIndex") == 0]
    return primary[0].get("SubnetId") if primary else None


def _requested_placement(case: Case, world: World) -> dict[str, str]:
    """Placement members the request names, as DescribeInstances shows them (a zone id becomes its name)."""
    placement = case.params.get("Placement")
    if not isinstance(placement, Mapping):
        return {}
    wanted = {}
    zone = world.zone(str(placement.get("AvailabilityZone") or placement.get("AvailabilityZoneId") or ""))
    if zone is not None:
        wanted["AvailabilityZone"] = zone.name
    for member in ("Tenancy", "GroupName"):
        if isinstance(placement.get(member), str) and placement[member]:
            wanted[member] = placement[member]
    return wanted


def _group_problems(case: Case, instance: Mapping[str, Any], name: str) -> list[FailedCheck]:
    """The requested security groups, all of them and (when named only by id) nothing else."""
    shown = dicts(instance.get("SecurityGroups"))
    shown_ids = {g.get("GroupId") for g in shown}
    ids, names = set(strings(case.params.get("SecurityGroupIds"))), set(strings(case.params.get("SecurityGroups")))
    problems = []
    if ids and (ids - shown_ids or (not names and shown_ids - ids)):
        problems.append(FailedCheck("SecurityGroupIds",
                                f"{name}: SecurityGroups {sorted(map(str, shown_ids))}, requested ids {sorted(ids)}"))
    if names - {g.get("GroupName") for g in shown}:
        shown_names = sorted(str(g.get("GroupName")) for g in shown)
        problems.append(FailedCheck("SecurityGroups",
                                    f"{name}: SecurityGroups {shown_names}, requested {sorted(names)}"))
    return problems


def _request_values_win(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    reservation, described = launch.reservation, launch.described
    wanted = {
        "ImageId": image_id(case),
        "InstanceType": case.params.get("InstanceType"),
        "SubnetId": requested_subnet(case),
        "KeyName": case.params.get("KeyName"),
        "EbsOptimized": True if case.params.get("EbsOptimized") is True else None,  # R-EBSO-1: false is the default
    }
    placement = _requested_placement(case, world)
    problems = []
    for where, instance in launched(reservation, described):
        name = f"{where} {instance.get('InstanceId')}"
        for member, value in wanted.items():
            if value is not None and instance.get(member) != value:
                problems.append(FailedCheck(member, f"{name}: {member} {instance.get(member)!r}, requested {value!r}"))
        shown = instance.get("Placement")
        shown = shown if isinstance(shown, Mapping) else {}
        for member, value in placement.items():
            if shown.get(member) != value:
                problems.append(FailedCheck(f"Placement.{member}",
                                        f"{name}: Placement.{member} {shown.get(member)!r}, requested {value!r}"))
        problems.extend(_group_problems(case, instance, name))
    return problems


_PRESUMED = "presumed same under DryRun"

_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-AMI-1", ("ImageId", "LaunchTemplate.LaunchTemplateId", "LaunchTemplate.LaunchTemplateName"),
        "no ImageId and no launch template supplying one -> MissingParameter",
        (("[BC]", "An AMI ID is required to launch an instance and must be specified here or in a "
                  "launch template."),
         ("OBS-IMAGEID-MISSING", "MissingParameter: The request must contain the parameter "
                                 "ImageId")),
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"MissingParameter"})),
        violated=_image_missing,
    ),
    _rule(
        "R-AMI-2", ("ImageId",),
        "ImageId not of the form ami-<hex> -> InvalidAMIID.Malformed",
        (("[ERR]", "The specified AMI ID is malformed. Ensure that you provide the full "
                   "AMI ID, in the form ami-xxxxxxxxxxxxxxxxx."),),
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"InvalidAMIID.Malformed"})),
        violated=_image_malformed,
    ),
    _rule(
        "R-AMI-3", ("ImageId",),
        "well-formed ImageId that does not exist in the Region -> InvalidAMIID.NotFound",
        (("[ERR]", "The specified AMI doesn't exist"),
         ("OBS-AMI-NOTFOUND", "The image id '[ami-abcd1234]' does not exist")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"InvalidAMIID.NotFound"})),
        violated=_image_unknown,
        reason=_PRESUMED + " (not recorded)",
    ),
    _rule(
        "R-AMI-4", ("ImageId",),
        "deregistered or unusable AMI -> InvalidAMIID.Unavailable",
        (("[ERR]", "The specified AMI has been deregistered and is no longer available"),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"InvalidAMIID.Unavailable"})),
        reason="the world lists usable images only; an id outside it is judged by R-AMI-3",
    ),
    _rule(
        "R-AMI-5", ("ImageId",),
        "AMI exists but the caller lacks launch permission -> AuthFailure",
        (("[ERR]", "AuthFailure … or trying to use an AMI for which you do not have permissions."),
         ("OBS-AUTHFAIL-AMI", "Not authorized for images: [ami-5287d500]")),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"AuthFailure"})),
        dry_run=DryRun.UNKNOWN,
        reason="launch permissions of other accounts' images are not recorded in the world",
    ),
    _rule(
        "R-AMI-6", ("ImageId",),
        "AMI with a Marketplace product code the caller has not subscribed to -> request fails "
        "(code not stated; OptInRequired likely)",
        (("[OP]", "If any of the AMIs have a product code attached for which the user has not "
                  "subscribed, the request fails."),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        outcome=ErrorOutcome(frozenset({"OptInRequired"})),
        dry_run=DryRun.UNKNOWN,
        reason="product codes and subscriptions are not recorded in the world; code undocumented",
    ),
    _rule(
        "R-AMI-7", ("ImageId", "InstanceType"),
        "AMI architecture differs from the instance type's -> InvalidParameterValue (architecture) "
        "/ InvalidParameterCombination (virtualisation) / UnsupportedOperation",
        (("[ERR]", "UnsupportedOperation: … you might be trying to launch an instance "
                   "type that is not supported by the specified AMI."),
         ("OBS-ARCH", "The requested instance type's architecture (x86_64) does not match the "
                      "architecture in the manifest for ami-053eed19246a58e8a (arm64)"),
         ("OBS-VIRT", "Virtualization type 'hvm' is required for instances of type 't2.micro'.")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(
            frozenset({"InvalidParameterValue", "InvalidParameterCombination", "UnsupportedOperation"})
        ),
        violated=_architecture_mismatch,
        reason="architecture only (the world records it per image; the type's is told from its family "
        "name, Graviton = arm64); virtualisation is not recorded in the world",
    ),
    _rule(
        "R-AMI-8", ("ImageId", "InstanceType"),
        "an instance type that requires ENA with an AMI registered without ENA support -> "
        "InvalidParameterCombination",
        (("ri-ami-ena-required", "Enhanced networking with the Elastic Network Adapter (ENA) is required for "
          "the 'g4dn.xlarge' instance type. Ensure that you are using an AMI that is enabled for ENA."),),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"InvalidParameterCombination"})),
        violated=_ena_required_without_ena,
        reason="decided only where the World knows the image's EnaSupport (DescribeImages) and the type requires "
        "ENA (DescribeInstanceTypes EnaSupport=required, else a Nitro family of strategies.limits)",
    ),
    _rule(
        "R-KERNEL-1", ("KernelId",),
        "KernelId malformed (not aki-<hex>) or not a known kernel -> InvalidKernelId.Malformed / "
        "InvalidAMIID.NotFound",
        (("[ERR]", "InvalidKernelId.Malformed … form aki-xxxxxxxx"),
         ("[ERR]", "InvalidAMIID.NotFound … might also occur if you specified an incorrect kernel "
                   "ID when launching an instance.")),
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"InvalidKernelId.Malformed", "InvalidAMIID.NotFound"})),
        violated=_kernel_bad,
        reason="static when malformed, world-dependent when well-formed but unknown",
    ),
    _rule(
        "R-RAMDISK-1", ("RamdiskId",),
        "RamdiskId not of the form ari-<hex> -> InvalidRamDiskId.Malformed",
        (("[ERR]", "InvalidRamDiskId.Malformed … form ari-xxxxxxxx"),),
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"InvalidRamDiskId.Malformed"})),
        violated=_ramdisk_malformed,
    ),
    *LT_RULES,
    _rule(
        "R-LT-3", ("LaunchTemplate", "ImageId", "InstanceType", "SubnetId", "KeyName", "Placement.AvailabilityZone",
                   "Placement.AvailabilityZoneId", "Placement.Tenancy", "Placement.GroupName", "SecurityGroupIds",
                   "SecurityGroups", "EbsOptimized"),
        "success -> the instance carries the request's own ImageId, InstanceType, subnet, key pair, zone, "
        "tenancy, placement group, security groups and EBS optimization (they override a launch template's)",
        (("[BC]", "Any additional parameters that you specify for the new instance overwrite the "
                  "corresponding parameters included in the launch template."),),
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_request_values_win,
    ),
    _rule(
        "R-ITYPE-1", ("InstanceType",),
        "InstanceType not a known type (outside the model's list) -> InvalidParameterValue",
        (("[ERR]", "InvalidParameterValue: A value specified in a parameter is not valid, is "
                   "unsupported, or cannot be used."),
         ("OBS-INSTTYPE", "Invalid value 't3.nano' for InstanceType.")),
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"InvalidParameterValue"})),
        violated=_unknown_instance_type,
        reason="the model's enum is the known list (a type newer than the installed botocore is misjudged)",
    ),
    _rule(
        "R-ITYPE-2", ("InstanceType", "Placement.AvailabilityZone"),
        "type not offered in the chosen Availability Zone -> Unsupported",
        (("[ERR]", "you might be trying to launch an instance in an Availability Zone that "
                   "currently has constraints on that instance type"),),
        kind=Kind.VALIDATION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"Unsupported"})),
        dry_run=DryRun.UNKNOWN,
        violated=_type_not_offered,
        reason="decided where the World knows the zones that offer the type (DescribeInstanceTypeOfferings at "
        "the start of the run); a type or zone the World has no offerings for decides nothing",
    ),
    _rule(
        "R-ITYPE-3", ("InstanceType",),
        "InstanceType omitted -> default undocumented (depends on the AMI or launch template)",
        (("[BC]", "The instance type."),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESERVED,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        reason="the current model documents no default instance type",
    ),
)
