"""The tags family (conformance/rules/tags.py, R-TAG-1..15): each predicate fires on a request that breaks its rule
and not on the valid neighbour beside it; the post-conditions flag a launch whose tags are not the requested ones."""

from __future__ import annotations

from typing import Any

from conformance.rules import rule
from conformance.rules.core import Launch
from conformance.rules.tags import RULES as FAMILY
from strategies.limits import TAG_KEY_MAX_BC, TAG_VALUE_MAX, TAGS_PER_RESOURCE_MAX
from tests.support.family_tables import broken_instance_tests, neighbour_tests
from tests.support.rule_requests import POST_REQUEST, WORLD, Edit, both, edited, instance, member, tags

ENI = WORLD.network_interface_ids[0]
EXISTING_ONLY = member("NetworkInterfaces", [{"DeviceIndex": 0, "NetworkInterfaceId": ENI}])
EXISTING_AND_NEW = member("NetworkInterfaces", [{"DeviceIndex": 0, "NetworkInterfaceId": ENI},
                                                {"DeviceIndex": 1, "SubnetId": WORLD.subnets[0].subnet_id}])

# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
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
    ("R-TAG-15", both(EXISTING_ONLY, tags(("a", "b"), resource_type="network-interface")),
     both(EXISTING_ONLY, tags(("a", "b")))),
    ("R-TAG-15", both(EXISTING_ONLY, tags(("a", "b")), tags(("a", "b"), resource_type="network-interface")),
     both(EXISTING_AND_NEW, tags(("a", "b"), resource_type="network-interface"))),
    ("R-TAG-15", both(EXISTING_ONLY, tags(("a", "b"), resource_type="network-interface")),
     tags(("a", "b"), resource_type="network-interface")),
]


test_predicate_fires_on_the_violation_only, test_every_predicate_has_a_table_row_and_a_mutation = (
    neighbour_tests(TABLE, FAMILY))


# --- post-conditions ---

# (rule id, a described instance that breaks it)
BROKEN_INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("R-TAG-11", instance(Tags=[{"Key": "Name", "Value": "WEB"}, {"Key": "name", "Value": "Web"}])),
    ("R-TAG-12", instance(Tags=[{"Key": "Name", "Value": "web"}])),
    ("R-TAG-14", instance(Tags=[{"Key": "Name", "Value": "web"}, {"Key": "name", "Value": "Web"},
                                {"Key": "team", "Value": "a"}])),
]


test_every_postcondition_is_exercised, test_postcondition_flags_broken_and_accepts_good = (
    broken_instance_tests(BROKEN_INSTANCES, FAMILY))




def test_only_the_requested_resource_types_carry_tags() -> None:
    """R-TAG-14: the instance tags on a volume or a new interface were not requested there; AWS's own aws: keys
    and the tags an existing interface had are not the request's doing."""
    check = rule("R-TAG-14").postcondition
    assert check is not None
    tagged = {"Tags": [{"Key": "Name", "Value": "web"}, {"Key": "name", "Value": "Web"}]}
    volume = {"VolumeId": "vol-1", **tagged}
    interface = {"NetworkInterfaceId": "eni-1", "TagSet": tagged["Tags"]}
    system = {"VolumeId": "vol-2", "Tags": [{"Key": "aws:ec2launchtemplate:id", "Value": "lt-1"}]}
    shown = instance()

    def found(**read: Any) -> list[str]:
        launch = Launch({"Instances": [shown]}, [shown], **read)
        return [str(p) for p in check(edited(POST_REQUEST), WORLD, launch)]

    assert found(volumes=[volume]) and found(interfaces=[interface])
    assert found(volumes=[system]) == []
    assert found() == []
