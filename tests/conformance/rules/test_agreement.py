"""conformance.rules._agreement: RunInstances and DescribeInstances agree on every member both carry (R-PROTO-8),
apart from the state's documented progression; list items are matched by identity, not position."""

from __future__ import annotations

from typing import Any

from conformance.rules._agreement import disagreements

LAUNCHED: dict[str, Any] = {
    "InstanceId": "i-0123456789abcdef0", "InstanceType": "t3.micro", "State": {"Code": 0, "Name": "pending"},
    "Monitoring": {"State": "pending"}, "PublicDnsName": "",
    "NetworkInterfaces": [
        {"NetworkInterfaceId": "eni-1", "Status": "in-use", "SourceDestCheck": True,
         "Attachment": {"Status": "attaching", "DeviceIndex": 0}},
        {"NetworkInterfaceId": "eni-2", "Status": "in-use", "SourceDestCheck": True,
         "Attachment": {"Status": "attaching", "DeviceIndex": 1}}],
    "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}],
}


def _checks(described: dict[str, Any]) -> list[str]:
    return [problem.check for problem in disagreements([LAUNCHED], [described])]


def test_the_documented_progression_and_an_order_are_no_disagreement() -> None:
    later = {**LAUNCHED, "State": {"Code": 16, "Name": "running"}, "Monitoring": {"State": "disabled"},
             "PublicDnsName": "ec2-1-2-3-4.compute-1.amazonaws.com", "Platform": "windows",
             "NetworkInterfaces": [{**n, "Attachment": {**n["Attachment"], "Status": "attached"}}
                                   for n in reversed(LAUNCHED["NetworkInterfaces"])],
             "Tags": list(reversed(LAUNCHED["Tags"]))}
    assert _checks(later) == []


def test_a_member_both_carry_with_two_values_is_named_by_its_path() -> None:
    other_type = {**LAUNCHED, "InstanceType": "t2.micro"}
    assert _checks(other_type) == ["RunInstances/DescribeInstances InstanceType"]
    interfaces = [{**LAUNCHED["NetworkInterfaces"][0], "SourceDestCheck": False}, LAUNCHED["NetworkInterfaces"][1]]
    assert _checks({**LAUNCHED, "NetworkInterfaces": interfaces}) == [
        "RunInstances/DescribeInstances NetworkInterfaces[].SourceDestCheck"]
    tags = [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "3"}]
    assert _checks({**LAUNCHED, "Tags": tags}) == ["RunInstances/DescribeInstances Tags[].Value"]


def test_another_instance_or_a_missing_one_is_not_compared() -> None:
    assert disagreements([LAUNCHED], [{**LAUNCHED, "InstanceId": "i-other", "InstanceType": "x"}]) == []
    assert disagreements([LAUNCHED], []) == []
