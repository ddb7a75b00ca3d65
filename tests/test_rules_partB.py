"""Rule catalogue part B: block devices, user data, tags, placement, compute, metadata, market, misc."""

from __future__ import annotations

import base64
import copy
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.findings import Expect
from conformance.oracle import expect
from conformance.rules import RULES, Kind, rule, unsettled_members
from conformance.rules.core import Launch
from strategies.case import Case, WireEdit
from strategies.limits import (
    HOP_LIMIT,
    TAG_KEY_MAX_BC,
    TAG_VALUE_MAX,
    TAGS_PER_RESOURCE_MAX,
    USER_DATA_MAX_BYTES,
)
from strategies.model import leaf_paths
from strategies.mutations import MUTATIONS, MutationSpec
from strategies.world import example_world
from tests.support.world_variants import UNENCRYPTED, WITH_LIMITED_TYPES, WITH_UNENCRYPTABLE_TYPE

WORLD = example_world()
IMAGE = WORLD.images[0]
LICENSE = WORLD.license_configuration_arns[0]
SECTIONS: dict[str, tuple[str, ...]] = {
    "block_devices": tuple(f"R-BDM-{i}" for i in range(1, 29)),
    "user_data": ("R-UD-1", "R-UD-2", "R-UD-3"),
    "tags": tuple(f"R-TAG-{i}" for i in range(1, 14)),
    "placement": tuple(f"R-PLC-{i}" for i in range(1, 11)),
    "compute": (
        *(f"R-CPU-{i}" for i in range(1, 5)),
        *(f"R-CREDIT-{i}" for i in range(1, 5)),
        *(f"R-HIB-{i}" for i in range(1, 7)),
    ),
    "metadata": tuple(f"R-MD-{i}" for i in range(1, 6)),
    "market": (*(f"R-MKT-{i}" for i in range(1, 9)), "R-CR-1", "R-CR-2"),
    "misc": (
        "R-MON-1", "R-MON-2", "R-SHUT-1", "R-TERM-1", "R-EBSO-1", "R-IAM-1", "R-KEY-1", "R-EGPU-1", "R-EIA-1",
        "R-LIC-1", "R-LIC-2", "R-NPO-1", "R-MAINT-1", "R-OPR-1", "R-ADD-1", "R-ENUM-1",
    ),
}
PART_B = frozenset(i for ids in SECTIONS.values() for i in ids)
Edit = Callable[[dict[str, Any]], None]


def base() -> dict[str, Any]:
    return {
        "ImageId": IMAGE.image_id,
        "MinCount": 1,
        "MaxCount": 1,
        "InstanceType": "t3.micro",
        "SubnetId": WORLD.subnets[0].subnet_id,
    }


def edited(edit: Edit) -> Case:
    params = base()
    edit(params)
    return Case(params=params)


def volume(device: str = "/dev/sdf", **ebs: Any) -> Edit:
    return lambda p: p.setdefault("BlockDeviceMappings", []).append({"DeviceName": device, "Ebs": ebs})


def mapping(**fields: Any) -> Edit:
    return lambda p: p.setdefault("BlockDeviceMappings", []).append(fields)


def member(path: str, value: Any) -> Edit:
    def edit(params: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = params
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value

    return edit


def tags(*pairs: tuple[str, str], resource_type: str | None = "instance", **extra: Any) -> Edit:
    spec: dict[str, Any] = {"Tags": [{"Key": k, "Value": v} for k, v in pairs], **extra}
    if resource_type is not None:
        spec["ResourceType"] = resource_type
    return lambda p: p.setdefault("TagSpecifications", []).append(spec)


def both(*edits: Edit) -> Edit:
    def edit(params: dict[str, Any]) -> None:
        for one in edits:
            one(params)

    return edit


ROOT = IMAGE.root_device_name
ZONE_A, ZONE_B = WORLD.availability_zones  # base() places the instance in zone a (its subnet's)
SECOND_ZONE = {"AvailabilityZone": ZONE_B.name}


def multi_az(*standby: dict[str, str], kind: str | None = "multi-az-1") -> Edit:
    """A new volume with a MultiAvailabilityZoneConfiguration (no StandbyAvailabilityZones when none given)."""
    config: dict[str, Any] = {"ConfigurationType": kind} if kind else {}
    config |= {"StandbyAvailabilityZones": list(standby)} if standby else {}
    return volume(VolumeType="gp3", VolumeSize=8, MultiAvailabilityZoneConfiguration=config)


CR_ID = "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId"
# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
    ("R-BDM-1", volume(VolumeType="gp3"), volume(ROOT, VolumeType="gp3")),
    ("R-BDM-2", volume(ROOT, VolumeSize=IMAGE.root_snapshot_size - 1),
     volume(ROOT, VolumeSize=IMAGE.root_snapshot_size)),
    ("R-BDM-3", volume(VolumeType="gp2", VolumeSize=16_385), volume(VolumeType="gp2", VolumeSize=16_384)),
    ("R-BDM-3", volume(VolumeType="st1", VolumeSize=124), volume(VolumeType="st1", VolumeSize=125)),
    ("R-BDM-3", volume(VolumeSize=16_385), volume(VolumeSize=16_384)),  # gp2 by default
    ("R-BDM-4", volume(VolumeType="io2", VolumeSize=100), volume(VolumeType="io2", VolumeSize=100, Iops=100)),
    ("R-BDM-5", volume(VolumeType="gp3", VolumeSize=200, Iops=80_001),
     volume(VolumeType="gp3", VolumeSize=200, Iops=80_000)),
    ("R-BDM-5", volume(VolumeType="io1", VolumeSize=4, Iops=99),
     volume(VolumeType="io1", VolumeSize=4, Iops=100)),
    ("R-BDM-6", volume(VolumeType="gp2", VolumeSize=10, Iops=300), volume(VolumeType="gp2", VolumeSize=10)),
    ("R-BDM-6", volume(VolumeSize=10, Iops=300), volume(VolumeType="gp3", VolumeSize=10, Iops=3_000)),
    ("R-BDM-7", volume(VolumeType="io1", VolumeSize=10, Iops=501),
     volume(VolumeType="io1", VolumeSize=10, Iops=500)),
    ("R-BDM-7", volume(VolumeType="gp3", VolumeSize=7, Iops=3_501),
     volume(VolumeType="gp3", VolumeSize=1, Iops=3_000)),
    ("R-BDM-8", volume(VolumeType="io1", VolumeSize=100, Iops=1_000, Throughput=125),
     volume(VolumeType="gp3", VolumeSize=100, Throughput=125)),
    ("R-BDM-8", volume(VolumeType="gp3", VolumeSize=100, Iops=16_000, Throughput=2_001),
     volume(VolumeType="gp3", VolumeSize=100, Iops=16_000, Throughput=2_000)),
    ("R-BDM-8", volume(VolumeType="gp3", VolumeSize=100, Throughput=751),
     volume(VolumeType="gp3", VolumeSize=100, Throughput=750)),
    ("R-BDM-9", volume(VolumeType="gp4", VolumeSize=10), volume(VolumeType="io2", VolumeSize=10, Iops=100)),
    ("R-BDM-10", volume(ROOT, VolumeType="st1", VolumeSize=500), volume(VolumeType="st1", VolumeSize=500)),
    ("R-BDM-15", volume(ROOT, VolumeInitializationRate=301), volume(ROOT, VolumeInitializationRate=300)),
    ("R-BDM-15", volume(VolumeSize=10, VolumeInitializationRate=200),
     volume(SnapshotId=WORLD.snapshot_ids[0], VolumeInitializationRate=200)),
    ("R-BDM-16", mapping(DeviceName="/dev/sdf", VirtualName="ephemeral24"),
     mapping(DeviceName="/dev/sdf", VirtualName="ephemeral23")),
    ("R-BDM-18", both(volume(VolumeSize=1), volume(VolumeSize=2)),
     both(volume(VolumeSize=1), volume("/dev/sdg", VolumeSize=2))),
    ("R-BDM-19", volume("/dev/sdf1", VolumeSize=1), volume("/dev/xvdba", VolumeSize=1)),
    ("R-BDM-24", multi_az(), multi_az(SECOND_ZONE)),
    ("R-BDM-24", multi_az(SECOND_ZONE, kind=None), multi_az({"AvailabilityZoneId": ZONE_B.zone_id})),
    ("R-BDM-25", multi_az(SECOND_ZONE, {"AvailabilityZoneId": ZONE_B.zone_id}), multi_az(SECOND_ZONE)),
    ("R-BDM-26", multi_az({"AvailabilityZone": ZONE_B.name, "AvailabilityZoneId": ZONE_B.zone_id}),
     multi_az(SECOND_ZONE)),
    ("R-BDM-26", multi_az({}), multi_az({"AvailabilityZoneId": ZONE_B.zone_id})),
    ("R-BDM-27", multi_az({"AvailabilityZone": "eu-west-1b"}), multi_az(SECOND_ZONE)),
    ("R-BDM-28", multi_az({"AvailabilityZone": ZONE_A.name}), multi_az(SECOND_ZONE)),
    ("R-BDM-28", multi_az({"AvailabilityZoneId": ZONE_A.zone_id}), multi_az({"AvailabilityZoneId": ZONE_B.zone_id})),
    ("R-TAG-1", tags(("a", "b"), resource_type="image"), tags(("a", "b"), resource_type="network-interface")),
    ("R-TAG-2", tags(("a", "b"), resource_type=None), tags(("a", "b"), resource_type="volume")),
    ("R-TAG-2", tags(("a", "b"), resource_type=""), tags(("a", "b"))),
    ("R-TAG-3", both(tags(("a", "b")), tags(("c", "d"))),
     both(tags(("a", "b")), tags(("a", "b"), resource_type="volume"))),
    ("R-TAG-4", tags(("k" * 129, "v")), tags(("k" * TAG_KEY_MAX_BC, "v"))),
    ("R-TAG-5", tags(("k", "v" * (TAG_VALUE_MAX + 1))), tags(("k", "v" * TAG_VALUE_MAX))),
    ("R-TAG-6", tags(("aws:owner", "v")), tags(("owner:aws", "v"))),
    ("R-TAG-7", tags(("", "v")), tags((" ", "v"))),
    ("R-TAG-8", tags(("keep", "1"), ("keep", "2")), tags(("keep", "1"), ("Keep", "2"))),
    ("R-TAG-9", tags(*((f"k{i}", "v") for i in range(TAGS_PER_RESOURCE_MAX + 1))),
     tags(*((f"k{i}", "v") for i in range(TAGS_PER_RESOURCE_MAX)))),
    ("R-TAG-10", both(tags(("Patch Group", "v")), member("MetadataOptions.InstanceMetadataTags", "enabled")),
     tags(("Patch Group", "v"))),
    ("R-TAG-10", both(tags(("_index", "v")), member("MetadataOptions.InstanceMetadataTags", "enabled")),
     both(tags(("_index", "v"), resource_type="volume"),
          member("MetadataOptions.InstanceMetadataTags", "enabled"))),
    ("R-PLC-1", both(member("Placement.AvailabilityZone", "us-east-1a"),
                     member("Placement.AvailabilityZoneId", "use1-az1")),
     member("Placement.AvailabilityZoneId", "use1-az1")),
    ("R-PLC-2", both(member("Placement.GroupName", "conformance-pg"),
                     member("Placement.GroupId", "pg-0a1b2c3d4e5f60718")),
     member("Placement.GroupName", "conformance-pg")),
    ("R-PLC-3", both(member("Placement.Tenancy", "host"),
                     member("CreditSpecification.CpuCredits", "unlimited")),
     both(member("Placement.Tenancy", "host"), member("CreditSpecification.CpuCredits", "standard"))),
    ("R-PLC-4", both(member("Placement.HostResourceGroupArn", "arn:aws:resource-groups:x"),
                     member("Placement.Tenancy", "dedicated")),
     both(member("Placement.HostResourceGroupArn", "arn:aws:resource-groups:x"),
          member("Placement.Tenancy", "host"))),
    ("R-PLC-5", member("Placement.PartitionNumber", 1),
     both(member("Placement.PartitionNumber", 1), member("Placement.GroupName", "conformance-pg"))),
    ("R-PLC-6", member("Placement.AvailabilityZone", "us-east-1q"),
     member("Placement.AvailabilityZone", "us-east-1b")),
    ("R-PLC-6", member("Placement.AvailabilityZone", "use1-az1"),
     member("Placement.AvailabilityZoneId", "use1-az1")),
    ("R-PLC-7", member("Placement.GroupName", "missing"), member("Placement.GroupName", "conformance-pg")),
    ("R-PLC-7", member("Placement.GroupId", "pg-xyz"), member("Placement.GroupId", "pg-0a1b2c3d4e5f60718")),
    ("R-PLC-8", member("Placement.HostId", "h-xyz"), member("Placement.HostId", WORLD.host_ids[0])),
    ("R-PLC-8", member("Placement.Affinity", "sticky"), member("Placement.Affinity", "host")),
    ("R-CPU-1", member("CpuOptions.CoreCount", 1),
     both(member("CpuOptions.CoreCount", 1), member("CpuOptions.ThreadsPerCore", 1))),
    ("R-CPU-1", both(member("CpuOptions.CoreCount", 1), member("CpuOptions.ThreadsPerCore", 3)),
     both(member("CpuOptions.CoreCount", 2), member("CpuOptions.ThreadsPerCore", 2))),
    ("R-BDM-23", both(member("InstanceType", "t2.micro"), volume(VolumeType="io2", Iops=40_000, VolumeSize=100)),
     both(member("InstanceType", "m5.large"), volume(VolumeType="io2", Iops=40_000, VolumeSize=100))),
    ("R-BDM-23", both(member("InstanceType", "t2.micro"), volume(VolumeType="io2", Iops=32_001, VolumeSize=100)),
     both(member("InstanceType", "t2.micro"), volume(VolumeType="io2", Iops=32_000, VolumeSize=100))),
    ("R-CPU-4", both(member("CpuOptions.CoreCount", 2), member("CpuOptions.ThreadsPerCore", 2)),
     both(member("CpuOptions.CoreCount", 1), member("CpuOptions.ThreadsPerCore", 2))),
    ("R-CPU-4", both(member("InstanceType", "t2.micro"), member("CpuOptions.CoreCount", 1),
                     member("CpuOptions.ThreadsPerCore", 1)),
     both(member("InstanceType", "t2.micro"), member("CpuOptions.AmdSevSnp", "disabled"))),
    ("R-CPU-2", member("CpuOptions.AmdSevSnp", "enabled"), member("CpuOptions.AmdSevSnp", "disabled")),
    ("R-CPU-2", both(member("InstanceType", "m6a.large"), member("CpuOptions.AmdSevSnp", "enabled"),
                     member("EnclaveOptions.Enabled", True)),
     both(member("InstanceType", "m6a.large"), member("CpuOptions.AmdSevSnp", "enabled"))),
    ("R-CPU-3", member("CpuOptions.NestedVirtualization", "enabled"),
     both(member("InstanceType", "c8i-flex.large"), member("CpuOptions.NestedVirtualization", "enabled"))),
    ("R-CREDIT-1", member("CreditSpecification.CpuCredits", ""), member("CreditSpecification", {})),
    ("R-CREDIT-2", member("CreditSpecification.CpuCredits", "burst"),
     member("CreditSpecification.CpuCredits", "unlimited")),
    ("R-CREDIT-3", both(member("InstanceType", "m5.large"),
                        member("CreditSpecification.CpuCredits", "standard")),
     both(member("InstanceType", "t2.micro"), member("CreditSpecification.CpuCredits", "standard"))),
    ("R-HIB-1", both(member("HibernationOptions.Configured", True), member("EnclaveOptions.Enabled", True)),
     both(member("HibernationOptions.Configured", True), member("EnclaveOptions.Enabled", False))),
    ("R-HIB-3", both(member("HibernationOptions.Configured", True),
                     member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop")),
     both(member("HibernationOptions.Configured", True),
          member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "hibernate"))),
    ("R-MD-2", member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[1] + 1),
     member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[1])),
    ("R-MD-2", member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[0] - 1),
     member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[0])),
    ("R-MKT-1", member("InstanceMarketOptions.MarketType", "reserved"),
     member("InstanceMarketOptions.MarketType", "capacity-block")),
    ("R-MKT-2", member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"),
     both(member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"),
          member("HibernationOptions.Configured", True))),
    ("R-MKT-3", member("InstanceMarketOptions.SpotOptions.ValidUntil", "2031-01-01T00:00:00Z"),
     both(member("InstanceMarketOptions.SpotOptions.ValidUntil", "2031-01-01T00:00:00Z"),
          member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"),
          member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop"))),
    ("R-MKT-4", member("InstanceMarketOptions.SpotOptions.MaxPrice", "0.001"),
     member("InstanceMarketOptions.SpotOptions.MaxPrice", "0.002")),
    ("R-CR-2", member(CR_ID, "cr-x"), member(CR_ID, WORLD.capacity_reservation_ids[0])),
    ("R-CR-2", member(CR_ID, "cr-0ffffffffffffffff"),
     member("CapacityReservationSpecification.CapacityReservationPreference", "none")),
    ("R-MON-2", member("Monitoring", {"Enabled": False, "MetricCategoryIds": list(WORLD.metric_category_ids)}),
     member("Monitoring", {"Enabled": True, "MetricCategoryIds": list(WORLD.metric_category_ids)})),
    ("R-SHUT-1", member("InstanceInitiatedShutdownBehavior", "hibernate"),
     member("InstanceInitiatedShutdownBehavior", "terminate")),
    ("R-EBSO-1", both(member("InstanceType", "t2.micro"), member("EbsOptimized", True)),
     both(member("InstanceType", "t2.micro"), member("EbsOptimized", False))),
    ("R-IAM-1", member("IamInstanceProfile.Arn", "arn:aws:iam::123456789012:role/x"),
     member("IamInstanceProfile.Arn", WORLD.instance_profile_arns[0])),
    ("R-IAM-1", member("IamInstanceProfile.Name", "GithubActionRunner"),
     member("IamInstanceProfile.Name", WORLD.instance_profile_names[0])),
    ("R-IAM-1", member("IamInstanceProfile.Arn", "arn:aws:iam::999999999999:instance-profile/conformance"),
     member("IamInstanceProfile.Name", WORLD.instance_profile_names[0])),
    ("R-LIC-2", member("LicenseSpecifications", [{"LicenseConfigurationArn": LICENSE.replace("123456789012",
                                                                                              "999999999999")}]),
     member("LicenseSpecifications", [{"LicenseConfigurationArn": LICENSE}])),
    ("R-PLC-10", member("Placement.Affinity", "default"),
     both(member("Placement.Affinity", "default"), member("Placement.Tenancy", "host"))),
    ("R-PLC-10", both(member("Placement.Affinity", "host"), member("Placement.Tenancy", "dedicated")),
     member("Placement.Tenancy", "dedicated")),
    ("R-MKT-8", member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop"),
     both(member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop"),
          member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"))),
    ("R-MKT-8", both(member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "hibernate"),
                     member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "one-time")),
     member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "terminate")),
    ("R-KEY-1", member("KeyName", "missing"), member("KeyName", WORLD.key_names[0])),
    ("R-NPO-1", member("NetworkPerformanceOptions.BandwidthWeighting", "vpc-2"),
     member("NetworkPerformanceOptions.BandwidthWeighting", "ebs-1")),
    ("R-MAINT-1", member("MaintenanceOptions.AutoRecovery", "enabled"),
     member("MaintenanceOptions.AutoRecovery", "disabled")),
    ("R-ENUM-1", member("Placement.Tenancy", "shared"), member("Placement.Tenancy", "dedicated")),
    ("R-ENUM-1", tags(("a", "b"), resource_type="instances"), tags(("a", "b"), resource_type="image")),
    ("R-ENUM-1", member("MetadataOptions.HttpTokens", "Required"),
     member("MetadataOptions.HttpTokens", "required")),
]


def test_every_part_b_id_is_registered_in_its_family() -> None:
    for family, ids in SECTIONS.items():
        found = {r.id for r in RULES.values() if r.family == family}
        assert found == set(ids), family


def test_part_b_rules_are_well_formed() -> None:
    paths = leaf_paths()
    for rule_id in sorted(PART_B):
        r = rule(rule_id)
        assert r.citations and all(c.quote for c in r.citations), rule_id
        for m in r.members:
            assert any(p == m or p.startswith(m + ".") or p.startswith(m + "[") for p in paths), (rule_id, m)
        if r.outcome is not None:
            assert not any(c.startswith(("Client.", "Server.")) for c in r.outcome.codes), rule_id
        assert (r.violated is not None) == (r.kind is Kind.VALIDATION), rule_id
        assert (r.postcondition is not None) == (r.kind is Kind.POSTCONDITION), rule_id


@pytest.mark.parametrize(("rule_id", "breaking", "keeping"), TABLE, ids=[row[0] for row in TABLE])
def test_predicate_fires_on_the_violation_only(rule_id: str, breaking: Edit, keeping: Edit) -> None:
    check = rule(rule_id).violated
    assert check is not None
    assert check(edited(breaking), WORLD), "the violating request was not flagged"
    assert not check(edited(keeping), WORLD), "the valid neighbour was flagged"


def test_every_part_b_predicate_has_a_table_row_and_a_mutation() -> None:
    predicates = {i for i in PART_B if rule(i).violated is not None}
    # UserData: tested on the wire; R-HIB-5: on a world that knows encryption (its own test above)
    assert predicates - {"R-UD-1", "R-UD-2", "R-HIB-5", "R-HIB-6", "R-BDM-12"} <= {row[0] for row in TABLE}
    assert predicates <= {spec.rule_id for spec in MUTATIONS}


# the two ways a request asks for hibernation: the member itself, or a persistent Spot request that hibernates
HIBERNATING = [
    member("HibernationOptions.Configured", True),
    both(member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"),
         member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "hibernate")),
]


@pytest.mark.parametrize("hibernate", HIBERNATING)
def test_hibernation_needs_an_encrypted_root_where_the_world_knows(hibernate: Edit) -> None:
    """R-HIB-5 fires only where the World knows the root is unencrypted; an encrypted root mapping keeps it."""
    check = rule("R-HIB-5").violated
    assert check is not None
    case = edited(hibernate)
    assert check(case, UNENCRYPTED) and not check(case, WORLD)
    encrypted = edited(both(hibernate, member("BlockDeviceMappings", [
        {"DeviceName": IMAGE.root_device_name, "Ebs": {"Encrypted": True}}])))
    assert not check(encrypted, UNENCRYPTED)
    said_no = edited(both(hibernate, member("BlockDeviceMappings", [
        {"DeviceName": IMAGE.root_device_name, "Ebs": {"Encrypted": False}}])))
    assert check(said_no, dataclasses.replace(WORLD, ebs_encryption_by_default=False))
    assert not check(said_no, dataclasses.replace(WORLD, ebs_encryption_by_default=True))


@pytest.mark.parametrize("hibernate", HIBERNATING)
def test_hibernation_needs_a_type_that_supports_it_where_the_world_knows(hibernate: Edit) -> None:
    """R-HIB-6 fires for a type whose facts say HibernationSupported=false, never for an unknown type."""
    check = rule("R-HIB-6").violated
    assert check is not None
    assert check(edited(both(hibernate, member("InstanceType", "m5.24xlarge"))), WITH_LIMITED_TYPES)
    assert not check(edited(both(hibernate, member("InstanceType", "m5.large"))), WITH_LIMITED_TYPES)
    assert not check(edited(both(hibernate, member("InstanceType", "m5.24xlarge"))), WORLD)
    assert not check(edited(member("InstanceType", "m5.24xlarge")), WITH_LIMITED_TYPES)


@pytest.mark.parametrize("encrypted", [{"Encrypted": True}, {"KmsKeyId": "alias/aws/ebs", "Encrypted": True}])
def test_encrypted_volumes_need_a_type_with_ebs_encryption(encrypted: dict[str, Any]) -> None:
    """R-BDM-12 fires for t1.micro (EncryptionSupport=unsupported), not for a supported or an unknown type."""
    check = rule("R-BDM-12").violated
    assert check is not None
    encrypted_volume = volume(VolumeType="gp3", VolumeSize=8, **encrypted)
    assert check(edited(both(member("InstanceType", "t1.micro"), encrypted_volume)), WITH_UNENCRYPTABLE_TYPE)
    assert not check(edited(both(member("InstanceType", "t1.micro"), volume(VolumeType="gp3", VolumeSize=8))),
                     WITH_UNENCRYPTABLE_TYPE)
    assert not check(edited(encrypted_volume), WITH_UNENCRYPTABLE_TYPE)
    assert not check(edited(both(member("InstanceType", "t1.micro"), encrypted_volume)), WORLD)


def test_predicates_stay_quiet_on_a_plain_request() -> None:
    case = Case(params=base())
    assert [i for i in sorted(PART_B) if (c := rule(i).violated) is not None and c(case, WORLD)] == []


def test_unsettled_members_are_the_reserved_and_end_of_life_ones() -> None:
    assert unsettled_members() >= {
        "Placement.SpreadDomain", "Operator.Principal", "AdditionalInfo",
        "InstanceMarketOptions.SpotOptions.BlockDurationMinutes", "ElasticGpuSpecification[].Type",
        "ElasticInferenceAccelerators[].Type", "BlockDeviceMappings[].Ebs.AvailabilityZone",
    }
    assert "Placement.Tenancy" not in unsettled_members()


def test_enum_rule_skips_members_owned_by_a_specific_rule() -> None:
    enum_rule = rule("R-ENUM-1").violated
    assert enum_rule is not None
    for path, value in [
        ("InstanceInitiatedShutdownBehavior", "x"), ("MaintenanceOptions.AutoRecovery", "x"),
        ("InstanceMarketOptions.MarketType", "x"), ("InstanceType", "x9.huge"),
    ]:
        assert not enum_rule(edited(member(path, value)), WORLD), path
    assert not enum_rule(edited(volume(VolumeType="x", VolumeSize=1)), WORLD)
    assert not enum_rule(edited(tags(("a", "b"), resource_type="")), WORLD)


# --- UserData on the wire (R-UD-1..3) ---


def test_user_data_rules_read_the_wire() -> None:
    ok = Case(params={**base(), "UserData": "x" * USER_DATA_MAX_BYTES})
    big = Case(params={**base(), "UserData": "x" * (USER_DATA_MAX_BYTES + 1)})
    raw = Case(params=base(), wire_edits=(WireEdit("UserData", "#!/bin/bash"),))
    assert ok.query["UserData"] == base64.b64encode(b"x" * USER_DATA_MAX_BYTES).decode()  # R-UD-3
    assert not any(check(ok) for check in _ud_checks())
    assert [check(big) for check in _ud_checks()] == [False, True]
    assert [check(raw) for check in _ud_checks()] == [True, False]


def _ud_checks() -> list[Callable[[Case], bool]]:
    def checker(rule_id: str) -> Callable[[Case], bool]:
        check = rule(rule_id).violated
        assert check is not None
        return lambda case: check(case, WORLD)

    return [checker("R-UD-1"), checker("R-UD-2")]


UD_MUTATIONS = [s for s in MUTATIONS if s.rule_id in ("R-UD-1", "R-UD-2")]


@pytest.mark.parametrize("spec", UD_MUTATIONS, ids=lambda s: s.name)
def test_user_data_mutations_differ_on_the_wire(spec: MutationSpec) -> None:
    assert spec.wire

    @st.composite
    def origin_and_mutation(draw: st.DrawFn) -> tuple[dict[str, Any], Case]:
        user_data = draw(st.one_of(st.none(), st.text(max_size=20)))
        origin = {**base(), **({} if user_data is None else {"UserData": user_data})}
        return origin, spec.build(draw, copy.deepcopy(origin), WORLD)

    @settings(max_examples=10, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pair=origin_and_mutation())
    def check(pair: tuple[dict[str, Any], Case]) -> None:
        origin, mutated = pair
        assert mutated.transport == "query"
        assert mutated.query.get("UserData") != Case(params=origin).query.get("UserData")

    check()


# --- post-conditions ---


def metadata(**overrides: Any) -> dict[str, Any]:
    shown: dict[str, Any] = {"State": "applied", "HttpTokens": "required", "HttpEndpoint": "enabled",
                             "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"}
    shown.update(overrides)
    return {k: v for k, v in shown.items() if v is not None}


def instance(**fields: Any) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "InstanceId": "i-0123456789abcdef0",
        "Monitoring": {"State": "disabled"},
        "MetadataOptions": metadata(),
        "HibernationOptions": {"Configured": False},
        "CapacityReservationSpecification": {"CapacityReservationPreference": "open"},
        "Tags": [{"Key": "Name", "Value": "web"}, {"Key": "name", "Value": "Web"}],
        "BlockDeviceMappings": [{"DeviceName": ROOT, "Ebs": {"DeleteOnTermination": True}},
                                {"DeviceName": "/dev/sdf", "Ebs": {"DeleteOnTermination": False}}],
    }
    for key, value in fields.items():
        shown[key] = value
    return shown


POST_REQUEST = both(
    tags(("Name", "web"), ("name", "Web")),
    volume(VolumeSize=10),
    mapping(DeviceName="/dev/sdg", NoDevice=""),
    member("MetadataOptions.HttpTokens", "required"),
)
# (rule id, a described instance that breaks it)
BROKEN_INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("R-MON-1", instance(Monitoring={"State": "enabled"})),
    ("R-MD-1", instance(MetadataOptions=metadata(HttpTokens="optional"))),
    ("R-MD-3", instance(MetadataOptions=metadata(HttpEndpoint="disabled"))),
    ("R-MD-4", instance(MetadataOptions=metadata(State=None))),
    ("R-HIB-4", instance(HibernationOptions={"Configured": True})),
    ("R-CR-1", instance(CapacityReservationSpecification={"CapacityReservationPreference": "none"})),
    ("R-TAG-11", instance(Tags=[{"Key": "Name", "Value": "WEB"}, {"Key": "name", "Value": "Web"}])),
    ("R-TAG-12", instance(Tags=[{"Key": "Name", "Value": "web"}])),
    ("R-BDM-17", instance(BlockDeviceMappings=[{"DeviceName": "/dev/sdg", "Ebs": {}}])),
    ("R-BDM-20", instance(BlockDeviceMappings=[
        {"DeviceName": "/dev/sdf", "Ebs": {"DeleteOnTermination": True}},
    ])),
]


def _problems(rule_id: str, shown: Mapping[str, Any]) -> list[str]:
    check = rule(rule_id).postcondition
    assert check is not None
    return [str(p) for p in check(edited(POST_REQUEST), WORLD, Launch({"Instances": [shown]}, [shown]))]


def test_every_part_b_postcondition_is_exercised() -> None:
    posts = {i for i in PART_B if rule(i).kind is Kind.POSTCONDITION}
    assert posts == {row[0] for row in BROKEN_INSTANCES}


@pytest.mark.parametrize(("rule_id", "shown"), BROKEN_INSTANCES, ids=[r[0] for r in BROKEN_INSTANCES])
def test_postcondition_flags_broken_and_accepts_good(rule_id: str, shown: dict[str, Any]) -> None:
    assert _problems(rule_id, instance()) == []
    assert _problems(rule_id, shown), "the broken launch was accepted"


def test_monitoring_enabled_accepts_pending_and_enabled() -> None:
    check = rule("R-MON-1").postcondition
    assert check is not None
    case = edited(member("Monitoring.Enabled", True))
    for state, ok in (("pending", True), ("enabled", True), ("disabled", False)):
        shown = instance(Monitoring={"State": state})
        assert (check(case, WORLD, Launch({"Instances": [shown]}, [shown])) == []) is ok, state


@pytest.mark.parametrize(("rule_id", "edit"), [
    ("R-BDM-27", multi_az({"AvailabilityZone": f"{WORLD.region}z"})),
    ("R-BDM-27", multi_az({"AvailabilityZoneId": "use1-az9"})),
    ("R-BDM-28", both(member("SubnetId", None), multi_az(SECOND_ZONE))),
], ids=["zone-name-the-world-does-not-list", "zone-id-the-world-does-not-list", "zone-left-to-ec2"])
def test_a_standby_zone_the_world_cannot_judge_leaves_its_rule_open(rule_id: str, edit: Edit) -> None:
    """A zone the World does not list may be of the region; where EC2 picks the instance's zone it may be it."""
    case = edited(edit)
    case = Case({k: v for k, v in case.params.items() if v is not None})
    open_part = rule(rule_id).open_when
    assert {r.id for r in RULES.values() if r.violated is not None and r.violated(case, WORLD)} == {rule_id}
    assert open_part is not None and open_part(case, WORLD)
    assert expect(case, WORLD).kind is Expect.UNDETERMINED


def test_a_decided_standby_zone_is_asserted() -> None:
    case = edited(multi_az({"AvailabilityZone": ZONE_A.name}))
    open_part = rule("R-BDM-28").open_when
    assert open_part is not None and not open_part(case, WORLD)
    assert expect(case, WORLD).kind is Expect.ERROR


def test_a_root_left_to_a_template_image_is_not_judged_by_r_bdm_20() -> None:
    """The image (so the root device) comes from the launch template: a mapping without DeleteOnTermination may
    be the root, which inherits the AMI's; R-BDM-20 leaves it undetermined instead of expecting false."""
    check = rule("R-BDM-20").postcondition
    assert check is not None
    template = WORLD.launch_templates[0]
    shown = {"InstanceId": "i-0123456789abcdef0",
             "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"DeleteOnTermination": True}}]}
    params = {k: v for k, v in base().items() if k != "ImageId"}
    mappings = [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 10}}]
    from_template = Case({**params, "LaunchTemplate": {"LaunchTemplateId": template.template_id},
                          "BlockDeviceMappings": mappings})
    assert check(from_template, WORLD, Launch({"Instances": [shown]}, [shown])) == []
    not_root = Case({**base(), "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10}}]})
    shown_sdf = {**shown, "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"DeleteOnTermination": True}}]}
    assert check(not_root, WORLD, Launch({"Instances": [shown_sdf]}, [shown_sdf]))  # a known image still decides
