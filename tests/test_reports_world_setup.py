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
