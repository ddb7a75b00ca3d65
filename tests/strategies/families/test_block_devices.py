"""BlockDeviceMappings.N: unique device names in one scheme, the root under the image's root name, and volumes
whose size, IOPS and throughput fit their type and snapshot."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from hypothesis import strategies as st

from strategies.families import block_devices
from strategies.families.context import Draft, Plan
from strategies.limits import (
    BLOCK_DEVICE_MAPPINGS_VALID_MAX,
    IOPS_FORBIDDEN,
    IOPS_PER_GIB_MAX,
    IOPS_RANGE,
    IOPS_REQUIRED,
    NON_BOOT_VOLUME_TYPES,
    THROUGHPUT_MIBS,
    VIRTUAL_NAME_PATTERN,
    VOLUME_INIT_RATE_MIBS,
    VOLUME_SIZE_GIB,
)
from strategies.sampling import run_draws
from strategies.world import Image, World, example_world

WORLD = example_world()
SDA_IMAGE = Image("ami-0aaaaaaaaaaaaaaaa", root_device_name="/dev/sda1", root_snapshot_size=20)


def _mappings(world: World = WORLD, image: Image | None = WORLD.images[1], examples: int = 200,
              **decisions: Any) -> list[tuple[Draft, list[dict[str, Any]]]]:
    found: list[tuple[Draft, list[dict[str, Any]]]] = []

    def body(data: st.DataObject) -> None:
        draft = dataclasses.replace(Draft(Plan(world, frozenset())), image=image, instance_type="m5.large",
                                    **decisions)
        block_devices.build(cast(st.DrawFn, data.draw), draft)
        found.append((draft, draft.params.get("BlockDeviceMappings", [])))

    run_draws(examples, body)
    return found


def test_device_names_are_unique_in_one_scheme_with_the_root_under_its_name() -> None:
    roots = 0
    for image in (WORLD.images[1], SDA_IMAGE):
        for _, mappings in _mappings(image=image, examples=100):
            assert len(mappings) <= BLOCK_DEVICE_MAPPINGS_VALID_MAX
            names = [m["DeviceName"] for m in mappings]
            assert len(names) == len(set(names))
            non_root = [n for n in names if n != image.root_device_name]
            assert len({"/dev/xvd" if n.startswith("/dev/xvd") else "/dev/sd" for n in non_root}) <= 1
            if image.root_device_name.startswith("/dev/xvd"):
                assert all(n.startswith("/dev/xvd") for n in names)
            roots += image.root_device_name in names
            for mapping in mappings:
                assert len({"Ebs", "VirtualName", "NoDevice"} & set(mapping)) == 1
                if "VirtualName" in mapping:
                    assert VIRTUAL_NAME_PATTERN.fullmatch(mapping["VirtualName"])
    assert roots


def _volumes(found: list[tuple[Draft, list[dict[str, Any]]]]) -> list[tuple[bool, dict[str, Any]]]:
    return [(m["DeviceName"] == d.image.root_device_name if d.image else False, m["Ebs"])
            for d, mappings in found for m in mappings if "Ebs" in m]


def test_volumes_fit_their_type() -> None:
    types = set()
    for is_root, ebs in _volumes(_mappings()):
        volume_type = ebs.get("VolumeType")
        if volume_type is None:
            assert "Iops" not in ebs and "Throughput" not in ebs
            continue
        types.add(volume_type)
        low, high = VOLUME_SIZE_GIB[volume_type]
        assert low <= ebs["VolumeSize"] <= high
        if is_root:
            assert volume_type not in NON_BOOT_VOLUME_TYPES
            assert ebs["VolumeSize"] >= WORLD.images[1].root_snapshot_size
        if volume_type in IOPS_REQUIRED:
            assert "Iops" in ebs
        if volume_type in IOPS_FORBIDDEN:
            assert "Iops" not in ebs
        if "Iops" in ebs:
            iops_low, iops_high = IOPS_RANGE[volume_type]
            assert iops_low <= ebs["Iops"] <= min(iops_high, IOPS_PER_GIB_MAX[volume_type] * ebs["VolumeSize"])
        if "Throughput" in ebs:
            assert volume_type == "gp3" and THROUGHPUT_MIBS[0] <= ebs["Throughput"] <= THROUGHPUT_MIBS[1]
    assert {"gp3", "io1"} <= types


def test_a_non_root_volume_has_a_snapshot_or_a_size_and_snapshot_only_members() -> None:
    snapshots = 0
    for is_root, ebs in _volumes(_mappings()):
        if not is_root:
            assert "SnapshotId" in ebs or "VolumeSize" in ebs
        if "SnapshotId" in ebs:
            snapshots += 1
            assert ebs["SnapshotId"] in WORLD.snapshot_ids
            known = WORLD.snapshot_size(ebs["SnapshotId"])
            assert known is not None and ebs.get("VolumeSize", known) >= known
        else:
            assert "VolumeInitializationRate" not in ebs and "OutpostArn" not in ebs
        if "VolumeInitializationRate" in ebs:
            assert VOLUME_INIT_RATE_MIBS[0] <= ebs["VolumeInitializationRate"] <= VOLUME_INIT_RATE_MIBS[1]
        if "KmsKeyId" in ebs:
            assert ebs["Encrypted"] is True and ebs["KmsKeyId"] in WORLD.kms_key_ids
    assert snapshots


def test_a_hibernating_instance_with_an_unencrypted_root_maps_it_encrypted() -> None:
    unencrypted = dataclasses.replace(WORLD, ebs_encryption_by_default=False)
    for draft, mappings in _mappings(unencrypted, hibernation=True, examples=60):
        assert draft.root_must_be_encrypted
        root = [m for m in mappings if m["DeviceName"] == WORLD.images[1].root_device_name]
        assert len(root) == 1 and root[0]["Ebs"]["Encrypted"] is True


def test_no_encryption_where_the_type_cannot_attach_encrypted_volumes() -> None:
    facts = tuple(dataclasses.replace(t, ebs_encryption="unsupported") for t in WORLD.instance_type_facts)
    world = dataclasses.replace(WORLD, instance_type_facts=facts)
    for _, ebs in _volumes(_mappings(world, examples=100)):
        assert not ebs.get("Encrypted", False)


def test_a_standby_zone_only_where_the_request_names_the_instances_zone() -> None:
    assert not [e for _, e in _volumes(_mappings(examples=100)) if "MultiAvailabilityZoneConfiguration" in e]
    zone = WORLD.availability_zones[0]
    named = _mappings(zone=zone, params={"Placement": {"AvailabilityZone": zone.name}}, examples=150)
    standby = [e["MultiAvailabilityZoneConfiguration"] for _, e in _volumes(named)
               if "MultiAvailabilityZoneConfiguration" in e]
    assert standby
    for spec in standby:
        (other,) = spec["StandbyAvailabilityZones"]
        assert zone.name not in other.values() and zone.zone_id not in other.values()
