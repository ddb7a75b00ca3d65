"""Create a World on an emulator: the same resources, in the same order, every time.

Emulator defaults (zones, AMIs, the default VPC) are discovered; everything else is created.
Optional resource kinds that the emulator does not implement are left empty.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from typing import Any

from conformance.targets.instance_types import SOURCE, describe_instance_types
from strategies.world import (
    AvailabilityZone,
    Image,
    LaunchTemplate,
    PlacementGroup,
    SecurityGroup,
    Subnet,
    World,
)

log = logging.getLogger(__name__)

ClientFor = Callable[[str], Any]  # service name -> boto3 client for the same endpoint

PREFIX = "conformance"
OWNER_TAG = "ec2-conformance:worker"  # on a shared server, the xdist worker whose world a resource belongs to
VPC_CIDR = "10.0.0.0/16"
SUBNET_CIDRS = ("10.0.0.0/24", "10.0.1.0/24")
IPV4_ONLY_CIDR = "10.0.4.0/24"
# A target without a reset API keeps every address its launches took (LocalStack 4.14 never frees a terminated
# instance's): its world gets /20 subnets, room for a whole run's launches (AddressLedger counts them anyway).
ROOMY_SUBNET_CIDRS = ("10.0.0.0/20", "10.0.16.0/20")
ROOMY_IPV4_ONLY_CIDR = "10.0.64.0/20"
IPV6_ONLY_BLOCK = 2  # the VPC's third /64 (the dual-stack subnets have the first two)
# m6a.large: the one with AMD SEV-SNP, m8i.large: nested virtualization and bandwidth weighting (DescribeInstanceTypes),
# so the members that need them are drawn; t2.micro (Xen) delegates no prefixes.
CANDIDATE_TYPES = ("t3.micro", "t2.micro", "m5.large", "c5.large", "m6a.large", "m8i.large")
IMAGE_NAME_PATTERNS = ("al2023-ami-*", "amzn2-ami-*")
WANTED_IMAGES = 2


def _optional(what: str, action: Callable[[], Any]) -> Any:
    """Run an optional creation; None when the emulator does not support it."""
    try:
        return action()
    except Exception as exc:  # emulators answer NotImplemented in many shapes
        log.debug("world: %s not available: %s", what, exc)
        return None


def _zones(ec2: Any) -> tuple[AvailabilityZone, ...]:
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    ordered = sorted(zones, key=lambda z: z["ZoneName"])
    return tuple(AvailabilityZone(z["ZoneName"], z.get("ZoneId", z["ZoneName"])) for z in ordered[:2])


def _image_of(raw: dict[str, Any]) -> Image:
    root_name = raw.get("RootDeviceName") or "/dev/xvda"
    mappings: list[dict[str, Any]] = raw.get("BlockDeviceMappings", [])
    root: dict[str, Any] = next((m for m in mappings if m.get("DeviceName") == root_name), {})
    size = int(root.get("Ebs", {}).get("VolumeSize") or 8)
    encrypted = root.get("Ebs", {}).get("Encrypted")
    ena = raw.get("EnaSupport")
    return Image(  # R-AMI-8, R-HIB-5: facts the answer does not carry stay unknown (None)
        raw["ImageId"], raw.get("Architecture") or "x86_64", root_name, size,
        ena_support=ena if isinstance(ena, bool) else None,
        root_encrypted=encrypted if isinstance(encrypted, bool) else None,
    )


def _encryption_by_default(ec2: Any) -> bool | None:
    """R-HIB-5: GetEbsEncryptionByDefault, where the emulator answers it."""
    answer = _optional("EBS encryption by default", ec2.get_ebs_encryption_by_default)
    value = answer.get("EbsEncryptionByDefault") if isinstance(answer, dict) else None
    return value if isinstance(value, bool) else None


def _images(ec2: Any, prefix: str) -> tuple[Image, ...]:
    filters = [{"Name": "architecture", "Values": ["x86_64"]}]
    found: list[dict[str, Any]] = []
    for pattern in IMAGE_NAME_PATTERNS:
        found = ec2.describe_images(Filters=[*filters, {"Name": "name", "Values": [pattern]}])["Images"]
        if found:
            break
    if not found:
        found = [i for i in ec2.describe_images()["Images"] if i.get("Architecture", "x86_64") == "x86_64"]
    ordered = sorted(found, key=lambda i: i["ImageId"])[:WANTED_IMAGES]
    if not ordered:
        ordered = [_register_image(ec2, prefix)]
    return tuple(_image_of(i) for i in ordered)


def _register_image(ec2: Any, prefix: str) -> dict[str, Any]:
    image_id = ec2.register_image(
        Name=f"{prefix}-image", Architecture="x86_64", RootDeviceName="/dev/xvda", VirtualizationType="hvm"
    )["ImageId"]
    return {"ImageId": image_id, "Architecture": "x86_64", "RootDeviceName": "/dev/xvda"}


def _instance_types(ec2: Any) -> tuple[str, ...]:
    offered = _optional(
        "instance type offerings",
        lambda: ec2.describe_instance_type_offerings(
            Filters=[{"Name": "instance-type", "Values": list(CANDIDATE_TYPES)}]
        )["InstanceTypeOfferings"],
    )
    if not offered:
        return CANDIDATE_TYPES
    names = {o["InstanceType"] for o in offered}
    return tuple(t for t in CANDIDATE_TYPES if t in names) or CANDIDATE_TYPES


def _default_vpc(ec2: Any) -> str | None:
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    return str(vpcs[0]["VpcId"]) if vpcs else None


def _vpc(ec2: Any) -> tuple[str, str | None]:
    """A VPC with an Amazon-provided IPv6 block where supported: (vpc id, IPv6 /56 or None)."""
    vpc = _optional(
        "IPv6 VPC", lambda: ec2.create_vpc(CidrBlock=VPC_CIDR, AmazonProvidedIpv6CidrBlock=True)["Vpc"]
    )
    if vpc is None:
        vpc = ec2.create_vpc(CidrBlock=VPC_CIDR)["Vpc"]
    blocks = [a.get("Ipv6CidrBlock") for a in vpc.get("Ipv6CidrBlockAssociationSet", [])]
    return str(vpc["VpcId"]), next((b for b in blocks if b), None)


def _create_subnet(ec2: Any, args: dict[str, Any], ipv6: str) -> Any:
    return _optional("IPv6 subnet", lambda: ec2.create_subnet(**args, Ipv6CidrBlock=ipv6))


def _subnets(
    ec2: Any, vpc_id: str, ipv6: str | None, zones: tuple[AvailabilityZone, ...], roomy: bool = False
) -> tuple[Subnet, ...]:
    cidrs = ROOMY_SUBNET_CIDRS if roomy else SUBNET_CIDRS
    v6_blocks = list(ipaddress.ip_network(ipv6).subnets(new_prefix=64))[:2] if ipv6 else []
    subnets = []
    for index, zone in enumerate(zones[:2] if len(zones) > 1 else zones * 2):
        args: dict[str, Any] = {
            "VpcId": vpc_id,
            "CidrBlock": cidrs[index],
            "AvailabilityZone": zone.name,
        }
        v6 = str(v6_blocks[index]) if v6_blocks else None
        made = _create_subnet(ec2, args, v6) if v6 else None
        if made is None:
            made, v6 = ec2.create_subnet(**args), None
        subnet = made["Subnet"]
        subnets.append(Subnet(subnet["SubnetId"], vpc_id, zone.name, cidrs[index], v6))
    return tuple(subnets)


def _single_stack_subnets(
    ec2: Any, vpc_id: str, ipv6: str | None, zone: AvailabilityZone, roomy: bool = False
) -> tuple[Subnet, ...]:
    """An IPv4-only subnet (R-NET-17) beside the dual-stack ones, and an IPv6-only one (R-NIC-21) where the
    emulator has them; none when the VPC has no IPv6 block (every subnet is IPv4-only then)."""
    if ipv6 is None:
        return ()
    cidr = ROOMY_IPV4_ONLY_CIDR if roomy else IPV4_ONLY_CIDR
    made = [Subnet(ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=zone.name)[
        "Subnet"]["SubnetId"], vpc_id, zone.name, cidr)]
    v6 = str(list(ipaddress.ip_network(ipv6).subnets(new_prefix=64))[IPV6_ONLY_BLOCK])
    native = _optional("IPv6-only subnet", lambda: ec2.create_subnet(
        VpcId=vpc_id, Ipv6Native=True, Ipv6CidrBlock=v6, AvailabilityZone=zone.name)["Subnet"])
    if native is not None and not native.get("CidrBlock"):
        made.append(Subnet(native["SubnetId"], vpc_id, zone.name, "", v6))
    return tuple(made)


def _security_groups(ec2: Any, vpc_id: str, default_vpc: str | None, prefix: str) -> tuple[SecurityGroup, ...]:
    """Two groups in the world's VPC, and one in the default VPC (a group of another VPC, R-NET-11/12)."""
    groups = []
    for suffix in ("a", "b"):
        name = f"{prefix}-{suffix}"
        group_id = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc_id)["GroupId"]
        groups.append(SecurityGroup(group_id, name, vpc_id))
    if default_vpc is not None and default_vpc != vpc_id:
        # The default VPC is shared by every world built on this endpoint (xdist workers, earlier runs):
        # the name carries this world's VPC id so that worlds never collide.
        name = f"{PREFIX}-{vpc_id}"
        made = _optional("security group in the default VPC", lambda: ec2.create_security_group(
            GroupName=name, Description=name, VpcId=default_vpc)["GroupId"])
        if made is not None:
            groups.append(SecurityGroup(str(made), name, default_vpc))
    return tuple(groups)


def _launch_templates(ec2: Any, image: Image, instance_type: str, prefix: str) -> tuple[LaunchTemplate, ...]:
    name = f"{prefix}-template"
    made = _optional(
        "launch template",
        lambda: ec2.create_launch_template(
            LaunchTemplateName=name,
            LaunchTemplateData={"ImageId": image.image_id, "InstanceType": instance_type},
        ),
    )
    if made is None:
        return ()
    return (LaunchTemplate(made["LaunchTemplate"]["LaunchTemplateId"], name),)


def _placement_groups(ec2: Any, prefix: str) -> tuple[PlacementGroup, ...]:
    name = f"{prefix}-pg"
    made = _optional(
        "placement group",
        lambda: ec2.create_placement_group(GroupName=name, Strategy="partition", PartitionCount=2),
    )
    if made is None:
        return ()
    group = (
        made.get("PlacementGroup") or ec2.describe_placement_groups(GroupNames=[name])["PlacementGroups"][0]
    )
    return (PlacementGroup(name, group.get("GroupId", ""), group.get("Strategy", "partition")),)


def _snapshots(ec2: Any, zone: str) -> tuple[str, ...]:
    def create() -> str:
        volume = ec2.create_volume(AvailabilityZone=zone, Size=8)["VolumeId"]
        return str(ec2.create_snapshot(VolumeId=volume)["SnapshotId"])

    made = _optional("snapshot", create)
    return (made,) if made else ()


def _one(what: str, action: Callable[[], Any]) -> tuple[str, ...]:
    made = _optional(what, action)
    return (str(made),) if made else ()


# R-CR-2: a Capacity Reservation group is a resource group of this configuration ([UG cr-groups-create]).
CAPACITY_RESERVATION_POOL = [
    {"Type": "AWS::EC2::CapacityReservationPool"},
    {"Type": "AWS::ResourceGroups::Generic",
     "Parameters": [{"Name": "allowed-resource-types", "Values": ["AWS::EC2::CapacityReservation"]}]},
]


def _capacity_reservation_group(client_for: ClientFor, prefix: str) -> tuple[str, ...]:
    """A Capacity Reservation group (empty: no emulator here creates reservations) where resource groups exist."""
    return _one("capacity reservation group", lambda: client_for("resource-groups").create_group(
        Name=f"{prefix}-reservations", Configuration=CAPACITY_RESERVATION_POOL)["Group"]["GroupArn"])


def _tag_owned(ec2: Any, owner: str, resources: list[str]) -> None:
    """Tag the world's own VPC, subnets and groups with the worker that owns them (a shared server)."""
    if owner:
        _optional("owner tags", lambda: ec2.create_tags(Resources=resources, Tags=[{"Key": OWNER_TAG,
                                                                                     "Value": owner}]))


def build_world(region: str, client_for: ClientFor, owner: str = "", roomy: bool = False) -> World:
    """Create the world's resources on an emulator (always in this order, so seeded ids repeat).

    `owner` (an xdist worker id) when several worlds share one server: the names of its key pair, groups,
    template, placement group and instance profile carry it, so worlds never collide, and its VPC, subnets and
    groups are tagged with it (OWNER_TAG). `roomy`: /20 subnets, for a target that never frees addresses."""
    prefix = f"{PREFIX}-{owner}" if owner else PREFIX
    ec2 = client_for("ec2")
    zones, images, types = _zones(ec2), _images(ec2, prefix), _instance_types(ec2)
    default_vpc = _default_vpc(ec2)
    vpc_id, ipv6 = _vpc(ec2)
    subnets = _subnets(ec2, vpc_id, ipv6, zones, roomy) + _single_stack_subnets(ec2, vpc_id, ipv6, zones[0], roomy)
    groups = _security_groups(ec2, vpc_id, default_vpc, prefix)
    _tag_owned(ec2, owner, [vpc_id, *(s.subnet_id for s in subnets), *(g.group_id for g in groups)])
    key_names = _one("key pair", lambda: ec2.create_key_pair(KeyName=f"{prefix}-key")["KeyName"])
    facts = describe_instance_types(ec2, types)
    return World(
        region=region,
        images=images,
        instance_types=types,
        availability_zones=zones,
        vpc_id=vpc_id,
        subnets=subnets,
        security_groups=groups,
        key_names=key_names,
        launch_templates=_launch_templates(ec2, images[0], types[0], prefix),
        placement_groups=_placement_groups(ec2, prefix),
        has_default_vpc=default_vpc is not None,
        default_vpc_id=default_vpc,
        snapshot_ids=_snapshots(ec2, zones[0].name),
        network_interface_ids=_one(
            "network interface",
            lambda: ec2.create_network_interface(SubnetId=subnets[0].subnet_id, Groups=[groups[0].group_id])[
                "NetworkInterface"
            ]["NetworkInterfaceId"],
        ),
        kms_key_ids=_one("KMS key", lambda: client_for("kms").create_key()["KeyMetadata"]["Arn"]),
        instance_profile_arns=_one(
            "instance profile",
            lambda: client_for("iam").create_instance_profile(InstanceProfileName=f"{prefix}-profile")[
                "InstanceProfile"
            ]["Arn"],
        ),
        ebs_encryption_by_default=_encryption_by_default(ec2),
        instance_type_facts=facts,
        instance_type_source=SOURCE if facts else "",
        capacity_reservation_group_arns=_capacity_reservation_group(client_for, prefix),
    )
