"""Block device mutations: one new mapping on a free device (or the root mapping replaced) whose volume breaks
one rule, and keeps the others (IOPS per GiB, throughput per IOPS, the standby zone's region)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from strategies.limits import (
    IOPS_FORBIDDEN,
    IOPS_NON_NITRO_MAX,
    IOPS_PER_GIB_MAX,
    IOPS_RANGE,
    NON_BOOT_VOLUME_TYPES,
    THROUGHPUT_MIBS,
    THROUGHPUT_PER_IOPS_MAX,
    VIRTUAL_NAME_PATTERN,
    VOLUME_INIT_RATE_MIBS,
    VOLUME_SIZE_GIB,
    VOLUME_TYPES,
)
from strategies.mutations import MutationSpec, block_devices
from strategies.mutations._edit import root_device, zones_named
from strategies.world import World
from tests.support.mutation_draws import on_its_variant

SPECS = {spec.name: spec for spec in block_devices.MUTATIONS}
_INDEX = re.compile(r"BlockDeviceMappings\[(\d+)\]\.")


def _cases(name: str, examples: int = 15) -> tuple[World, list[tuple[dict[str, Any], dict[str, Any]]]]:
    """The world and, per example, the request and the mapping the mutation's path names."""
    world, found = on_its_variant(SPECS[name], examples)
    pairs = []
    for case in found:
        assert case.mutation is not None
        match = _INDEX.match(case.mutation.path)
        assert match is not None, case.mutation.path
        params = dict(case.params)
        pairs.append((params, params["BlockDeviceMappings"][int(match.group(1))]))
    return world, pairs


@pytest.mark.parametrize("spec", block_devices.MUTATIONS, ids=lambda s: s.name)
def test_a_new_mapping_takes_a_free_device_and_a_root_one_the_images_root(spec: MutationSpec) -> None:
    world, pairs = _cases(spec.name, 5)
    for params, mapping in pairs:
        names = [m["DeviceName"] for m in params["BlockDeviceMappings"]]
        if spec.name == "bdm-duplicate-device-name":
            assert names.count(mapping["DeviceName"]) == 2
            continue
        assert names.count(mapping["DeviceName"]) == 1
        is_root = mapping["DeviceName"] == root_device(params, world)
        assert is_root is (spec.name in ("bdm-size-below-root-snapshot", "bdm-root-st1-sc1",
                                         "bdm-init-rate-out-of-range")), mapping


def test_sizes() -> None:
    for _, mapping in _cases("bdm-no-size-no-snapshot")[1]:
        assert not {"VolumeSize", "SnapshotId"} & set(mapping["Ebs"])
    world, below = _cases("bdm-size-below-root-snapshot")
    for params, mapping in below:
        image = world.image(params["ImageId"])
        assert image is not None and mapping["Ebs"]["VolumeSize"] < image.root_snapshot_size
    for _, mapping in _cases("bdm-size-out-of-range")[1]:
        ebs = mapping["Ebs"]
        low, high = VOLUME_SIZE_GIB[ebs["VolumeType"]]
        assert not low <= ebs["VolumeSize"] <= high
        assert ("Iops" in ebs) is (ebs["VolumeType"] in ("io1", "io2"))


def test_iops() -> None:
    for _, mapping in _cases("bdm-io-without-iops")[1]:
        assert mapping["Ebs"]["VolumeType"] in ("io1", "io2") and "Iops" not in mapping["Ebs"]
    for _, mapping in _cases("bdm-iops-out-of-range")[1]:
        ebs = mapping["Ebs"]
        low, high = IOPS_RANGE[ebs["VolumeType"]]
        assert not low <= ebs["Iops"] <= high
        ratio = IOPS_PER_GIB_MAX[ebs["VolumeType"]]
        assert ebs["Iops"] <= ratio * ebs["VolumeSize"] or ebs["VolumeType"] == "gp3"  # R-BDM-7 kept
    for _, mapping in _cases("bdm-iops-on-type-without-iops")[1]:
        assert mapping["Ebs"]["VolumeType"] in IOPS_FORBIDDEN and "Iops" in mapping["Ebs"]
    for _, mapping in _cases("bdm-iops-per-gib-above-ratio")[1]:
        ebs = mapping["Ebs"]
        assert ebs["Iops"] > IOPS_PER_GIB_MAX[ebs["VolumeType"]] * ebs["VolumeSize"]
    world, nitro = _cases("bdm-io2-iops-beyond-non-nitro-type")
    for params, mapping in nitro:
        ebs = mapping["Ebs"]
        assert world.nitro_known_not(params["InstanceType"])
        assert ebs["VolumeType"] == "io2" and IOPS_NON_NITRO_MAX < ebs["Iops"] <= IOPS_RANGE["io2"][1]
        assert ebs["Iops"] <= IOPS_PER_GIB_MAX["io2"] * ebs["VolumeSize"]


def test_throughput() -> None:
    for _, mapping in _cases("bdm-throughput-not-gp3")[1]:
        assert mapping["Ebs"]["VolumeType"] != "gp3" and mapping["Ebs"]["Throughput"] == THROUGHPUT_MIBS[0]
    for _, mapping in _cases("bdm-throughput-out-of-range")[1]:
        ebs = mapping["Ebs"]
        assert not THROUGHPUT_MIBS[0] <= ebs["Throughput"] <= THROUGHPUT_MIBS[1]
        assert THROUGHPUT_MIBS[1] <= ebs["Iops"] * THROUGHPUT_PER_IOPS_MAX  # the per-IOPS ratio kept
    for _, mapping in _cases("bdm-throughput-above-iops-ratio")[1]:
        ebs = mapping["Ebs"]
        assert "Iops" not in ebs and ebs["Throughput"] > 3_000 * THROUGHPUT_PER_IOPS_MAX
        assert ebs["Throughput"] <= THROUGHPUT_MIBS[1]


def test_types_names_and_rates() -> None:
    for _, mapping in _cases("bdm-volume-type-unknown")[1]:
        assert mapping["Ebs"]["VolumeType"] not in VOLUME_TYPES
    for _, mapping in _cases("bdm-root-st1-sc1")[1]:
        assert mapping["Ebs"]["VolumeType"] in NON_BOOT_VOLUME_TYPES
    for _, mapping in _cases("bdm-init-rate-out-of-range")[1]:
        assert not VOLUME_INIT_RATE_MIBS[0] <= mapping["Ebs"]["VolumeInitializationRate"] <= VOLUME_INIT_RATE_MIBS[1]
    for _, mapping in _cases("bdm-init-rate-without-snapshot")[1]:
        assert "SnapshotId" not in mapping["Ebs"] and "VolumeInitializationRate" in mapping["Ebs"]
    for _, mapping in _cases("bdm-virtual-name-invalid")[1]:
        assert not VIRTUAL_NAME_PATTERN.fullmatch(mapping["VirtualName"])
    for _, mapping in _cases("bdm-device-name-invalid")[1]:
        name = mapping["DeviceName"]
        assert name[-1].isdigit() or name.startswith("/dev/hd")
    world, encrypted = _cases("bdm-encrypted-on-unencryptable-type")
    for params, mapping in encrypted:
        assert world.encryption_unsupported(params["InstanceType"]) and mapping["Ebs"]["Encrypted"] is True


def _standby(mapping: dict[str, Any]) -> list[dict[str, str]]:
    zones: list[dict[str, str]] = mapping["Ebs"]["MultiAvailabilityZoneConfiguration"].get(
        "StandbyAvailabilityZones", [])
    return zones


def test_standby_zones() -> None:
    for _, mapping in _cases("bdm-multi-az-without-standby-zone")[1]:
        assert _standby(mapping) == []
    world, no_type = _cases("bdm-multi-az-without-configuration-type")
    for params, mapping in no_type:
        assert "ConfigurationType" not in mapping["Ebs"]["MultiAvailabilityZoneConfiguration"]
        (zone,) = _standby(mapping)
        standby = world.zone(next(iter(zone.values())))
        assert standby is not None and standby.name not in zones_named(params, world)  # R-BDM-28 kept
    for _, mapping in _cases("bdm-multi-az-two-standby-zones")[1]:
        assert len(_standby(mapping)) == 2
    for _, mapping in _cases("bdm-multi-az-standby-name-and-id")[1]:
        (zone,) = _standby(mapping)
        assert set(zone) == {"AvailabilityZone", "AvailabilityZoneId"}
    world, other = _cases("bdm-multi-az-standby-zone-of-another-region")
    for _, mapping in other:
        (zone,) = _standby(mapping)
        assert not zone["AvailabilityZone"].startswith(world.region)
    world, own = _cases("bdm-multi-az-standby-is-the-instance-zone")
    for params, mapping in own:
        (zone,) = _standby(mapping)
        standby = world.zone(next(iter(zone.values())))
        assert standby is not None and standby.name in zones_named(params, world)
