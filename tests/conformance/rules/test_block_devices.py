"""The block-device family (conformance/rules/block_devices.py, R-BDM-1..23 and R-BDM-29; the Multi-AZ rules
R-BDM-24..28 are multi_az.py's): each predicate fires on a request that breaks its rule and not on the valid
neighbour beside it; encryption is judged only where the World knows the type; the post-conditions flag a launch
that breaks them."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.rules import rule
from conformance.rules.block_devices import RULES as FAMILY
from conformance.rules.core import Launch
from strategies.case import Case
from tests.support.family_tables import broken_instance_tests, neighbour_tests
from tests.support.rule_requests import (
    IMAGE,
    ROOT,
    WORLD,
    Edit,
    base,
    both,
    edited,
    instance,
    mapping,
    member,
    volume,
)
from tests.support.world_variants import WITH_UNENCRYPTABLE_TYPE

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
    ("R-BDM-23", both(member("InstanceType", "t2.micro"), volume(VolumeType="io2", Iops=40_000, VolumeSize=100)),
     both(member("InstanceType", "m5.large"), volume(VolumeType="io2", Iops=40_000, VolumeSize=100))),
    ("R-BDM-23", both(member("InstanceType", "t2.micro"), volume(VolumeType="io2", Iops=32_001, VolumeSize=100)),
     both(member("InstanceType", "t2.micro"), volume(VolumeType="io2", Iops=32_000, VolumeSize=100))),
    ("R-BDM-29", volume(VolumeSize=8, KmsKeyId=WORLD.kms_key_ids[0]),
     volume(VolumeSize=8, KmsKeyId=WORLD.kms_key_ids[0], Encrypted=True)),
    ("R-BDM-29", volume(ROOT, KmsKeyId="alias/aws/ebs"), volume(ROOT, Encrypted=True)),
]


test_predicate_fires_on_the_violation_only, test_every_predicate_has_a_table_row_and_a_mutation = (
    neighbour_tests(TABLE, FAMILY, tabled_elsewhere=frozenset({"R-BDM-12"})))


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


# --- post-conditions ---

# (rule id, a described instance that breaks it)
BROKEN_INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("R-BDM-17", instance(BlockDeviceMappings=[{"DeviceName": "/dev/sdg", "Ebs": {}}])),
    ("R-BDM-20", instance(BlockDeviceMappings=[
        {"DeviceName": "/dev/sdf", "Ebs": {"DeleteOnTermination": True}},
    ])),
]


test_every_postcondition_is_exercised, test_postcondition_flags_broken_and_accepts_good = (
    broken_instance_tests(BROKEN_INSTANCES, FAMILY))


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
