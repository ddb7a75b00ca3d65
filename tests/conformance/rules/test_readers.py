"""Small readers of an API-shaped request shared by the rule predicates (conformance/rules/_readers.py): nested
members, the instance type and image, the zones a request places its instances in, block device mappings, tags,
the instances a launch shows, and the rule a family declares by default."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.rules._readers import (
    all_tags,
    codes,
    ebs_entries,
    family,
    family_rule,
    get,
    has,
    image,
    instance_label,
    instance_type,
    int_value,
    is_root,
    items,
    launched,
    may_be_root,
    requested_zones,
    root_device,
    volume_type,
)
from conformance.rules.core import Confidence, DryRun, ErrorOutcome, Kind, RuleClass
from strategies.case import Case
from tests.support.rule_requests import IMAGE, ROOT, SUBNET_B, WORLD, request

ZONE_A, ZONE_B = WORLD.availability_zones


def test_get_follows_dotted_paths_and_stops_at_anything_else() -> None:
    params = {"A": {"B": {"C": 0}}, "L": [{"B": 1}], "S": "text"}
    assert get(params, "A.B.C") == 0 and has(params, "A.B.C")
    assert get(params, "A.B") == {"C": 0}
    assert get(params, "A.X.C") is None and not has(params, "A.X")
    assert get(params, "L.B") is None and get(params, "S.len") is None


def test_items_keeps_the_mappings_of_a_list_member() -> None:
    assert items({"M": [{"a": 1}, "x", None, {"b": 2}]}, "M") == [{"a": 1}, {"b": 2}]
    assert items({"M": {"a": 1}}, "M") == [] and items({}, "M") == []


def test_instance_type_family_and_image() -> None:
    case = Case(request(InstanceType="c7gn.large"))
    assert (instance_type(case), family(case)) == ("c7gn.large", "c7gn")
    odd = Case(request(InstanceType=["t3.micro"], ImageId="ami-0aaaaaaaaaaaaaaaa"))
    assert instance_type(odd) is None and family(odd) is None
    assert image(Case(request()), WORLD) == IMAGE and root_device(Case(request()), WORLD) == ROOT
    assert image(odd, WORLD) is None and root_device(odd, WORLD) is None


@pytest.mark.parametrize(("members", "zones"), [
    ({}, {ZONE_A.name}),
    ({"SubnetId": None, "Placement": {"AvailabilityZoneId": ZONE_B.zone_id}}, {ZONE_B.name}),
    ({"Placement": {"AvailabilityZone": ZONE_B.name}}, {ZONE_A.name, ZONE_B.name}),
    ({"SubnetId": None, "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": SUBNET_B.subnet_id}]}, {ZONE_B.name}),
    ({"SubnetId": "subnet-0aaaaaaaaaaaaaaaa", "Placement": {"AvailabilityZone": "us-east-1q"}}, set()),
], ids=["subnet", "zone-id", "zone-and-subnet", "interface-subnet", "unknown"])
def test_requested_zones_are_the_ones_the_world_knows(members: dict[str, Any], zones: set[str]) -> None:
    assert requested_zones(Case(request(**members)), WORLD) == zones


def test_ebs_entries_skip_no_device_and_mappings_without_ebs() -> None:
    mappings = [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 1}},
                {"DeviceName": "/dev/sdg", "Ebs": {"VolumeSize": 2}, "NoDevice": ""},
                {"DeviceName": "/dev/sdh", "VirtualName": "ephemeral0"}, "junk"]
    found = list(ebs_entries(Case(request(BlockDeviceMappings=mappings))))
    assert [(m["DeviceName"], e) for m, e in found] == [("/dev/sdf", {"VolumeSize": 1})]


def test_volume_type_defaults_and_integers_are_strict() -> None:
    assert volume_type({}) == "gp2" and volume_type({"VolumeType": "io2"}) == "io2"
    assert volume_type({"VolumeType": 3}) == "gp2"
    assert int_value({"Iops": 3000}, "Iops") == 3000
    assert int_value({"Iops": True}, "Iops") is None and int_value({"Iops": "3000"}, "Iops") is None


def test_the_root_is_the_images_and_may_be_a_usual_name_when_the_image_is_unknown() -> None:
    known = Case(request())
    unknown = Case(request(ImageId="ami-0aaaaaaaaaaaaaaaa"))
    root, other = {"DeviceName": ROOT}, {"DeviceName": "/dev/sda1"}
    assert is_root(root, known, WORLD) and not is_root(other, known, WORLD)
    assert may_be_root(root, known, WORLD) and not may_be_root(other, known, WORLD)
    assert not is_root(root, unknown, WORLD)
    assert may_be_root(other, unknown, WORLD) and not may_be_root({"DeviceName": "/dev/sdf"}, unknown, WORLD)


def test_all_tags_pairs_each_tag_with_its_specification() -> None:
    specs = [{"ResourceType": "instance", "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]},
             {"ResourceType": "volume", "Tags": [{"Key": "c", "Value": "3"}]}, {"ResourceType": "image"}]
    pairs = [(s["ResourceType"], t["Key"]) for s, t in all_tags(Case(request(TagSpecifications=specs)))]
    assert pairs == [("instance", "a"), ("instance", "b"), ("volume", "c")]


def test_launched_lists_both_answers_instances() -> None:
    reservation = {"Instances": [{"InstanceId": "i-1"}, "junk"]}
    shown = list(launched(reservation, [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]))
    assert [(source, i["InstanceId"]) for source, i in shown] == [
        ("RunInstances", "i-1"), ("DescribeInstances", "i-1"), ("DescribeInstances", "i-2")]
    assert list(launched({"Instances": None}, [])) == []
    assert instance_label("RunInstances", {"InstanceId": "i-1"}) == "RunInstances i-1"
    assert instance_label("DescribeInstances", {}) == "DescribeInstances ?"


def test_a_family_rule_is_by_default_an_inferred_static_validation_that_dry_run_validates() -> None:
    made = family_rule("tests", "R-TEST-1", ("InstanceType",), "summary", (("[BC]", "quote"),),
                       outcome=codes("InvalidParameterValue"), violated=lambda case, world: False)
    assert (made.family, made.kind, made.rule_class, made.dry_run, made.confidence) == (
        "tests", Kind.VALIDATION, RuleClass.STATIC, DryRun.VALIDATES, Confidence.INFERRED)
    assert made.citations[0].source == "[BC]" and made.citations[0].quote == "quote"
    assert made.outcome == ErrorOutcome(frozenset({"InvalidParameterValue"}), 400)
    assert codes("A", "B", status=412) == ErrorOutcome(frozenset({"A", "B"}), 412)
    documented = family_rule("tests", "R-TEST-2", (), "s", (("[BC]", "q"),), kind=Kind.UNDECIDABLE,
                             reason="why", confidence=Confidence.DOCUMENTED)
    assert (documented.kind, documented.confidence) == (Kind.UNDECIDABLE, Confidence.DOCUMENTED)
