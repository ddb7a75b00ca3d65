"""The world: account resources that valid requests may name.

The same strategies serve moto, an emulator and a real account because they only ever name
resources listed here. Targets build (emulators) or discover (real EC2, read-only) a World.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Subnet:
    subnet_id: str
    vpc_id: str
    availability_zone: str
    cidr_block: str
    ipv6_cidr_block: str | None = None


@dataclass(frozen=True)
class SecurityGroup:
    group_id: str
    group_name: str
    vpc_id: str


@dataclass(frozen=True)
class LaunchTemplate:
    template_id: str
    template_name: str
    versions: tuple[str, ...] = ("1",)
    supplies_image: bool = True


@dataclass(frozen=True)
class PlacementGroup:
    group_name: str
    group_id: str
    strategy: str  # cluster | spread | partition
    partition_count: int = 2  # partition strategy only


@dataclass(frozen=True)
class AvailabilityZone:
    name: str
    zone_id: str


@dataclass(frozen=True)
class Image:
    image_id: str
    architecture: str = "x86_64"
    root_device_name: str = "/dev/xvda"
    root_snapshot_size: int = 8
    # Facts EC2 decides by (None: not known for this target, and no rule decides on it). R-AMI-8, R-HIB-5.
    ena_support: bool | None = None  # DescribeImages EnaSupport
    root_encrypted: bool | None = None  # the root snapshot's Encrypted


@dataclass(frozen=True, repr=False)
class World:
    """Resources of one target account and region, as seen at the start of every example."""

    region: str
    images: tuple[Image, ...]
    instance_types: tuple[str, ...]
    availability_zones: tuple[AvailabilityZone, ...]
    vpc_id: str
    subnets: tuple[Subnet, ...]
    security_groups: tuple[SecurityGroup, ...]
    key_names: tuple[str, ...] = ()
    launch_templates: tuple[LaunchTemplate, ...] = ()
    placement_groups: tuple[PlacementGroup, ...] = ()
    has_default_vpc: bool = True
    default_vpc_id: str | None = None
    # Optional resource kinds; members that need them are omitted when empty.
    snapshot_ids: tuple[str, ...] = ()
    kms_key_ids: tuple[str, ...] = ()
    kernel_ids: tuple[str, ...] = ()
    ramdisk_ids: tuple[str, ...] = ()
    instance_profile_arns: tuple[str, ...] = ()
    network_interface_ids: tuple[str, ...] = ()
    capacity_reservation_ids: tuple[str, ...] = ()
    license_configuration_arns: tuple[str, ...] = ()
    snapshot_sizes: tuple[tuple[str, int], ...] = ()  # (snapshot id, GiB) where known
    host_ids: tuple[str, ...] = ()
    host_resource_group_arns: tuple[str, ...] = ()
    capacity_reservation_group_arns: tuple[str, ...] = ()
    outpost_arns: tuple[str, ...] = ()
    metric_category_ids: tuple[str, ...] = ()
    secondary_subnets: tuple[Subnet, ...] = ()
    # GetEbsEncryptionByDefault (None: not known). R-HIB-5: an unencrypted root cannot hibernate.
    ebs_encryption_by_default: bool | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.images:
            raise ValueError("World needs at least one image (AMI)")
        if not self.instance_types:
            raise ValueError("World needs at least one instance type")
        if not self.subnets:
            raise ValueError("World needs at least one subnet")

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{name}={len(getattr(self, name))}"
            for name in ("images", "instance_types", "subnets", "security_groups", "launch_templates")
        )
        return f"World(region={self.region!r}, vpc_id={self.vpc_id!r}, {counts}, …)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis and IPython pretty-print the short form too (strategy reprs stay readable)."""
        printer.text(repr(self))

    def snapshot_size(self, snapshot_id: str) -> int | None:
        return dict(self.snapshot_sizes).get(snapshot_id)

    @property
    def image_ids(self) -> tuple[str, ...]:
        return tuple(image.image_id for image in self.images)

    def image(self, image_id: str) -> Image | None:
        return next((i for i in self.images if i.image_id == image_id), None)

    def subnet(self, subnet_id: str) -> Subnet | None:
        return next((s for s in self.subnets if s.subnet_id == subnet_id), None)

    def security_group(self, ident: str) -> SecurityGroup | None:
        return next((g for g in self.security_groups if ident in (g.group_id, g.group_name)), None)

    def launch_template(self, ident: str) -> LaunchTemplate | None:
        return next(
            (t for t in self.launch_templates if ident in (t.template_id, t.template_name)), None
        )

    @property
    def instance_profile_names(self) -> tuple[str, ...]:
        """R-IAM-1: a profile's name is its ARN's last path segment."""
        return tuple(arn.rsplit("/", 1)[-1] for arn in self.instance_profile_arns)

    def zone(self, ident: str) -> AvailabilityZone | None:
        return next((z for z in self.availability_zones if ident in (z.name, z.zone_id)), None)


def example_world(region: str = "us-east-1") -> World:
    """A synthetic world with every resource kind, for tests and coverage (never sent anywhere)."""
    zones = (AvailabilityZone(f"{region}a", "use1-az1"), AvailabilityZone(f"{region}b", "use1-az2"))
    vpc = "vpc-0a1b2c3d4e5f60718"
    return World(
        region=region,
        images=(Image("ami-0123456789abcdef0"), Image("ami-0fedcba9876543210", root_snapshot_size=30)),
        instance_types=("t3.micro", "t2.micro", "m5.large", "c5.large"),
        availability_zones=zones,
        vpc_id=vpc,
        subnets=(
            Subnet("subnet-0a1b2c3d4e5f60718", vpc, zones[0].name, "10.0.0.0/24", "2600:1f18::/64"),
            Subnet("subnet-0b1b2c3d4e5f60718", vpc, zones[1].name, "10.0.1.0/24", "2600:1f18:0:1::/64"),
        ),
        security_groups=(
            SecurityGroup("sg-0a1b2c3d4e5f60718", "conformance-a", vpc),
            SecurityGroup("sg-0b1b2c3d4e5f60718", "conformance-b", vpc),
        ),
        key_names=("conformance-key",),
        launch_templates=(LaunchTemplate("lt-0a1b2c3d4e5f60718", "conformance-template"),),
        placement_groups=(PlacementGroup("conformance-pg", "pg-0a1b2c3d4e5f60718", "partition"),),
        has_default_vpc=True,
        default_vpc_id=vpc,
        snapshot_ids=("snap-0a1b2c3d4e5f60718",),
        kms_key_ids=("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",),
        kernel_ids=("aki-0a1b2c3d",),
        ramdisk_ids=("ari-0a1b2c3d",),
        instance_profile_arns=("arn:aws:iam::123456789012:instance-profile/conformance",),
        network_interface_ids=("eni-0a1b2c3d4e5f60718",),
        capacity_reservation_ids=("cr-0a1b2c3d4e5f60718",),
        license_configuration_arns=(
            "arn:aws:license-manager:us-east-1:123456789012:license-configuration:lic-0123456789abcdef",
        ),
        snapshot_sizes=(("snap-0a1b2c3d4e5f60718", 8),),
        host_ids=("h-0a1b2c3d4e5f60718",),
        host_resource_group_arns=(
            "arn:aws:resource-groups:us-east-1:123456789012:group/conformance-hosts",
        ),
        capacity_reservation_group_arns=(
            "arn:aws:resource-groups:us-east-1:123456789012:group/conformance-reservations",
        ),
        outpost_arns=("arn:aws:outposts:us-east-1:123456789012:outpost/op-0a1b2c3d4e5f60718",),
        metric_category_ids=("mc-0a1b2c3d4e5f60718",),
        secondary_subnets=(
            Subnet("subnet-0c1b2c3d4e5f60718", vpc, zones[0].name, "10.0.8.0/24"),
        ),
    )
