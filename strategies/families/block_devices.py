"""BlockDeviceMappings.N (R-BDM-*): sizes, IOPS and throughput per volume type, built to fit together."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from strategies.families.context import Draft, flags, integers, pick
from strategies.families.generic import enum_of
from strategies.limits import (
    BLOCK_DEVICE_MAPPINGS_VALID_MAX,
    DEVICE_NAME_PREFIXES,
    EBS_CARD_INDEX_DEFAULT,
    GP3_BASELINE_IOPS,
    IOPS_NON_NITRO_MAX,
    IOPS_PER_GIB_MAX,
    IOPS_RANGE,
    IOPS_REQUIRED,
    NON_BOOT_VOLUME_TYPES,
    NON_ROOT_DEVICE_LETTERS,
    THROUGHPUT_MIBS,
    THROUGHPUT_PER_IOPS_MAX,
    THROUGHPUT_VOLUME_TYPES,
    VIRTUAL_NAME_INDEX_MAX,
    VOLUME_INIT_RATE_MIBS,
    VOLUME_SIZE_GIB,
    VOLUME_TYPES,
)

EBS = "BlockDeviceMappings[].Ebs"
PATHS = frozenset(
    {f"BlockDeviceMappings[].{member}" for member in ("DeviceName", "NoDevice", "VirtualName")}
    | {
        f"{EBS}.{member}"
        for member in (
            "DeleteOnTermination", "Iops", "SnapshotId", "VolumeSize", "VolumeType", "KmsKeyId", "Throughput",
            "OutpostArn", "AvailabilityZone", "Encrypted", "VolumeInitializationRate", "AvailabilityZoneId",
            "EbsCardIndex", "MultiAvailabilityZoneConfiguration.ConfigurationType",
            "MultiAvailabilityZoneConfiguration.StandbyAvailabilityZones[].AvailabilityZone",
            "MultiAvailabilityZoneConfiguration.StandbyAvailabilityZones[].AvailabilityZoneId",
        )
    }
)
MAZ = f"{EBS}.MultiAvailabilityZoneConfiguration"
# The volume type EC2 picks when a mapping names none (gp2 in the 2023 guide, gp3 today): stay valid for both.
_DEFAULT_TYPES = ("gp2", "gp3")
_DEFAULT_SIZE = (
    max(VOLUME_SIZE_GIB[t][0] for t in _DEFAULT_TYPES),
    min(VOLUME_SIZE_GIB[t][1] for t in _DEFAULT_TYPES),
)
_ROOT_TYPES = tuple(t for t in VOLUME_TYPES if t not in NON_BOOT_VOLUME_TYPES)  # R-BDM-10


def build(draw: st.DrawFn, draft: Draft) -> None:
    """R-BDM-18/19: unique device names, one naming scheme, the root only under the image's root name."""
    include, map_root, xvd = flags(draw, 3)
    if draft.root_must_be_encrypted:
        include = map_root = True
    if not include:
        return
    root = draft.image.root_device_name if draft.image else None
    scheme = DEVICE_NAME_PREFIXES[1] if (root or "").startswith(DEVICE_NAME_PREFIXES[1]) or xvd else (
        DEVICE_NAME_PREFIXES[0]
    )
    mappings: list[dict[str, Any]] = []
    if map_root and root and draft.image is not None:
        mappings.append({"DeviceName": root, "Ebs": _ebs(draw, draft, root=True)})
    count = draw(integers(max(1, len(mappings)), BLOCK_DEVICE_MAPPINGS_VALID_MAX)) - len(mappings)
    first = draw(integers(0, len(NON_ROOT_DEVICE_LETTERS) - 1))
    ephemeral = draw(integers(0, VIRTUAL_NAME_INDEX_MAX))
    for offset in range(count):
        letter = NON_ROOT_DEVICE_LETTERS[(first + offset) % len(NON_ROOT_DEVICE_LETTERS)]
        mapping: dict[str, Any] = {"DeviceName": scheme + letter}
        kind = pick(draw, ("ebs", "virtual", "none"))
        if kind == "virtual":  # R-BDM-16: distinct ephemeral[0-23] names
            mapping["VirtualName"] = f"ephemeral{(ephemeral + offset) % (VIRTUAL_NAME_INDEX_MAX + 1)}"
        elif kind == "none":  # R-BDM-17
            mapping["NoDevice"] = ""
        else:
            mapping["Ebs"] = _ebs(draw, draft, root=False)
        mappings.append(mapping)
    draft.params["BlockDeviceMappings"] = mappings


def _ebs(draw: st.DrawFn, draft: Draft, *, root: bool) -> dict[str, Any]:
    world = draft.world
    typed, from_snapshot, sized, iops, throughput, encrypted, delete, rate, outpost, card, zone, multi_az = flags(
        draw, 12
    )
    ebs: dict[str, Any] = {}
    snapshot = pick(draw, world.snapshot_ids) if from_snapshot and world.snapshot_ids and not root else None
    floor = draft.image.root_snapshot_size if root and draft.image else 1  # R-BDM-2
    if snapshot is not None:
        ebs["SnapshotId"] = snapshot
        known = world.snapshot_size(snapshot)
        typed = typed and known is not None  # an explicit type needs a size we can check
        sized = sized and known is not None
        floor = max(floor, known or 1)
    elif not root:
        sized = True  # R-BDM-1: a snapshot or a size (the root has the AMI's snapshot: its size may be left out)
    minimal = root and not typed and not sized  # as real scripts send it: {"Ebs": {"DeleteOnTermination": ..}}
    if typed:
        ebs.update(_typed_volume(draw, _ROOT_TYPES if root else VOLUME_TYPES, floor, iops, throughput))
    elif sized:
        ebs["VolumeSize"] = draw(integers(max(floor, _DEFAULT_SIZE[0]), _DEFAULT_SIZE[1]))
    encrypted = encrypted and not world.encryption_unsupported(draft.instance_type)  # R-BDM-12
    if encrypted or (root and draft.hibernates):  # R-HIB-2/5: a hibernating root is encrypted
        ebs["Encrypted"] = bool(encrypted and draw(st.booleans())) or (root and draft.hibernates)
        if ebs["Encrypted"] and world.kms_key_ids and flags(draw, 1)[0]:
            ebs["KmsKeyId"] = pick(draw, world.kms_key_ids)
    if delete or minimal:
        ebs["DeleteOnTermination"] = draw(st.booleans())
    if snapshot is not None and rate:  # R-BDM-15: only for volumes created from snapshots
        ebs["VolumeInitializationRate"] = draw(integers(*VOLUME_INIT_RATE_MIBS))
    if snapshot is not None and outpost and world.outpost_arns:
        ebs["OutpostArn"] = pick(draw, world.outpost_arns)
    if card:
        ebs["EbsCardIndex"] = EBS_CARD_INDEX_DEFAULT  # R-BDM-12
    if zone:
        ebs.update(_zone(draw, draft))
    if multi_az:
        ebs.update(_multi_az(draw, draft))
    return ebs


def _typed_volume(
    draw: st.DrawFn, types: tuple[str, ...], floor: int, with_iops: bool, with_throughput: bool
) -> dict[str, Any]:
    """R-BDM-3..8: size in the type's range, IOPS required/allowed/refused, IOPS per GiB, gp3 throughput."""
    volume_type = pick(draw, [t for t in types if VOLUME_SIZE_GIB[t][1] >= floor])
    low, high = VOLUME_SIZE_GIB[volume_type]
    volume: dict[str, Any] = {"VolumeType": volume_type}
    iops = None
    if volume_type in IOPS_REQUIRED or (with_iops and volume_type in IOPS_RANGE):
        iops_low, iops_high = IOPS_RANGE[volume_type]
        if volume_type in IOPS_REQUIRED:
            iops_high = min(iops_high, IOPS_NON_NITRO_MAX)
        ratio = IOPS_PER_GIB_MAX[volume_type]
        size = draw(integers(max(low, floor, math.ceil(iops_low / ratio)), high))
        iops = draw(integers(iops_low, min(iops_high, ratio * size)))
        volume["Iops"] = iops
    else:
        size = draw(integers(max(low, floor), high))
    volume["VolumeSize"] = size
    if with_throughput and volume_type in THROUGHPUT_VOLUME_TYPES:
        ceiling = min(THROUGHPUT_MIBS[1], int((iops or GP3_BASELINE_IOPS) * THROUGHPUT_PER_IOPS_MAX))
        volume["Throughput"] = draw(integers(THROUGHPUT_MIBS[0], ceiling))
    return volume


def _zone(draw: st.DrawFn, draft: Draft) -> dict[str, str]:
    """R-BDM-14 (unsettled): the instance's zone, by name or by id."""
    if not draft.allows(f"{EBS}.AvailabilityZone") or not draft.world.availability_zones:
        return {}
    zone = draft.zone or pick(draw, draft.world.availability_zones)
    return {"AvailabilityZoneId": zone.zone_id} if flags(draw, 1)[0] else {"AvailabilityZone": zone.name}


def _multi_az(draw: st.DrawFn, draft: Draft) -> dict[str, Any]:
    """R-BDM-24..28: the type and one standby zone, by name or by id: a World zone other than the instance's,
    only where the request decides the instance's zone."""
    if draft.zone is None or not draft.names_zone or not draft.allows(f"{MAZ}.ConfigurationType"):
        return {}
    others = [z for z in draft.world.availability_zones if z.name != draft.zone.name]
    if not others:
        return {}
    zone = pick(draw, others)
    standby = {"AvailabilityZoneId": zone.zone_id} if flags(draw, 1)[0] else {"AvailabilityZone": zone.name}
    kind = pick(draw, enum_of(f"{MAZ}.ConfigurationType"))
    return {"MultiAvailabilityZoneConfiguration": {"ConfigurationType": kind, "StandbyAvailabilityZones": [standby]}}
