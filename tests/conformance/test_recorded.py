"""conformance.recorded: reading recorded answers and moving their requests onto the World deterministically."""

from __future__ import annotations

from typing import Any

from conformance.recorded import Recorded, kept, move, read
from strategies.world import example_world

WORLD = example_world()


def recorded(request: dict[str, Any], code: str | None = None, rule: str = "", prose: str = "",
             success: bool = False) -> Recorded:
    return Recorded("planted", "2026-12-07", request, False, prose, success, code, rule)


def base(**members: Any) -> dict[str, Any]:
    return {"MinCount": 1, "MaxCount": 1, "ImageId": "ami-0badc0ffee0000000", "InstanceType": "t3.micro", **members}


def test_ids_the_answer_treats_as_existing_become_the_worlds_own_in_order() -> None:
    moved = move(recorded(base(SubnetId="subnet-x", SecurityGroupIds=["sg-b", "sg-a", "sg-b"], KeyName="k"),
                          "InvalidParameterCombination"))
    assert moved.case is not None
    params = moved.case.params
    assert params["ImageId"] == WORLD.images[0].image_id and params["KeyName"] == WORLD.key_names[0]
    assert params["SubnetId"] == WORLD.subnets[0].subnet_id
    first, second = (g.group_id for g in WORLD.security_groups)
    assert params["SecurityGroupIds"] == [first, second, first]  # distinct values stay distinct, repeats repeat


def test_the_mapping_is_deterministic() -> None:
    request = base(SubnetId="subnet-x", PrivateIpAddress="10.x.y.7",
                   NetworkInterfaces=[{"DeviceIndex": 1, "SubnetId": "subnet-y", "Groups": ["sg-1"]}])
    one, two = (move(recorded(request, "InvalidParameterCombination")) for _ in range(2))
    assert one.case is not None and two.case is not None
    assert one.mapping == two.mapping and dict(one.case.params) == dict(two.case.params)
    assert "PrivateIpAddress: 10.x.y.7 -> 10.0.0.7" in one.mapping  # into the mapped subnet, its last part kept
    assert one.case.params["NetworkInterfaces"][0]["SubnetId"] == WORLD.subnets[1].subnet_id


def test_a_malformed_id_named_by_the_code_is_kept_as_sent() -> None:
    moved = move(recorded(base(ImageId="['ami-9781e3ed']"), "InvalidAMIID.Malformed"))
    assert moved.case is not None and moved.case.params["ImageId"] == "['ami-9781e3ed']"
    assert "ImageId: \"['ami-9781e3ed']\" kept (the answer names this image malformed or unknown)" in moved.mapping
    assert move(recorded(base(ImageId="['ami-9781e3ed']"), "InvalidAMIID.Malformed")).mapping == moved.mapping


def test_an_unknown_subnet_stays_unknown_when_the_answer_names_it() -> None:
    moved = move(recorded(base(SubnetId="subnet-0123456789abcdef9"), "InvalidSubnetID.NotFound"))
    assert moved.case is not None and moved.case.params["SubnetId"] == "subnet-0123456789abcdef9"


def test_a_rule_about_one_kind_keeps_it_only_with_its_code_or_prose_saying_it_is_missing() -> None:
    assert kept(recorded(base(), "InvalidParameterValue", rule="R-IAM-1")) == {"profile"}
    assert kept(recorded(base(), "InvalidParameterCombination", rule="R-IAM-1")) == frozenset()
    assert kept(recorded(base(), "InvalidParameterCombination", rule="R-NET-15", prose="names no existing subnet")) \
        == {"subnet"}
    assert kept(recorded(base(), success=True, rule="R-IAM-1")) == frozenset()


def test_an_empty_id_is_kept_as_sent() -> None:
    moved = move(recorded(base(SecurityGroupIds=[""]), "InvalidParameterValue"))
    assert moved.case is not None and moved.case.params["SecurityGroupIds"] == [""]


def test_image_facts_the_prose_states_are_set_on_the_world() -> None:
    moved = move(recorded(base(InstanceType="g4dn.xlarge"), "InvalidParameterCombination",
                          prose="AMI registered WITHOUT EnaSupport; root snapshot is 50 GB"))
    image = moved.world.images[0]
    assert (image.ena_support, image.root_snapshot_size) == (False, 50)
    assert move(recorded(base(InstanceType="m6g.large"))).world.images[0].architecture == "arm64"
    stated = move(recorded(base(InstanceType="m6g.large"), prose="ImageId exists and is an x86_64 AMI"))
    assert stated.world.images[0].architecture == "x86_64"


def test_more_distinct_resources_than_the_world_has_cannot_be_expressed() -> None:
    moved = move(recorded(base(SecurityGroupIds=["sg-1", "sg-2", "sg-3"]), "InvalidParameterCombination"))
    assert moved.case is None and moved.missing == "more distinct groups than the World has (2)"


def test_user_data_placeholders_become_concrete() -> None:
    big = move(recorded(base(UserData="<cloud-config over 16 KiB>"), "InvalidParameterValue"))
    assert big.case is not None and len(big.case.params["UserData"]) == 16_385
    raw = move(recorded(base(UserData="<raw user data, not base64>"), "InvalidParameterValue"))
    assert raw.case is not None and raw.case.query["UserData"] == "#!/bin/sh not base64"


def test_the_project_recordings_read_as_recorded() -> None:
    found = {r.id: r for r in read([])}
    assert found["mined-paws-141-dryrun-success"].dry_run and found["ri-key-pair-not-found"].code == \
        "InvalidKeyPair.NotFound"
    assert found["ri-hib-encrypted-root-success"].success
