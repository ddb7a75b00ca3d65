"""Requests the rules tests write by hand (on example_world() and a wider world), the rules a case breaks, and
the described instances the post-condition tests judge."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from conformance.oracle import broken_rules
from conformance.rules import rule
from conformance.rules.core import Launch
from strategies.case import Case
from strategies.world import LaunchTemplate, SecurityGroup, Subnet, World, example_world

WORLD = example_world()
IMAGE = WORLD.images[0]
ROOT = IMAGE.root_device_name
SUBNET, SUBNET_B = WORLD.subnets
SG, SG_B = WORLD.security_groups
ENI = WORLD.network_interface_ids[0]
LT = WORLD.launch_templates[0]
OTHER_VPC = "vpc-0ffffffffffffffff"
# A world with two VPCs, an IPv4-only and an IPv6-only subnet, a template without an image, no default VPC.
V4_ONLY = Subnet("subnet-0d1b2c3d4e5f60718", OTHER_VPC, "us-east-1a", "10.9.0.0/24")
V6_ONLY = Subnet("subnet-0e1b2c3d4e5f60718", OTHER_VPC, "us-east-1a", "", "2600:1f18:0:9::/64")
FOREIGN_SG = SecurityGroup("sg-0f1b2c3d4e5f60718", "foreign", OTHER_VPC)
BARE_LT = LaunchTemplate("lt-0b1b2c3d4e5f60718", "no-image", supplies_image=False)
WIDE = dataclasses.replace(
    WORLD,
    subnets=(*WORLD.subnets, V4_ONLY, V6_ONLY),
    security_groups=(*WORLD.security_groups, FOREIGN_SG),
    launch_templates=(*WORLD.launch_templates, BARE_LT),
    has_default_vpc=False,
)
V6_ADDRESS = [{"Ipv6Address": "2600:1f18::100"}]


def request(**members: Any) -> dict[str, Any]:
    """A plain valid request with these members (a member given as None is left out)."""
    params: dict[str, Any] = {
        "ImageId": WORLD.images[0].image_id,
        "InstanceType": "t3.micro",
        "MinCount": 1,
        "MaxCount": 1,
        "SubnetId": SUBNET.subnet_id,
    }
    params.update(members)
    return {k: v for k, v in params.items() if v is not None}


def nic_request(*interfaces: dict[str, Any], **members: Any) -> dict[str, Any]:
    return request(**{"SubnetId": None, **members}, NetworkInterfaces=list(interfaces))


def primary(**fields: Any) -> dict[str, Any]:
    return {"DeviceIndex": 0, "SubnetId": SUBNET.subnet_id, **fields}


def broken(case: Case, world: World = WORLD) -> set[str]:
    """The ids of every rule whose predicate the case breaks (the oracle's own `broken_rules`)."""
    return {rule.id for rule in broken_rules(case, world)}


# --- edits of a plain request (a rule's breaking request and its valid neighbour) ---

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


# --- a described instance for the post-conditions, and the request it answers ---


def metadata(**overrides: Any) -> dict[str, Any]:
    shown: dict[str, Any] = {"State": "applied", "HttpTokens": "required", "HttpEndpoint": "enabled",
                             "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"}
    shown.update(overrides)
    return {k: v for k, v in shown.items() if v is not None}


def instance(**fields: Any) -> dict[str, Any]:
    """A described instance that keeps every post-condition of POST_REQUEST; `fields` replace its members."""
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


def post_problems(rule_id: str, shown: Mapping[str, Any]) -> list[str]:
    """What the rule's post-condition finds wrong when POST_REQUEST launched the described instance `shown`."""
    check = rule(rule_id).postcondition
    assert check is not None
    return [str(p) for p in check(edited(POST_REQUEST), WORLD, Launch({"Instances": [shown]}, [shown]))]
