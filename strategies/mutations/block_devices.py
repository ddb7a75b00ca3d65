"""Mutations that break the BlockDeviceMappings rules (R-BDM-*)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import (
    GP3_BASELINE_IOPS,
    IOPS_FORBIDDEN,
    IOPS_NON_NITRO_MAX,
    IOPS_PER_GIB_MAX,
    IOPS_RANGE,
    NON_BOOT_VOLUME_TYPES,
    THROUGHPUT_MIBS,
    THROUGHPUT_PER_IOPS_MAX,
    VOLUME_INIT_RATE_MIBS,
    VOLUME_SIZE_GIB,
)
from strategies.mutations import MutationSpec
from strategies.mutations._edit import (
    Params,
    add_mapping,
    case,
    free_device,
    pick_type,
    replace_root,
    retype,
    zones_named,
)
from strategies.mutations._reshape import instance_level
from strategies.world import AvailabilityZone, World

BDM = "BlockDeviceMappings"
MAZ = "Ebs.MultiAvailabilityZoneConfiguration"
STANDBY = f"{MAZ}.StandbyAvailabilityZones[]"
OTHER_REGIONS = ("eu-west-1", "ap-southeast-2", "us-west-2")


def _new_volume(
    params: Params, world: World, ebs: dict[str, Any], rule_id: str, leaf: str, name: str
) -> Case:
    index = add_mapping(params, {"DeviceName": free_device(params, world), "Ebs": ebs})
    return case(params, rule_id, f"{BDM}[{index}].{leaf}", name)


def _root_volume(
    params: Params, world: World, ebs: dict[str, Any], rule_id: str, leaf: str, name: str
) -> Case:
    replace_root(params, world, ebs)
    return case(params, rule_id, f"{BDM}[{len(params[BDM]) - 1}].{leaf}", name)


def _size_for(kind: str, iops: int) -> int:
    """The smallest size of `kind` whose IOPS-per-GiB ratio admits `iops` (R-BDM-7 kept intact)."""
    ratio = IOPS_PER_GIB_MAX.get(kind)
    needed = 1 if ratio is None or (kind == "gp3" and iops <= GP3_BASELINE_IOPS) else math.ceil(iops / ratio)
    return max(VOLUME_SIZE_GIB[kind][0], needed)


def _valid_iops(kind: str) -> dict[str, int]:
    return {"Iops": IOPS_RANGE[kind][0]} if kind in ("io1", "io2") else {}


def _non_nitro_types(world: World) -> list[str]:
    return [t for t in world.instance_types if world.nitro_known_not(t)]


def _unencryptable_types(world: World) -> list[str]:
    return [t for t in world.instance_types if world.encryption_unsupported(t)]


def io2_beyond_non_nitro(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-BDM-23: io2 IOPS within its range but above 32,000, on a type the World knows is not Nitro."""
    retype(params, draw(st.sampled_from(_non_nitro_types(world))), world)
    iops = draw(st.integers(IOPS_NON_NITRO_MAX + 1, IOPS_NON_NITRO_MAX * 2))
    ebs = {"VolumeType": "io2", "Iops": iops, "VolumeSize": _size_for("io2", iops)}
    return _new_volume(params, world, ebs, "R-BDM-23", "Ebs.Iops", "bdm-io2-iops-beyond-non-nitro-type")


def encrypted_on_unencryptable_type(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-BDM-12: an encrypted new volume for a type the World knows has no EBS encryption."""
    retype(params, draw(st.sampled_from(_unencryptable_types(world))), world)
    ebs = {"VolumeType": "gp3", "VolumeSize": 8, "Encrypted": True}
    return _new_volume(params, world, ebs, "R-BDM-12", "Ebs.Encrypted", "bdm-encrypted-on-unencryptable-type")


def _encryptable_type(world: World) -> str | None:
    return pick_type(world, lambda t: not world.encryption_unsupported(t))


def _has_encryptable_type(world: World) -> bool:
    return _encryptable_type(world) is not None


def kms_key_without_encrypted(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-BDM-29: a new volume with a KmsKeyId and no Encrypted, on a type that can attach encrypted volumes."""
    encryptable = _encryptable_type(world)
    if world.encryption_unsupported(params.get("InstanceType")) and encryptable is not None:
        retype(params, encryptable, world)
    key = draw(st.sampled_from(world.kms_key_ids or ("alias/aws/ebs",)))
    ebs = {"VolumeType": "gp3", "VolumeSize": 8, "KmsKeyId": key}
    return _new_volume(params, world, ebs, "R-BDM-29", "Ebs.KmsKeyId", "bdm-kms-key-without-encrypted")


def no_size_no_snapshot(draw: st.DrawFn, params: Params, world: World) -> Case:
    ebs = {"VolumeType": draw(st.sampled_from(["gp3", "gp2", "standard"]))}
    return _new_volume(params, world, ebs, "R-BDM-1", "Ebs.VolumeSize", "bdm-no-size-no-snapshot")


def _root_snapshot(params: Params, world: World) -> int:
    image = world.image(str(params.get("ImageId"))) or world.images[0]
    return image.root_snapshot_size


def size_below_snapshot(draw: st.DrawFn, params: Params, world: World) -> Case:
    params["ImageId"] = draw(st.sampled_from([i.image_id for i in world.images if i.root_snapshot_size > 1]))
    size = draw(st.integers(1, _root_snapshot(params, world) - 1))
    ebs = {"VolumeSize": size, "VolumeType": "gp3"}
    return _root_volume(params, world, ebs, "R-BDM-2", "Ebs.VolumeSize", "bdm-size-below-root-snapshot")


def size_out_of_range(draw: st.DrawFn, params: Params, world: World) -> Case:
    kind = draw(st.sampled_from(sorted(VOLUME_SIZE_GIB)))
    low, high = VOLUME_SIZE_GIB[kind]
    size = draw(st.sampled_from([low - 1, high + 1]))
    ebs: dict[str, Any] = {"VolumeType": kind, "VolumeSize": size, **_valid_iops(kind)}
    return _new_volume(params, world, ebs, "R-BDM-3", "Ebs.VolumeSize", "bdm-size-out-of-range")


def iops_missing(draw: st.DrawFn, params: Params, world: World) -> Case:
    ebs = {"VolumeType": draw(st.sampled_from(["io1", "io2"])), "VolumeSize": 100}
    return _new_volume(params, world, ebs, "R-BDM-4", "Ebs.Iops", "bdm-io-without-iops")


def iops_out_of_range(draw: st.DrawFn, params: Params, world: World) -> Case:
    kind = draw(st.sampled_from(sorted(IOPS_RANGE)))
    low, high = IOPS_RANGE[kind]
    iops = draw(st.sampled_from([low - 1, high + 1]))
    ebs = {"VolumeType": kind, "VolumeSize": _size_for(kind, iops), "Iops": iops}
    return _new_volume(params, world, ebs, "R-BDM-5", "Ebs.Iops", "bdm-iops-out-of-range")


def iops_forbidden(draw: st.DrawFn, params: Params, world: World) -> Case:
    kind = draw(st.sampled_from(sorted(IOPS_FORBIDDEN)))
    ebs = {"VolumeType": kind, "VolumeSize": VOLUME_SIZE_GIB[kind][0], "Iops": GP3_BASELINE_IOPS}
    return _new_volume(params, world, ebs, "R-BDM-6", "Ebs.Iops", "bdm-iops-on-type-without-iops")


def iops_ratio(draw: st.DrawFn, params: Params, world: World) -> Case:
    kind = draw(st.sampled_from(sorted(IOPS_PER_GIB_MAX)))
    size = 10
    iops = max(IOPS_PER_GIB_MAX[kind] * size + 1, GP3_BASELINE_IOPS + 1 if kind == "gp3" else 0)
    ebs = {"VolumeType": kind, "VolumeSize": size, "Iops": iops}
    return _new_volume(params, world, ebs, "R-BDM-7", "Ebs.Iops", "bdm-iops-per-gib-above-ratio")


def throughput_not_gp3(draw: st.DrawFn, params: Params, world: World) -> Case:
    kind = draw(st.sampled_from(["io1", "io2", "gp2", "st1", "standard"]))
    ebs: dict[str, Any] = {"VolumeType": kind, "VolumeSize": max(100, VOLUME_SIZE_GIB[kind][0])}
    ebs |= {"Iops": 1_000} if kind in ("io1", "io2") else {}
    ebs["Throughput"] = THROUGHPUT_MIBS[0]
    return _new_volume(params, world, ebs, "R-BDM-8", "Ebs.Throughput", "bdm-throughput-not-gp3")


def throughput_out_of_range(draw: st.DrawFn, params: Params, world: World) -> Case:
    throughput = draw(st.sampled_from([THROUGHPUT_MIBS[0] - 1, THROUGHPUT_MIBS[1] + 1]))
    iops = math.ceil(THROUGHPUT_MIBS[1] / THROUGHPUT_PER_IOPS_MAX)  # keeps the per-IOPS ratio
    ebs = {"VolumeType": "gp3", "VolumeSize": _size_for("gp3", iops), "Iops": iops, "Throughput": throughput}
    return _new_volume(params, world, ebs, "R-BDM-8", "Ebs.Throughput", "bdm-throughput-out-of-range")


def throughput_above_iops(draw: st.DrawFn, params: Params, world: World) -> Case:
    throughput = int(GP3_BASELINE_IOPS * THROUGHPUT_PER_IOPS_MAX) + draw(st.integers(1, 100))
    ebs = {"VolumeType": "gp3", "VolumeSize": 100, "Throughput": throughput}
    return _new_volume(params, world, ebs, "R-BDM-8", "Ebs.Throughput", "bdm-throughput-above-iops-ratio")


def volume_type_unknown(draw: st.DrawFn, params: Params, world: World) -> Case:
    ebs = {"VolumeType": draw(st.sampled_from(["gp4", "io3", "GP3", "ssd"])), "VolumeSize": 10}
    return _new_volume(params, world, ebs, "R-BDM-9", "Ebs.VolumeType", "bdm-volume-type-unknown")


def root_not_bootable(draw: st.DrawFn, params: Params, world: World) -> Case:
    kind = draw(st.sampled_from(sorted(NON_BOOT_VOLUME_TYPES)))
    ebs = {"VolumeType": kind, "VolumeSize": max(VOLUME_SIZE_GIB[kind][0], _root_snapshot(params, world))}
    return _root_volume(params, world, ebs, "R-BDM-10", "Ebs.VolumeType", "bdm-root-st1-sc1")


def init_rate_out_of_range(draw: st.DrawFn, params: Params, world: World) -> Case:
    rate = draw(st.sampled_from([VOLUME_INIT_RATE_MIBS[0] - 1, VOLUME_INIT_RATE_MIBS[1] + 1]))
    ebs = {"VolumeInitializationRate": rate}
    return _root_volume(
        params, world, ebs, "R-BDM-15", "Ebs.VolumeInitializationRate", "bdm-init-rate-out-of-range"
    )


def init_rate_without_snapshot(draw: st.DrawFn, params: Params, world: World) -> Case:
    ebs = {"VolumeType": "gp3", "VolumeSize": 10, "VolumeInitializationRate": VOLUME_INIT_RATE_MIBS[0]}
    return _new_volume(
        params, world, ebs, "R-BDM-15", "Ebs.VolumeInitializationRate", "bdm-init-rate-without-snapshot"
    )


def virtual_name_invalid(draw: st.DrawFn, params: Params, world: World) -> Case:
    name = draw(st.sampled_from(["ephemeral24", "ephemeral-1", "instance-store0", "Ephemeral0"]))
    index = add_mapping(params, {"DeviceName": free_device(params, world), "VirtualName": name})
    return case(params, "R-BDM-16", f"{BDM}[{index}].VirtualName", "bdm-virtual-name-invalid")


def duplicate_device(draw: st.DrawFn, params: Params, world: World) -> Case:
    device = free_device(params, world, draw(st.integers(0, 5)))
    for _ in range(2):
        index = add_mapping(params, {"DeviceName": device, "Ebs": {"VolumeSize": 10, "VolumeType": "gp3"}})
    return case(params, "R-BDM-18", f"{BDM}[{index}].DeviceName", "bdm-duplicate-device-name")


def device_name_invalid(draw: st.DrawFn, params: Params, world: World) -> Case:
    base = free_device(params, world)
    name = draw(st.sampled_from([f"{base}1", f"{base}2", f"/dev/hd{base[-1]}"]))
    index = add_mapping(params, {"DeviceName": name, "Ebs": {"VolumeSize": 10, "VolumeType": "gp3"}})
    return case(params, "R-BDM-19", f"{BDM}[{index}].DeviceName", "bdm-device-name-invalid")


def _instance_zone(params: Params, world: World) -> AvailabilityZone:
    """The instance's zone, placing it in a known subnet when the request leaves the zone to EC2."""
    placed = sorted(zones_named(params, world))
    zone = world.zone(placed[0] if placed else instance_level(params, world).availability_zone)
    assert zone is not None
    return zone


def _standby(draw: st.DrawFn, zone: AvailabilityZone) -> dict[str, str]:
    return {"AvailabilityZoneId": zone.zone_id} if draw(st.booleans()) else {"AvailabilityZone": zone.name}


def _multi_az_volume(params: Params, world: World, config: dict[str, Any], rule_id: str, leaf: str,
                     name: str) -> Case:
    ebs = {"VolumeType": "gp3", "VolumeSize": 8, "MultiAvailabilityZoneConfiguration": config}
    return _new_volume(params, world, ebs, rule_id, leaf, name)


def _second_zone(params: Params, world: World) -> AvailabilityZone:
    """A World zone other than the instance's (R-BDM-28 kept)."""
    own = _instance_zone(params, world)
    return next(z for z in world.availability_zones if z.name != own.name)


def multi_az_without_standby(draw: st.DrawFn, params: Params, world: World) -> Case:
    return _multi_az_volume(params, world, {"ConfigurationType": "multi-az-1"}, "R-BDM-24",
                            f"{STANDBY}.AvailabilityZone", "bdm-multi-az-without-standby-zone")


def multi_az_without_type(draw: st.DrawFn, params: Params, world: World) -> Case:
    config = {"StandbyAvailabilityZones": [_standby(draw, _second_zone(params, world))]}
    return _multi_az_volume(params, world, config, "R-BDM-24", f"{MAZ}.ConfigurationType",
                            "bdm-multi-az-without-configuration-type")


def multi_az_two_standby_zones(draw: st.DrawFn, params: Params, world: World) -> Case:
    zone = _second_zone(params, world)
    standby = [{"AvailabilityZone": zone.name}, {"AvailabilityZoneId": zone.zone_id}]
    config = {"ConfigurationType": "multi-az-1", "StandbyAvailabilityZones": standby}
    return _multi_az_volume(params, world, config, "R-BDM-25", f"{STANDBY}.AvailabilityZoneId",
                            "bdm-multi-az-two-standby-zones")


def multi_az_name_and_id(draw: st.DrawFn, params: Params, world: World) -> Case:
    zone = _second_zone(params, world)
    standby = [{"AvailabilityZone": zone.name, "AvailabilityZoneId": zone.zone_id}]
    config = {"ConfigurationType": "multi-az-1", "StandbyAvailabilityZones": standby}
    return _multi_az_volume(params, world, config, "R-BDM-26", f"{STANDBY}.AvailabilityZoneId",
                            "bdm-multi-az-standby-name-and-id")


def multi_az_other_region(draw: st.DrawFn, params: Params, world: World) -> Case:
    region = draw(st.sampled_from([r for r in OTHER_REGIONS if r != world.region]))
    standby = [{"AvailabilityZone": f"{region}{draw(st.sampled_from('abc'))}"}]
    config = {"ConfigurationType": "multi-az-1", "StandbyAvailabilityZones": standby}
    return _multi_az_volume(params, world, config, "R-BDM-27", f"{STANDBY}.AvailabilityZone",
                            "bdm-multi-az-standby-zone-of-another-region")


def multi_az_instance_zone(draw: st.DrawFn, params: Params, world: World) -> Case:
    standby = [_standby(draw, _instance_zone(params, world))]
    config = {"ConfigurationType": "multi-az-1", "StandbyAvailabilityZones": standby}
    return _multi_az_volume(params, world, config, "R-BDM-28", f"{STANDBY}.AvailabilityZone",
                            "bdm-multi-az-standby-is-the-instance-zone")


def _two_zones(world: World) -> bool:
    return len(world.availability_zones) >= 2


def _known_root_snapshot(world: World) -> bool:
    return any(i.root_snapshot_size > 1 for i in world.images)


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("bdm-no-size-no-snapshot", "R-BDM-1", f"{BDM}[].Ebs.VolumeSize", no_size_no_snapshot),
    MutationSpec("bdm-kms-key-without-encrypted", "R-BDM-29", f"{BDM}[].Ebs.KmsKeyId", kms_key_without_encrypted,
                 applicable=_has_encryptable_type),
    MutationSpec("bdm-size-below-root-snapshot", "R-BDM-2", f"{BDM}[].Ebs.VolumeSize", size_below_snapshot,
                 applicable=_known_root_snapshot),
    MutationSpec("bdm-size-out-of-range", "R-BDM-3", f"{BDM}[].Ebs.VolumeSize", size_out_of_range),
    MutationSpec("bdm-io-without-iops", "R-BDM-4", f"{BDM}[].Ebs.Iops", iops_missing),
    MutationSpec("bdm-iops-out-of-range", "R-BDM-5", f"{BDM}[].Ebs.Iops", iops_out_of_range),
    MutationSpec("bdm-iops-on-type-without-iops", "R-BDM-6", f"{BDM}[].Ebs.Iops", iops_forbidden),
    MutationSpec("bdm-iops-per-gib-above-ratio", "R-BDM-7", f"{BDM}[].Ebs.Iops", iops_ratio),
    MutationSpec("bdm-throughput-not-gp3", "R-BDM-8", f"{BDM}[].Ebs.Throughput", throughput_not_gp3),
    MutationSpec("bdm-throughput-out-of-range", "R-BDM-8", f"{BDM}[].Ebs.Throughput",
                 throughput_out_of_range),
    MutationSpec("bdm-throughput-above-iops-ratio", "R-BDM-8", f"{BDM}[].Ebs.Throughput",
                 throughput_above_iops),
    MutationSpec("bdm-volume-type-unknown", "R-BDM-9", f"{BDM}[].Ebs.VolumeType", volume_type_unknown),
    MutationSpec("bdm-root-st1-sc1", "R-BDM-10", f"{BDM}[].Ebs.VolumeType", root_not_bootable),
    MutationSpec("bdm-init-rate-out-of-range", "R-BDM-15", f"{BDM}[].Ebs.VolumeInitializationRate",
                 init_rate_out_of_range),
    MutationSpec("bdm-init-rate-without-snapshot", "R-BDM-15", f"{BDM}[].Ebs.VolumeInitializationRate",
                 init_rate_without_snapshot),
    MutationSpec("bdm-virtual-name-invalid", "R-BDM-16", f"{BDM}[].VirtualName", virtual_name_invalid),
    MutationSpec("bdm-duplicate-device-name", "R-BDM-18", f"{BDM}[].DeviceName", duplicate_device),
    MutationSpec("bdm-device-name-invalid", "R-BDM-19", f"{BDM}[].DeviceName", device_name_invalid),
    MutationSpec("bdm-io2-iops-beyond-non-nitro-type", "R-BDM-23", f"{BDM}[].Ebs.Iops", io2_beyond_non_nitro,
                 applicable=lambda w: bool(_non_nitro_types(w))),
    MutationSpec("bdm-encrypted-on-unencryptable-type", "R-BDM-12", f"{BDM}[].Ebs.Encrypted",
                 encrypted_on_unencryptable_type, applicable=lambda w: bool(_unencryptable_types(w))),
    MutationSpec("bdm-multi-az-without-standby-zone", "R-BDM-24", f"{BDM}[].{STANDBY}.AvailabilityZone",
                 multi_az_without_standby),
    MutationSpec("bdm-multi-az-without-configuration-type", "R-BDM-24", f"{BDM}[].{MAZ}.ConfigurationType",
                 multi_az_without_type, applicable=_two_zones),
    MutationSpec("bdm-multi-az-two-standby-zones", "R-BDM-25", f"{BDM}[].{STANDBY}.AvailabilityZoneId",
                 multi_az_two_standby_zones, applicable=_two_zones),
    MutationSpec("bdm-multi-az-standby-name-and-id", "R-BDM-26", f"{BDM}[].{STANDBY}.AvailabilityZoneId",
                 multi_az_name_and_id, applicable=_two_zones),
    MutationSpec("bdm-multi-az-standby-zone-of-another-region", "R-BDM-27", f"{BDM}[].{STANDBY}.AvailabilityZone",
                 multi_az_other_region),
    MutationSpec("bdm-multi-az-standby-is-the-instance-zone", "R-BDM-28", f"{BDM}[].{STANDBY}.AvailabilityZone",
                 multi_az_instance_zone, applicable=lambda w: bool(w.availability_zones)),
)
