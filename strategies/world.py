"""The world: account resources that valid requests may name.

The same strategies serve moto, an emulator and a real account because they only ever name
resources listed here. Targets build (emulators) or discover (real EC2, read-only) a World.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strategies.limits import (
    AMD_SEV_SNP_FAMILIES,
    AMD_SEV_SNP_FEATURE,
    EBS_OPTIMIZED_UNSUPPORTED_FAMILIES,
    ENA_REQUIRED_FAMILIES,
    FEATURE_MANUFACTURERS,
    NESTED_VIRTUALIZATION_FAMILIES,
    NESTED_VIRTUALIZATION_FEATURE,
    instance_family,
    is_burstable,
)

MISSING_NAME_PREFIX = "conformance-missing-"  # names a mutation draws for a resource no world has (or creates)


@dataclass(frozen=True)
class Subnet:
    subnet_id: str
    vpc_id: str
    availability_zone: str
    cidr_block: str
    ipv6_cidr_block: str | None = None


@dataclass(frozen=True)
class SecondarySubnet:
    """A subnet of a secondary network (DescribeSecondarySubnets). The facts EC2 decides secondary interfaces by
    (None: not known, and no member that depends on it is drawn). R-SEC-4, R-SEC-5, R-SEC-8, R-SEC-9."""

    subnet_id: str
    availability_zone: str
    cidr_block: str
    ipv6_cidr_block: str | None = None
    network_type: str | None = None  # SecondaryNetworkType: rdma | virtual-edge
    ipv6_listed: bool = False  # its IPv6 blocks were read, so no block means none (else: not known)

    @property
    def has_ipv6(self) -> bool | None:
        """R-SEC-4: an IPv6 secondary subnet (None where the World did not read its IPv6 blocks)."""
        if self.ipv6_cidr_block:
            return True
        return False if self.ipv6_listed else None


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


@dataclass(frozen=True)
class InstanceType:
    """What DescribeInstanceTypes and DescribeInstanceTypeOfferings say about one type (None, (): not known,
    and no rule decides on it, nor is a member drawn that depends on it). R-CPU-2..4, R-HIB-6, R-EBSO-1, R-AMI-8,
    R-CREDIT-3, R-ITYPE-2, R-NIC-10."""

    name: str
    architectures: tuple[str, ...] = ()  # ProcessorInfo.SupportedArchitectures
    burstable: bool | None = None  # BurstablePerformanceSupported
    ebs_optimized: str | None = None  # EbsInfo.EbsOptimizedSupport: unsupported | supported | default
    ena: str | None = None  # NetworkInfo.EnaSupport: unsupported | supported | required
    hibernation: bool | None = None  # HibernationSupported
    nitro: bool | None = None  # Hypervisor == nitro
    vcpus: int | None = None  # VCpuInfo.DefaultVCpus
    default_cores: int | None = None
    default_threads: int | None = None
    valid_cores: tuple[int, ...] | None = None  # VCpuInfo.ValidCores; () where CPU options are not offered
    valid_threads: tuple[int, ...] | None = None  # VCpuInfo.ValidThreadsPerCore
    zones: tuple[str, ...] | None = None  # the zone names that offer it (DescribeInstanceTypeOfferings)
    ebs_encryption: str | None = None  # EbsInfo.EncryptionSupport: supported | unsupported (R-BDM-12)
    manufacturer: str | None = None  # ProcessorInfo.Manufacturer: AMD | Intel | AWS | Apple
    supported_features: tuple[str, ...] | None = None  # ProcessorInfo.SupportedFeatures (None: not listed)
    bandwidth_weightings: tuple[str, ...] | None = None  # NetworkInfo.BandwidthWeightings (None: not listed)

    @property
    def ebs_optimized_by_default(self) -> bool | None:
        return None if self.ebs_optimized is None else self.ebs_optimized == "default"

    @property
    def ena_required(self) -> bool | None:
        return None if self.ena is None else self.ena == "required"

    def offered_in(self, zone: str) -> bool | None:
        return None if self.zones is None else zone in self.zones

    def has_feature(self, feature: str) -> bool | None:
        """R-CPU-2/3: SupportedFeatures lists `feature`; a processor of another maker than the one that offers it
        never has it (None where neither is known)."""
        if self.supported_features is not None:
            return feature in self.supported_features
        maker = FEATURE_MANUFACTURERS.get(feature)
        if self.manufacturer is not None and maker is not None and self.manufacturer != maker:
            return False
        return None

    def cpu_options_valid(self, cores: int, threads: int) -> bool | None:
        """R-CPU-4: both counts among the type's valid options (None where the type's options are unknown)."""
        if self.valid_cores is None or self.valid_threads is None:
            return None
        return cores in self.valid_cores and threads in self.valid_threads


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
    secondary_subnets: tuple[SecondarySubnet, ...] = ()
    # GetEbsEncryptionByDefault (None: not known). R-HIB-5: an unencrypted root cannot hibernate.
    ebs_encryption_by_default: bool | None = None
    # DescribeInstanceTypes facts of (some of) `instance_types`, with their provenance ("DescribeInstanceTypes
    # at <endpoint>", or the committed table's name); a type without facts decides nothing.
    instance_type_facts: tuple[InstanceType, ...] = ()
    instance_type_source: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.images:
            raise ValueError("World needs at least one image (AMI)")
        if not self.instance_types:
            raise ValueError("World needs at least one instance type")
        if not self.subnets:
            raise ValueError("World needs at least one subnet")
        unknown = {t.name for t in self.instance_type_facts} - set(self.instance_types)
        if unknown:
            raise ValueError(f"World has facts of instance types it does not list: {sorted(unknown)}")

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

    def type_facts(self, name: object) -> InstanceType | None:
        return next((t for t in self.instance_type_facts if t.name == name), None)

    def offers(self, instance_type: object, zone: str) -> bool:
        """R-ITYPE-2: the zone offers the type, or the World does not know otherwise."""
        facts = self.type_facts(instance_type)
        return facts is None or facts.offered_in(zone) is not False

    def burstable(self, instance_type: str) -> bool:
        """R-CREDIT-3: BurstablePerformanceSupported where known, else the T family by name."""
        facts = self.type_facts(instance_type)
        known = facts.burstable if facts is not None else None
        return is_burstable(instance_type) if known is None else known

    def ena_required(self, instance_type: str) -> bool:
        """R-AMI-8: EnaSupport=required where known, else the Nitro families of strategies.limits."""
        facts = self.type_facts(instance_type)
        known = facts.ena_required if facts is not None else None
        return instance_family(instance_type) in ENA_REQUIRED_FAMILIES if known is None else known

    def ebs_optimization_unsupported(self, instance_type: str) -> bool:
        """R-EBSO-1: EbsOptimizedSupport=unsupported where known, else the t1/t2 families by name."""
        facts = self.type_facts(instance_type)
        if facts is None or facts.ebs_optimized is None:
            return instance_family(instance_type) in EBS_OPTIMIZED_UNSUPPORTED_FAMILIES
        return facts.ebs_optimized == "unsupported"

    def encryption_unsupported(self, instance_type: object) -> bool:
        """R-BDM-12: the World knows the type cannot attach encrypted volumes (EncryptionSupport=unsupported)."""
        facts = self.type_facts(instance_type)
        return facts is not None and facts.ebs_encryption == "unsupported"

    def nitro_known_not(self, instance_type: object) -> bool:
        """R-BDM-23: the World knows the type is not built on the Nitro System (its hypervisor is not nitro)."""
        facts = self.type_facts(instance_type)
        return facts is not None and facts.nitro is False

    def has_feature(self, instance_type: object, feature: str) -> bool:
        """The World knows the type's processor offers `feature` (CpuOptions.AmdSevSnp, .NestedVirtualization
        are drawn only then)."""
        facts = self.type_facts(instance_type)
        return facts is not None and facts.has_feature(feature) is True

    def sev_snp_unsupported(self, instance_type: object) -> bool:
        """R-CPU-2: the type lacks AMD SEV-SNP (DescribeInstanceTypes; where it does not say: not M6a/R6a/C6a)."""
        return self._lacks(instance_type, AMD_SEV_SNP_FEATURE, AMD_SEV_SNP_FAMILIES)

    def nested_virtualization_unsupported(self, instance_type: object) -> bool:
        """R-CPU-3: the type lacks nested virtualization (DescribeInstanceTypes; where it does not say: the
        documented families)."""
        return self._lacks(instance_type, NESTED_VIRTUALIZATION_FEATURE, NESTED_VIRTUALIZATION_FAMILIES)

    def _lacks(self, instance_type: object, feature: str, families: frozenset[str]) -> bool:
        facts = self.type_facts(instance_type)
        known = facts.has_feature(feature) if facts is not None else None
        if known is not None:
            return not known
        return isinstance(instance_type, str) and instance_family(instance_type) not in families

    def bandwidth_weightings(self, instance_type: object) -> tuple[str, ...]:
        """R-NPO-1: the BandwidthWeighting values DescribeInstanceTypes lists for the type (none where it lists
        none, or the World has no facts of the type: the member is not drawn)."""
        facts = self.type_facts(instance_type)
        return () if facts is None or facts.bandwidth_weightings is None else facts.bandwidth_weightings

    def prefix_delegation(self, instance_type: object) -> bool:
        """R-NIC-10: the World knows the type is built on the Nitro System, the only one that delegates prefixes
        to interfaces ([UG] "Assign prefixes to network interfaces": Nitro-based instances only)."""
        facts = self.type_facts(instance_type)
        return facts is not None and facts.nitro is True

    def hibernation_unsupported(self, instance_type: object) -> bool:
        """R-HIB-6: the World knows the type does not support hibernation (HibernationSupported=false)."""
        facts = self.type_facts(instance_type)
        return facts is not None and facts.hibernation is False

    @property
    def image_ids(self) -> tuple[str, ...]:
        return tuple(image.image_id for image in self.images)

    def image(self, image_id: str) -> Image | None:
        return next((i for i in self.images if i.image_id == image_id), None)

    def subnet(self, subnet_id: str) -> Subnet | None:
        return next((s for s in self.subnets if s.subnet_id == subnet_id), None)

    def secondary_subnet(self, subnet_id: object) -> SecondarySubnet | None:
        return next((s for s in self.secondary_subnets if s.subnet_id == subnet_id), None)

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


def _example_type(name: str, burstable: bool, ebs: str, ena: str, nitro: bool, cores: tuple[int, ...],
                  zones: tuple[str, ...], maker: str = "Intel", features: tuple[str, ...] | None = None,
                  weightings: tuple[str, ...] | None = None) -> InstanceType:
    """DescribeInstanceTypes' answer for a two-vCPU (one for t2.micro) type, as moto 5.2 reports it."""
    threads = (1, 2) if cores else ()
    return InstanceType(
        name, ("x86_64",), burstable, ebs, ena, True, nitro, 2 if cores else 1, 1, 2 if cores else 1,
        cores, threads, zones, "supported", maker, features, weightings,
    )


def example_instance_types(zones: tuple[str, ...]) -> tuple[InstanceType, ...]:
    """The facts of example_world()'s types (moto 5.2's DescribeInstanceTypes; every zone offers them): m6a.large
    alone offers AMD SEV-SNP, m8i.large alone nested virtualization and bandwidth weighting, t2.micro (Xen) no
    prefix delegation."""
    return (
        _example_type("t3.micro", True, "default", "required", True, (1,), zones),
        _example_type("t2.micro", True, "unsupported", "unsupported", False, (), zones),
        _example_type("m5.large", False, "default", "required", True, (1,), zones),
        _example_type("c5.large", False, "default", "required", True, (1,), zones),
        _example_type("m6a.large", False, "default", "required", True, (1,), zones, "AMD", (AMD_SEV_SNP_FEATURE,)),
        _example_type("m8i.large", False, "default", "required", True, (1,), zones, "Intel",
                      (NESTED_VIRTUALIZATION_FEATURE, "metal-compatibility"), ("default", "ebs-1", "vpc-1")),
    )


def example_world(region: str = "us-east-1") -> World:
    """A synthetic world with every resource kind, for tests and coverage (never sent anywhere)."""
    zones = (AvailabilityZone(f"{region}a", "use1-az1"), AvailabilityZone(f"{region}b", "use1-az2"))
    vpc = "vpc-0a1b2c3d4e5f60718"
    return World(
        region=region,
        images=(Image("ami-0123456789abcdef0"), Image("ami-0fedcba9876543210", root_snapshot_size=30)),
        instance_types=("t3.micro", "t2.micro", "m5.large", "c5.large", "m6a.large", "m8i.large"),
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
        instance_type_facts=example_instance_types(tuple(z.name for z in zones)),
        instance_type_source="moto 5.2 DescribeInstanceTypes (example)",
        secondary_subnets=(
            SecondarySubnet("subnet-0c1b2c3d4e5f60718", zones[0].name, "10.0.8.0/24", None, "virtual-edge", True),
            SecondarySubnet("subnet-0c2b2c3d4e5f60718", zones[0].name, "10.0.9.0/24", "2600:1f18:0:8::/64",
                            "virtual-edge", True),
            SecondarySubnet("subnet-0c3b2c3d4e5f60718", zones[0].name, "10.0.10.0/24", None, "rdma", True),
        ),
    )
