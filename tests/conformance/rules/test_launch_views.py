"""Shared readers of a Launch for the read-back post-conditions (conformance/rules/_launch_views.py): the names of
the read-back calls, refused read-backs, the launched ids, tags, and the volumes and interfaces of an instance."""

from __future__ import annotations

from conformance.rules._launch_views import (
    NOT_READABLE,
    attribute_call,
    dicts,
    differs,
    from_template,
    interface_at,
    launched_ids,
    requested_tags,
    tag_pairs,
    unreadable,
    volumes_of,
)
from conformance.rules.core import Launch
from strategies.case import Case
from tests.support.rule_requests import LT, request

INSTANCE, OTHER = "i-0123456789abcdef0", "i-0fedcba9876543210"


def test_a_refused_read_back_is_named_by_the_check_that_needs_it() -> None:
    call = attribute_call("disableApiStop")
    assert call == "DescribeInstanceAttribute disableApiStop"
    refused = Launch({}, unreadable={call: "UnauthorizedOperation"})
    problems = unreadable(refused, call, "DisableApiStop")
    assert [(p.check, p.text) for p in problems] == [
        ("DisableApiStop" + NOT_READABLE, f"{call}: UnauthorizedOperation")]
    assert unreadable(refused, attribute_call("userData"), "UserData") == []


def test_a_template_may_set_what_the_request_omits() -> None:
    assert from_template(Case(request(LaunchTemplate={"LaunchTemplateId": LT.template_id})))
    assert not from_template(Case(request()))


def test_launched_ids_are_the_reservations_instances_with_an_id() -> None:
    reservation = {"Instances": [{"InstanceId": INSTANCE}, {"State": {}}, "junk", {"InstanceId": OTHER}]}
    assert launched_ids(Launch(reservation)) == [INSTANCE, OTHER]
    assert launched_ids(Launch({"Instances": None})) == [] and launched_ids(Launch({})) == []


def test_requested_tags_are_those_of_the_resource_type() -> None:
    specs = [{"ResourceType": "instance", "Tags": [{"Key": "a", "Value": "1"}]},
             {"ResourceType": "volume", "Tags": [{"Key": "b", "Value": "2"}, "junk"]},
             {"ResourceType": "instance", "Tags": [{"Key": "c", "Value": "3"}]}]
    case = Case(request(TagSpecifications=specs))
    assert requested_tags(case, "instance") == {("a", "1"), ("c", "3")}
    assert requested_tags(case, "volume") == {("b", "2")}
    assert requested_tags(case, "network-interface") == set()
    assert tag_pairs([{"Key": "k"}]) == {("k", None)} and tag_pairs(None) == set()
    assert dicts([{"a": 1}, 2]) == [{"a": 1}] and dicts("x") == []


def test_volumes_of_an_instance_are_those_attached_to_it() -> None:
    mine = {"VolumeId": "vol-1", "Attachments": [{"InstanceId": INSTANCE, "Device": "/dev/sdf"}]}
    shared = {"VolumeId": "vol-2", "Attachments": [{"InstanceId": OTHER, "Device": "/dev/sdg"},
                                                   {"InstanceId": INSTANCE, "Device": "/dev/sdh"}]}
    theirs = {"VolumeId": "vol-3", "Attachments": [{"InstanceId": OTHER, "Device": "/dev/sdf"}]}
    launch = Launch({}, volumes=[mine, shared, theirs, {"VolumeId": "vol-4"}])
    assert [(device, volume["VolumeId"]) for device, _, volume in volumes_of(launch, INSTANCE)] == [
        ("/dev/sdf", "vol-1"), ("/dev/sdh", "vol-2")]


def test_the_interface_at_an_index_is_the_one_attached_to_the_instance_there() -> None:
    primary = {"NetworkInterfaceId": "eni-1", "Attachment": {"InstanceId": INSTANCE, "DeviceIndex": 0}}
    second = {"NetworkInterfaceId": "eni-2", "Attachment": {"InstanceId": INSTANCE, "DeviceIndex": 1}}
    elsewhere = {"NetworkInterfaceId": "eni-3", "Attachment": {"InstanceId": OTHER, "DeviceIndex": 1}}
    launch = Launch({}, interfaces=[{"NetworkInterfaceId": "eni-0"}, elsewhere, second, primary])
    assert interface_at(launch, INSTANCE, 0) == primary
    assert interface_at(launch, INSTANCE, 1) == second
    assert interface_at(launch, INSTANCE, 2) is None and interface_at(launch, "i-none", 0) is None


def test_differs_names_what_was_shown_and_what_was_requested() -> None:
    assert differs("Placement.Tenancy", "i-1: DescribeInstances", "default", "default") == []
    [problem] = differs("Placement.Tenancy", "i-1: DescribeInstances", "default", "dedicated")
    assert (problem.check, problem.text) == (
        "Placement.Tenancy", "i-1: DescribeInstances: 'default', requested 'dedicated'")
    assert differs("EnclaveOptions.Enabled", "w", None, False)  # not shown is not False
