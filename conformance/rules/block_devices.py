"""BlockDeviceMappings rules: R-BDM-1..23 and R-BDM-29 (catalogue section 6; R-BDM-24..28 are multi_az.py's)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import partial
from typing import Any

from conformance.findings import UNDETERMINED, FailedCheck
from conformance.rules._readers import (
    codes,
    ebs_entries,
    family_rule,
    int_value,
    is_root,
    mappings,
    may_be_root,
    root_device,
    volume_type,
)
from conformance.rules.core import Confidence, DryRun, Kind, Launch, Rule, RuleClass
from strategies.case import Case
from strategies.limits import (
    DEVICE_NAME_PATTERN,
    GP3_BASELINE_IOPS,
    IOPS_FORBIDDEN,
    IOPS_NON_NITRO_MAX,
    IOPS_PER_GIB_MAX,
    IOPS_RANGE,
    IOPS_REQUIRED,
    NON_BOOT_VOLUME_TYPES,
    THROUGHPUT_MIBS,
    THROUGHPUT_PER_IOPS_MAX,
    THROUGHPUT_VOLUME_TYPES,
    VIRTUAL_NAME_PATTERN,
    VOLUME_INIT_RATE_MIBS,
    VOLUME_SIZE_GIB,
)
from strategies.model import enum_values
from strategies.world import World

FAMILY = "block_devices"
BDM = "BlockDeviceMappings[]"
EBS = f"{BDM}.Ebs"
VOLUME_TYPE_PATH = f"{EBS}.VolumeType"
UNDOCUMENTED = "code undocumented: the plausible set is accepted"


def _snapshot_size(
    ebs: Mapping[str, Any], mapping: Mapping[str, Any], case: Case, world: World
) -> int | None:
    """Size in GiB of the snapshot a volume is created from, where the world knows it."""
    snapshot = ebs.get("SnapshotId")
    if isinstance(snapshot, str):
        return world.snapshot_size(snapshot)
    if is_root(mapping, case, world):
        image = world.image(str(case.params.get("ImageId")))
        return None if image is None else image.root_snapshot_size
    return None


def _from_snapshot(ebs: Mapping[str, Any], mapping: Mapping[str, Any], case: Case, world: World) -> bool:
    return isinstance(ebs.get("SnapshotId"), str) or may_be_root(mapping, case, world)


def _no_size_no_snapshot(case: Case, world: World) -> bool:
    return any(
        "VolumeSize" not in ebs and not _from_snapshot(ebs, mapping, case, world)
        for mapping, ebs in ebs_entries(case)
    )


def _smaller_than_snapshot(case: Case, world: World) -> bool:
    for mapping, ebs in ebs_entries(case):
        size = int_value(ebs, "VolumeSize")
        snapshot = _snapshot_size(ebs, mapping, case, world)
        if size is not None and snapshot is not None and size < snapshot:
            return True
    return False


def _size_out_of_range(case: Case, world: World) -> bool:
    for _, ebs in ebs_entries(case):
        size = int_value(ebs, "VolumeSize")
        bounds = VOLUME_SIZE_GIB.get(volume_type(ebs))
        if size is not None and bounds is not None and not bounds[0] <= size <= bounds[1]:
            return True
    return False


def _iops_missing(case: Case, world: World) -> bool:
    return any(volume_type(ebs) in IOPS_REQUIRED and "Iops" not in ebs for _, ebs in ebs_entries(case))


def _iops_out_of_range(case: Case, world: World) -> bool:
    for _, ebs in ebs_entries(case):
        iops = int_value(ebs, "Iops")
        bounds = IOPS_RANGE.get(volume_type(ebs))
        if iops is not None and bounds is not None and not bounds[0] <= iops <= bounds[1]:
            return True
    return False


def _io2_iops_beyond_non_nitro(case: Case, world: World) -> bool:
    """R-BDM-23: io2 IOPS above what a non-Nitro type achieves (within io2's range: R-BDM-5 holds)."""
    if not world.nitro_known_not(case.params.get("InstanceType")):
        return False
    top = IOPS_RANGE["io2"][1]
    return any(volume_type(ebs) == "io2" and IOPS_NON_NITRO_MAX < (int_value(ebs, "Iops") or 0) <= top
               for _, ebs in ebs_entries(case))


def _encrypted_on_unsupported_type(case: Case, world: World) -> bool:
    """R-BDM-12: an encrypted volume (Encrypted=true, or a KMS key) for a type without EBS encryption."""
    if not world.encryption_unsupported(case.params.get("InstanceType")):
        return False
    return any(ebs.get("Encrypted") is True or "KmsKeyId" in ebs for _, ebs in ebs_entries(case))


def _kms_key_without_encrypted(case: Case, world: World) -> bool:
    """R-BDM-29: an Ebs block that names a KmsKeyId and leaves Encrypted out."""
    return any("KmsKeyId" in ebs and ebs.get("Encrypted") is None for _, ebs in ebs_entries(case))


def _iops_forbidden(case: Case, world: World) -> bool:
    return any(volume_type(ebs) in IOPS_FORBIDDEN and "Iops" in ebs for _, ebs in ebs_entries(case))


def _iops_ratio_exceeded(case: Case, world: World) -> bool:
    for _, ebs in ebs_entries(case):
        kind = volume_type(ebs)
        iops, size = int_value(ebs, "Iops"), int_value(ebs, "VolumeSize")
        ratio = IOPS_PER_GIB_MAX.get(kind)
        if iops is None or size is None or size <= 0 or ratio is None:
            continue
        if kind == "gp3" and iops <= GP3_BASELINE_IOPS:  # the baseline comes with any gp3 size
            continue
        if iops > ratio * size:
            return True
    return False


def _throughput_problem(ebs: Mapping[str, Any]) -> bool:
    throughput = int_value(ebs, "Throughput")
    if "Throughput" not in ebs:
        return False
    if volume_type(ebs) not in THROUGHPUT_VOLUME_TYPES or throughput is None:
        return True
    if not THROUGHPUT_MIBS[0] <= throughput <= THROUGHPUT_MIBS[1]:
        return True
    iops = int_value(ebs, "Iops") or GP3_BASELINE_IOPS
    return throughput > THROUGHPUT_PER_IOPS_MAX * iops


def _throughput_invalid(case: Case, world: World) -> bool:
    return any(_throughput_problem(ebs) for _, ebs in ebs_entries(case))


def _volume_type_unknown(case: Case, world: World) -> bool:
    allowed = enum_values(VOLUME_TYPE_PATH)
    return any("VolumeType" in ebs and ebs["VolumeType"] not in allowed for _, ebs in ebs_entries(case))


def _root_not_bootable(case: Case, world: World) -> bool:
    return any(
        is_root(mapping, case, world) and ebs.get("VolumeType") in NON_BOOT_VOLUME_TYPES
        for mapping, ebs in ebs_entries(case)
    )


def _init_rate_invalid(case: Case, world: World) -> bool:
    for mapping, ebs in ebs_entries(case):
        if "VolumeInitializationRate" not in ebs:
            continue
        rate = int_value(ebs, "VolumeInitializationRate")
        in_range = rate is not None and VOLUME_INIT_RATE_MIBS[0] <= rate <= VOLUME_INIT_RATE_MIBS[1]
        if not in_range or not _from_snapshot(ebs, mapping, case, world):
            return True
    return False


def _virtual_name_invalid(case: Case, world: World) -> bool:
    return any(
        "VirtualName" in m and VIRTUAL_NAME_PATTERN.fullmatch(str(m["VirtualName"])) is None
        for m in mappings(case)
    )


def _duplicate_device(case: Case, world: World) -> bool:
    names = Counter(m.get("DeviceName") for m in mappings(case) if "DeviceName" in m)
    return any(count > 1 for count in names.values())


def _device_name_invalid(case: Case, world: World) -> bool:
    return any(
        "DeviceName" in m and DEVICE_NAME_PATTERN.fullmatch(str(m["DeviceName"])) is None
        for m in mappings(case)
    )


# --- post-conditions ---


def _described_devices(instance: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found = instance.get("BlockDeviceMappings") or []
    return {str(m.get("DeviceName")): m for m in found if isinstance(m, Mapping)}


def _no_device_removed(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    root = root_device(case, world)
    removed = {m.get("DeviceName") for m in mappings(case) if "NoDevice" in m} - {root}
    return [
        FailedCheck("BlockDeviceMappings[].NoDevice",
                f"{instance.get('InstanceId')}: {name} was mapped with NoDevice but is attached")
        for instance in launch.described
        for name in sorted(str(n) for n in removed)
        if name in _described_devices(instance)
    ]


def _delete_on_termination(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    root = root_device(case, world)
    problems: list[FailedCheck] = []
    for mapping, ebs in ebs_entries(case):
        name = str(mapping.get("DeviceName"))
        wanted = ebs.get("DeleteOnTermination")
        if wanted is None and (root is None or name == root):
            # the root inherits it from the AMI, which the world does not describe; and where the image is not
            # known (a launch template supplies it), any device may be its root: undetermined
            continue
        expected = bool(wanted) if wanted is not None else False
        check = "BlockDeviceMappings[].Ebs.DeleteOnTermination" + ("" if wanted is not None else " (default)")
        for instance in launch.described:
            shown = _described_devices(instance).get(name, {}).get("Ebs", {})
            actual = shown.get("DeleteOnTermination") if isinstance(shown, Mapping) else None
            if actual is not None and actual is not expected:
                problems.append(FailedCheck(
                    check, f"{instance.get('InstanceId')}: {name} DeleteOnTermination={actual}, expected {expected}"
                ))
    return problems


_rule = partial(family_rule, FAMILY)


_STATIC = {"kind": Kind.VALIDATION, "rule_class": RuleClass.STATIC, "dry_run": DryRun.VALIDATES}
_PARAM_ERRORS = ("InvalidParameterValue", "InvalidParameterCombination", "InvalidBlockDeviceMapping")

RULES: tuple[Rule, ...] = (
    _rule(
        "R-BDM-1", (f"{EBS}.SnapshotId", f"{EBS}.VolumeSize"),
        "an Ebs mapping with neither SnapshotId nor VolumeSize (and not the AMI's root) -> "
        "InvalidBlockDeviceMapping",
        (("[BC]", "You must specify either a snapshot ID or a volume size."),
         ("OBS-BDM-NOSIZE", "Either snapshot ID or volume size must be provided for: /dev/sda1")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidBlockDeviceMapping"),
        violated=_no_size_no_snapshot, **_STATIC,
    ),
    _rule(
        "R-BDM-2", (f"{EBS}.VolumeSize", f"{EBS}.SnapshotId", "ImageId"),
        "VolumeSize smaller than its snapshot (the AMI root snapshot for the root device) -> "
        "InvalidBlockDeviceMapping",
        (("[UG-BDM]", "The specified size must be greater than or equal to the size of the specified "
          "snapshot."),
         ("OBS-BDM-SNAPSIZE", "Volume of size 15GB is smaller than snapshot 'snap-…', expect size >= 30GB")),
        kind=Kind.VALIDATION, rule_class=RuleClass.RESOURCE, confidence=Confidence.OBSERVED,
        outcome=codes("InvalidBlockDeviceMapping"), dry_run=DryRun.VALIDATES,
        violated=_smaller_than_snapshot,
        reason="decided only where the world knows the snapshot size (AMI root, world.snapshot_sizes)",
    ),
    _rule(
        "R-BDM-3", (f"{EBS}.VolumeSize", VOLUME_TYPE_PATH),
        "VolumeSize outside the range of its volume type (gp2 when omitted) -> an error",
        (("[BC]", "The following are the supported sizes for each volume type: gp2: 1 - 16,384 GiB · "
          "gp3: 1 - 65,536 GiB · io1: 4 - 16,384 GiB · io2: 4 - 65,536 GiB · st1 and sc1: 125 - 16,384 GiB"
          " · standard: 1 - 1024 GiB"),),
        confidence=Confidence.INFERRED, outcome=codes("InvalidParameterValue", "InvalidBlockDeviceMapping"),
        violated=_size_out_of_range, reason=UNDOCUMENTED, **_STATIC,
    ),
    _rule(
        "R-BDM-4", (f"{EBS}.Iops", VOLUME_TYPE_PATH),
        "io1/io2 volume without Iops -> an error",
        (("[BC]", "This parameter is required for io1 and io2 volumes."),
         ("OBS-IOPS-IO1", "The parameter iops must be specified for io1 volumes.")),
        confidence=Confidence.INFERRED,
        outcome=codes("InvalidParameterCombination", "InvalidParameterValue", "MissingParameter"),
        violated=_iops_missing, reason="code not captured (OBS-IOPS-IO1 recorded the message only)",
        **_STATIC,
    ),
    _rule(
        "R-BDM-5", (f"{EBS}.Iops", VOLUME_TYPE_PATH),
        "Iops outside the range of its volume type (gp3 3,000-80,000; io1 100-64,000; io2 100-256,000)",
        (("[BC]", "gp3: 3,000 - 80,000 IOPS · io1: 100 - 64,000 IOPS · io2: 100 - 256,000 IOPS"),),
        confidence=Confidence.INFERRED, outcome=codes("InvalidParameterValue", "InvalidParameterCombination"),
        violated=_iops_out_of_range, reason=UNDOCUMENTED, **_STATIC,
    ),
    _rule(
        "R-BDM-6", (f"{EBS}.Iops", VOLUME_TYPE_PATH),
        "Iops given for gp2, st1, sc1 or standard -> InvalidParameterCombination",
        (("API_EbsBlockDevice", "This parameter is not supported for gp2, st1, sc1, or standard volumes."),
         ("OBS-IOPS-GP2", "The parameter iops is not supported for gp2 volumes.")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterCombination"),
        violated=_iops_forbidden, **_STATIC,
    ),
    _rule(
        "R-BDM-7", (f"{EBS}.Iops", f"{EBS}.VolumeSize"),
        "Iops per GiB above 50 (io1) or 500 (io2, gp3 above its 3,000 baseline) -> an error",
        (("[UG-IOPS]", "The maximum ratio of provisioned IOPS to requested volume size (in GiB) is 50:1 for "
          "io1 volumes, and 500:1 for io2 volumes."),
         ("[UG-IOPS]", "at a ratio of 500 IOPS per GiB of volume size")),
        confidence=Confidence.INFERRED, outcome=codes(*_PARAM_ERRORS),
        violated=_iops_ratio_exceeded, reason=UNDOCUMENTED, **_STATIC,
    ),
    _rule(
        "R-BDM-8", (f"{EBS}.Throughput", VOLUME_TYPE_PATH, f"{EBS}.Iops"),
        "Throughput on a non-gp3 volume, outside 125-2,000 MiB/s, or above 0.25 MiB/s per IOPS -> error",
        (("[BC]", "This parameter is valid only for gp3 volumes. Valid Range: Minimum value of 125. "
          "Maximum value of 2,000."),
         ("[UG]", "≤ 0.25 MiB/s per provisioned IOPS"),
         ("OBS-THROUGHPUT", "throughput can only be specified for volumeType gp3.")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterCombination", "InvalidParameterValue"),
        violated=_throughput_invalid,
        reason="InvalidParameterCombination observed for a non-gp3 type; the range code is undocumented",
        **_STATIC,
    ),
    _rule(
        "R-BDM-9", (VOLUME_TYPE_PATH,),
        "VolumeType outside {standard, io1, io2, gp2, sc1, st1, gp3} -> InvalidParameterValue or "
        "UnknownVolumeType (this rule owns the leaf, R-ENUM-1 skips it)",
        (("[BC]", "enum standard | io1 | io2 | gp2 | sc1 | st1 | gp3"),
         ("[ERR]", "UnknownVolumeType: The specified volume type is unsupported."),
         ("[UG-BDM]", "The default value is gp2.")),
        confidence=Confidence.DOCUMENTED, outcome=codes("InvalidParameterValue", "UnknownVolumeType"),
        violated=_volume_type_unknown, tags=frozenset({"enum-owner"}), **_STATIC,
    ),
    _rule(
        "R-BDM-10", (VOLUME_TYPE_PATH, f"{BDM}.DeviceName", "ImageId"),
        "st1/sc1 for the root (boot) volume -> BootForVolumeTypeUnsupported (observed: the iops error)",
        (("[ERR]", "The specified volume type cannot be used as a boot volume."),
         ("OBS-IOPS-ST1", "The parameter iops is not supported for st1 volumes")),
        kind=Kind.VALIDATION, rule_class=RuleClass.RESOURCE, confidence=Confidence.OBSERVED,
        outcome=codes("BootForVolumeTypeUnsupported", "InvalidParameterCombination"),
        dry_run=DryRun.VALIDATES, violated=_root_not_bootable,
    ),
    _rule(
        "R-BDM-11", (f"{EBS}.Encrypted",), "encryption cannot be removed from an encrypted source",
        (("[BC]", "In no case can you remove encryption from an encrypted volume."),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.UNKNOWN,
        reason="the world does not say which snapshots are encrypted, and the docs do not say whether "
        "Encrypted=false is refused or overridden",
    ),
    _rule(
        "R-BDM-12", (f"{EBS}.Encrypted", "InstanceType"),
        "encrypted volume (Encrypted=true or a KmsKeyId) on a type without EBS encryption -> "
        "EncryptedVolumesNotSupported",
        (("[ERR]", "Encrypted Amazon EBS volumes may only be attached to instances that support Amazon EBS "
          "encryption."),
         ("API_EbsBlockDevice", "Encrypted volumes can only be attached to instances that support Amazon EBS "
          "encryption.")),
        kind=Kind.VALIDATION, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("EncryptedVolumesNotSupported"), violated=_encrypted_on_unsupported_type,
        reason="decided only where the World knows the type's EncryptionSupport (DescribeInstanceTypes)",
    ),
    _rule(
        "R-BDM-13", (f"{EBS}.KmsKeyId",), "an unusable KMS key -> CustomerKeyHasBeenRevoked",
        (("[ERR]", "CustomerKeyHasBeenRevoked"),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("CustomerKeyHasBeenRevoked"), dry_run=DryRun.UNKNOWN,
        reason="the state of a KMS key (revoked, disabled) is not part of the world",
    ),
    _rule(
        "R-BDM-14", (f"{EBS}.AvailabilityZone", f"{EBS}.AvailabilityZoneId"),
        "Ebs.AvailabilityZone/AvailabilityZoneId are not supported by RunInstances; response undocumented",
        (("[BC]", "This parameter is not supported when using … RunInstances."),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.STATIC, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.UNKNOWN, tags=frozenset({"unsettled"}),
        reason="response undocumented (an InvalidParameter* error or the member ignored)",
    ),
    _rule(
        "R-BDM-15", (f"{EBS}.VolumeInitializationRate",),
        "VolumeInitializationRate outside 100-300 MiB/s or on a volume not created from a snapshot",
        (("[BC]", "Valid range: 100 - 300 MiB/s"),
         ("[BC]", "This parameter is supported only for volumes created from snapshots.")),
        confidence=Confidence.INFERRED, outcome=codes(*_PARAM_ERRORS),
        violated=_init_rate_invalid, reason=UNDOCUMENTED, **_STATIC,
    ),
    _rule(
        "R-BDM-16", (f"{BDM}.VirtualName",),
        "VirtualName not of the form ephemeral[0-23] -> an error",
        (("[UG-BDM]", "The virtual device: ephemeral[0-23]."),),
        confidence=Confidence.INFERRED, outcome=codes("InvalidParameterValue", "InvalidBlockDeviceMapping"),
        violated=_virtual_name_invalid, reason=UNDOCUMENTED, **_STATIC,
    ),
    _rule(
        "R-BDM-17", (f"{BDM}.NoDevice",),
        "a device mapped with NoDevice is not attached to the launched instance",
        (("[BC]", "When this property is specified, the device is removed from the block device mapping "
          "regardless of the assigned value."),),
        kind=Kind.POSTCONDITION, rule_class=RuleClass.STATIC, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE, postcondition=_no_device_removed,
        reason="checked for non-root devices in DescribeInstances",
    ),
    _rule(
        "R-BDM-18", (f"{BDM}.DeviceName",),
        "the same DeviceName in two mappings -> InvalidBlockDeviceMapping",
        (("OBS-BDM-DUPDEV", "The device 'xvda' is used in more than one block-device mapping"),),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidBlockDeviceMapping"),
        violated=_duplicate_device, **_STATIC,
    ),
    _rule(
        "R-BDM-19", (f"{BDM}.DeviceName",),
        "DeviceName outside the HVM naming scheme (/dev/sd[a-z], /dev/xvd[a-z], /dev/xvd[b-c][a-z], "
        "/dev/sda1, /dev/sda2) -> an error",
        (("[UG-DEV]", "HVM AMIs do not support the use of trailing numbers on device names, except for "
          "/dev/sda1 … and /dev/sda2"),
         ("[ERR]", "The device to which you are trying to attach (for example, /dev/sdh) is already in use "
          "on the instance.")),
        confidence=Confidence.INFERRED, outcome=codes("InvalidParameterValue", "InvalidBlockDeviceMapping"),
        violated=_device_name_invalid, reason=UNDOCUMENTED + " for a bad name", **_STATIC,
    ),
    _rule(
        "R-BDM-20", (f"{EBS}.DeleteOnTermination",),
        "DeleteOnTermination as requested; false by default for non-root volumes",
        (("[UG-BDM]", "The default value is true for the root device volume and false for attached "
          "volumes… When you launch an instance, it inherits this setting from the AMI."),),
        kind=Kind.POSTCONDITION, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE, postcondition=_delete_on_termination,
        reason="the root default comes from the AMI (not in the world) and is not checked",
    ),
    _rule(
        "R-BDM-21", (f"{EBS}.EbsCardIndex", f"{EBS}.OutpostArn"), "EbsCardIndex defaults to 0",
        (("[BC]", "The default EBS card index is 0."),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.STATIC, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        reason="neither the card index nor the Outpost of a volume is shown by RunInstances or "
        "DescribeInstances",
    ),
    _rule(
        "R-BDM-22", (BDM,),
        "EBS limits (VolumeLimitExceeded, MaxIOPSLimitExceeded, AttachmentLimitExceeded, ...)",
        (("[ERR]", "VolumeLimitExceeded / MaxIOPSLimitExceeded / VolumeTypeNotAvailableInZone / "
          "AttachmentLimitExceeded / InsufficientVolumeCapacity"),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.ENVIRONMENTAL, confidence=Confidence.DOCUMENTED,
        outcome=codes("VolumeLimitExceeded", "MaxIOPSLimitExceeded", "VolumeTypeNotAvailableInZone",
                      "AttachmentLimitExceeded", "InsufficientVolumeCapacity"),
        dry_run=DryRun.UNKNOWN, reason="environmental: account quotas and zone capacity",
    ),
    _rule(
        "R-BDM-23", (f"{EBS}.Iops", VOLUME_TYPE_PATH, "InstanceType"),
        "io2 Iops above 32,000 on an instance type not built on the Nitro System: the docs say it cannot "
        "achieve them, not whether EC2 refuses (undetermined)",
        (("API_EbsBlockDevice", "For io2 volumes, you can achieve up to 256,000 IOPS on instances built on the "
          "Nitro System. On other instances, you can achieve performance up to 32,000 IOPS."),),
        kind=Kind.VALIDATION, rule_class=RuleClass.RESOURCE, dry_run=DryRun.UNKNOWN,
        outcome=codes(*_PARAM_ERRORS), violated=_io2_iops_beyond_non_nitro, tags=frozenset({UNDETERMINED}),
        reason="decided only where the World knows the type's hypervisor (DescribeInstanceTypes); the docs speak "
        "of performance, so a launch and a refusal are both recorded, never asserted",
    ),
    _rule(
        "R-BDM-29", (f"{EBS}.KmsKeyId", f"{EBS}.Encrypted"),
        "Ebs.KmsKeyId without Ebs.Encrypted -> InvalidParameterDependency",
        (("mined-parsec-12-kmskeyid-without-encrypted", "The parameter KmsKeyId requires the parameter Encrypted "
          "to be set."),
         ("CreateVolume KmsKeyId", "If KmsKeyId is specified, the encrypted state must be true."),
         ("ImportImage KmsKeyId", "If a KmsKeyId is specified, the Encrypted flag must also be set.")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterDependency"),
        violated=_kms_key_without_encrypted,
        reason="RunInstances' own EbsBlockDevice text does not say it (the quoted sentences are botocore's for "
        "CreateVolume, CopySnapshot and ImportImage); observed on RunInstances 2020 and 2021; KmsKeyId with "
        "Encrypted=false is not judged by this rule (no RunInstances request of that shape is recorded)",
        **_STATIC,
    ),
)
