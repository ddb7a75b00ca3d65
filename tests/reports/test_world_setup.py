"""The reproducers' world setup (reports.world_setup) creates what the request names of the suite's world, and
never what a mutation named because no world has it (that would make the broken request valid)."""

from __future__ import annotations

from reports.world_setup import setup_for
from strategies.world import MISSING_NAME_PREFIX

BASE = {"MinCount": 1, "MaxCount": 1, "ImageId": "ami-0011568c11c698d02", "InstanceType": "t3.micro"}


def test_a_group_name_of_the_world_is_created_and_a_missing_one_is_not() -> None:
    missing = MISSING_NAME_PREFIX + "0a1b2c"
    setup = setup_for({**BASE, "SecurityGroupIds": ["sg-0123456789abcdef0"], "SecurityGroups": [missing]},
                      "SecurityGroups", "us-east-1")
    created = [dict(step.args).get("GroupName") for step in setup.steps if step.kind == "security_group"]
    assert created == ["reproducer-1-default-vpc"], created
    assert setup.params["SecurityGroups"] == [missing]
    world = setup_for({**BASE, "SecurityGroups": ["conformance-a"]}, None, "us-east-1")
    assert [dict(step.args)["GroupName"] for step in world.steps] == ["conformance-a"]


def test_missing_names_of_other_resources_are_never_created() -> None:
    request = {**BASE, "KeyName": MISSING_NAME_PREFIX + "key",
               "Placement": {"GroupName": MISSING_NAME_PREFIX + "group"},
               "IamInstanceProfile": {"Name": MISSING_NAME_PREFIX + "profile"}}
    assert setup_for(request, "TagSpecifications[].Tags[].Key", "us-east-1").steps == []
    named = {**BASE, "KeyName": "conformance-key", "Placement": {"GroupName": "conformance-partition"}}
    kinds = [step.kind for step in setup_for(named, None, "us-east-1").steps]
    assert kinds == ["key_pair", "placement_group"], kinds


def test_a_world_snapshot_is_made_of_a_volume_unless_the_mutation_broke_it() -> None:
    mapping = {"DeviceName": "/dev/xvdc", "Ebs": {"SnapshotId": "snap-67ed48899a6fba637"}}
    request = {**BASE, "BlockDeviceMappings": [mapping]}
    setup = setup_for(request, None, "us-east-1")
    assert [(s.kind, s.variable) for s in setup.steps] == [("volume", "VOLUME_1"), ("snapshot", "SNAPSHOT_1")]
    assert dict(setup.steps[1].args) == {"VolumeId": "${VOLUME_1}"}
    assert setup.params["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"] == "${SNAPSHOT_1}"
    broken = setup_for(request, "BlockDeviceMappings[0].Ebs.SnapshotId", "us-east-1")
    assert broken.steps == [] and broken.params == request


def test_an_existing_interface_is_created_in_a_subnet_of_the_request() -> None:
    request = {**BASE, "NetworkInterfaces": [
        {"DeviceIndex": 0, "SubnetId": "subnet-0a1b2c3d4e5f60718"},
        {"DeviceIndex": 1, "NetworkInterfaceId": "eni-0123456789abcdef0"}]}
    setup = setup_for(request, None, "us-east-1")
    assert [s.kind for s in setup.steps] == ["vpc", "subnet", "network_interface"]
    assert dict(setup.steps[2].args) == {"SubnetId": "${SUBNET_1}"}
    assert setup.params["NetworkInterfaces"][1]["NetworkInterfaceId"] == "${ENI_1}"
    only = {"DeviceIndex": 0, "NetworkInterfaceId": "eni-0123456789abcdef0"}
    alone = setup_for({**BASE, "NetworkInterfaces": [only]}, None, "us-east-1")
    assert [s.kind for s in alone.steps] == ["vpc", "subnet", "network_interface"]
