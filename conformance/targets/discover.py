"""Discover a World in a real account with read-only Describe, Get and List calls only (nothing is created).

The optional facts (EBS encryption by default, instance profiles, license configurations, instance-type
facts) stay unknown or empty where the account does not answer them (a denied permission, an emulator that
lacks the service): a run then decides nothing on them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from conformance.targets.errors import TargetError
from conformance.targets.instance_types import SOURCE, describe_instance_types
from conformance.targets.world_build import CANDIDATE_TYPES, _encryption_by_default, _image_of, _optional
from strategies.world import (
    AvailabilityZone,
    LaunchTemplate,
    PlacementGroup,
    SecondarySubnet,
    SecurityGroup,
    Subnet,
    World,
)

IMAGE_FILTERS = [
    {"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]},
    {"Name": "architecture", "Values": ["x86_64"]},
    {"Name": "state", "Values": ["available"]},
]


def _first(items: list[dict[str, Any]], key: str, count: int) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: str(item.get(key, "")))[:count]


def _vpc(ec2: Any) -> tuple[str, str | None]:
    defaults = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    if defaults:
        return str(defaults[0]["VpcId"]), str(defaults[0]["VpcId"])
    vpcs = _first(ec2.describe_vpcs()["Vpcs"], "VpcId", 1)
    if not vpcs:
        raise TargetError("aws target: the region has no VPC; create one (or a default VPC) first")
    return str(vpcs[0]["VpcId"]), None


def _subnets(ec2: Any, vpc_id: str) -> tuple[Subnet, ...]:
    raw = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    chosen: dict[str, dict[str, Any]] = {}
    for subnet in _first(raw, "SubnetId", len(raw)):
        chosen.setdefault(subnet["AvailabilityZone"], subnet)
    picked = list(chosen.values())[:2]
    if not picked:
        raise TargetError(f"aws target: VPC {vpc_id} has no subnet; create one first")
    return tuple(
        Subnet(s["SubnetId"], vpc_id, s["AvailabilityZone"], s.get("CidrBlock", ""), _ipv6(s)) for s in picked
    )


def _ipv6(subnet: dict[str, Any]) -> str | None:
    blocks = [a.get("Ipv6CidrBlock") for a in subnet.get("Ipv6CidrBlockAssociationSet", [])]
    return next((b for b in blocks if b), None)


def _associated(blocks: Any, key: str) -> str | None:
    """The first CIDR block of a secondary subnet's associations that is associated."""
    found = [b.get(key) for b in blocks or [] if isinstance(b, dict) and b.get("State") == "associated"]
    return next((b for b in found if b), None)


def _secondary_subnet(raw: dict[str, Any]) -> SecondarySubnet:
    """R-SEC-4/5/8/9: the network type and the IPv6 blocks as DescribeSecondarySubnets shows them."""
    return SecondarySubnet(
        raw["SecondarySubnetId"], str(raw.get("AvailabilityZone", "")),
        _associated(raw.get("Ipv4CidrBlockAssociations"), "CidrBlock") or "",
        _associated(raw.get("Ipv6CidrBlockAssociations"), "Ipv6CidrBlock"),
        raw.get("SecondaryNetworkType"), "Ipv6CidrBlockAssociations" in raw,
    )


def secondary_subnets(ec2: Any) -> tuple[SecondarySubnet, ...]:
    """The first two created secondary subnets (none where the target has no DescribeSecondarySubnets)."""
    answer = _optional("secondary subnets", ec2.describe_secondary_subnets)
    raw = answer.get("SecondarySubnets", []) if isinstance(answer, dict) else []
    created = [s for s in raw if s.get("State") == "create-complete" and s.get("SecondarySubnetId")]
    return tuple(_secondary_subnet(s) for s in _first(created, "SecondarySubnetId", 2))


def _templates(ec2: Any) -> tuple[LaunchTemplate, ...]:
    found = []
    for template in _first(ec2.describe_launch_templates()["LaunchTemplates"], "LaunchTemplateId", 2):
        versions = ec2.describe_launch_template_versions(
            LaunchTemplateId=template["LaunchTemplateId"], Versions=["$Default"]
        )["LaunchTemplateVersions"]
        data = versions[0].get("LaunchTemplateData", {}) if versions else {}
        found.append(
            LaunchTemplate(
                template["LaunchTemplateId"], template["LaunchTemplateName"], supplies_image="ImageId" in data
            )
        )
    return tuple(found)


log = logging.getLogger(__name__)
ClientFor = Callable[[str], Any]  # service -> a read-only guarded boto3 client at the same endpoint
LISTED = 20  # at most this many instance profiles and license configurations


def instance_profiles(iam: Any) -> tuple[str, ...]:
    """R-IAM-1: the account's instance profiles (IAM ListInstanceProfiles), as ARNs, first page only."""
    answer = _optional("instance profiles", lambda: iam.list_instance_profiles(MaxItems=LISTED))
    profiles = answer.get("InstanceProfiles", []) if isinstance(answer, dict) else []
    return tuple(sorted(str(p["Arn"]) for p in profiles if p.get("Arn")))


def license_configurations(manager: Any) -> tuple[str, ...]:
    """R-LIC-*: the account's license configurations (License Manager ListLicenseConfigurations), first page."""
    answer = _optional("license configurations", lambda: manager.list_license_configurations(MaxResults=LISTED))
    found = answer.get("LicenseConfigurations", []) if isinstance(answer, dict) else []
    return tuple(sorted(str(c["LicenseConfigurationArn"]) for c in found if c.get("LicenseConfigurationArn")))


def _other_service(client_for: ClientFor | None, service: str, read: Callable[[Any], tuple[str, ...]]
                   ) -> tuple[str, ...]:
    if client_for is None:
        return ()
    client = _optional(f"{service} client", lambda: client_for(service))
    return read(client) if client is not None else ()


def discover_world(ec2: Any, region: str, client_for: ClientFor | None = None) -> World:
    zones = _first(
        ec2.describe_availability_zones(Filters=[{"Name": "state", "Values": ["available"]}])[
            "AvailabilityZones"
        ],
        "ZoneName",
        2,
    )
    images = sorted(
        ec2.describe_images(Owners=["amazon"], Filters=IMAGE_FILTERS)["Images"],
        key=lambda i: str(i.get("CreationDate", "")),
        reverse=True,
    )[:2]
    if not images:
        raise TargetError(f"aws target: no Amazon Linux 2023 x86_64 AMI visible in {region}")
    offered = ec2.describe_instance_type_offerings(
        Filters=[{"Name": "instance-type", "Values": list(CANDIDATE_TYPES)}]
    )["InstanceTypeOfferings"]
    types = tuple(t for t in CANDIDATE_TYPES if t in {o["InstanceType"] for o in offered}) or CANDIDATE_TYPES
    vpc_id, default_vpc = _vpc(ec2)
    groups = _first(
        ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"],
        "GroupId",
        2,
    )
    listed = _optional("placement groups", ec2.describe_placement_groups)  # emulators may lack it
    placement = _first(listed["PlacementGroups"] if isinstance(listed, dict) else [], "GroupName", 2)
    snapshots = _first(ec2.describe_snapshots(OwnerIds=["self"], MaxResults=5)["Snapshots"], "SnapshotId", 1)
    facts = describe_instance_types(ec2, types)
    return World(
        region=region,
        images=tuple(_image_of(i) for i in images),
        instance_types=types,
        availability_zones=tuple(
            AvailabilityZone(z["ZoneName"], z.get("ZoneId", z["ZoneName"])) for z in zones
        ),
        vpc_id=vpc_id,
        subnets=_subnets(ec2, vpc_id),
        security_groups=tuple(SecurityGroup(g["GroupId"], g["GroupName"], vpc_id) for g in groups),
        key_names=tuple(k["KeyName"] for k in _first(ec2.describe_key_pairs()["KeyPairs"], "KeyName", 2)),
        launch_templates=_templates(ec2),
        placement_groups=tuple(
            PlacementGroup(p["GroupName"], p.get("GroupId", ""), p.get("Strategy", "")) for p in placement
        ),
        has_default_vpc=default_vpc is not None,
        default_vpc_id=default_vpc,
        snapshot_ids=tuple(s["SnapshotId"] for s in snapshots),
        instance_profile_arns=_other_service(client_for, "iam", instance_profiles),
        license_configuration_arns=_other_service(client_for, "license-manager", license_configurations),
        ebs_encryption_by_default=_encryption_by_default(ec2),
        instance_type_facts=facts,
        instance_type_source=SOURCE if facts else "",
        secondary_subnets=secondary_subnets(ec2),
    )
