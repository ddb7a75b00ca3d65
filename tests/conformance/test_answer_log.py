"""conformance.answer_log: what a recorded answer keeps (the World's facts its ids name) and what it never does
(account ids); the run itself is tests/integration/test_record_answers.py."""

from __future__ import annotations

from conformance.answer_log import without_accounts, world_facts
from strategies.world import example_world


def test_account_ids_are_replaced_wherever_they_are() -> None:
    arn = "arn:aws:iam::123456789012:instance-profile/web"
    assert without_accounts({"IamInstanceProfile": {"Arn": arn}, "n": [123456789012, "owner 210987654321"]}) == {
        "IamInstanceProfile": {"Arn": "arn:aws:iam::<account>:instance-profile/web"},
        "n": [123456789012, "owner <account>"]}
    assert without_accounts("vol-0123456789abcdef0 1234567890123") == "vol-0123456789abcdef0 1234567890123"


def test_the_facts_are_those_of_the_ids_the_request_names() -> None:
    world = example_world()
    image, subnet = world.images[0], world.subnets[0]
    facts = world_facts({"ImageId": image.image_id, "NetworkInterfaces": [{"SubnetId": subnet.subnet_id}]}, world)
    assert f"ImageId {image.image_id} is an {image.architecture} AMI" in facts
    assert f"subnet {subnet.subnet_id} exists in {subnet.vpc_id}, zone {subnet.availability_zone}" in facts
    assert world_facts({"ImageId": "ami-0000000000000000f"}, world) == "none named"
