"""Variants of `example_world()` for rules that example_world() cannot break (no default VPC, two VPCs,
IPv4-only and IPv6-only subnets, an image without ENA, unencrypted roots). Built with `dataclasses.replace`;
shared by the oracle and rule tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from strategies.world import Image, InstanceType, SecurityGroup, Subnet, World, example_world

WORLD = example_world()
OTHER_VPC = "vpc-0ffffffffffffffff"
# A subnet and a security group of a second, non-default VPC (R-NET-11, R-NET-12).
FOREIGN_SUBNET = Subnet(
    "subnet-0f1b2c3d4e5f60718", OTHER_VPC, "us-east-1a", "10.9.0.0/24", "2600:1f18:0:a::/64"
)
FOREIGN_SG = SecurityGroup("sg-0f1b2c3d4e5f60718", "foreign", OTHER_VPC)
# IPv4-only (R-NET-17) and IPv6-only (R-NIC-21) subnets of the default VPC.
V4_ONLY = Subnet("subnet-0d1b2c3d4e5f60718", WORLD.vpc_id, "us-east-1a", "10.0.4.0/24")
V6_ONLY = Subnet("subnet-0e1b2c3d4e5f60718", WORLD.vpc_id, "us-east-1b", "", "2600:1f18:0:9::/64")
ARM_IMAGE = Image("ami-053eed19246a58e8a", architecture="arm64")  # OBS-ARCH's AMI id

NO_DEFAULT_VPC = dataclasses.replace(WORLD, has_default_vpc=False, default_vpc_id=None)
TWO_VPCS = dataclasses.replace(
    WORLD,
    subnets=(*WORLD.subnets, FOREIGN_SUBNET),
    security_groups=(*WORLD.security_groups, FOREIGN_SG),
)
IPV4_ONLY = dataclasses.replace(WORLD, subnets=(*WORLD.subnets, V4_ONLY))
IPV6_ONLY = dataclasses.replace(WORLD, subnets=(*WORLD.subnets, V6_ONLY))
WITH_ARM_IMAGE = dataclasses.replace(WORLD, images=(*WORLD.images, ARM_IMAGE))
# R-AMI-8: an image registered without ENA (ri-ami-ena-required's automation registered it so).
NON_ENA_IMAGE = Image("ami-0e0a0e0a0e0a0e0a0", ena_support=False)
WITH_NON_ENA_IMAGE = dataclasses.replace(WORLD, images=(*WORLD.images, NON_ENA_IMAGE))
# R-HIB-5: an account without EBS encryption by default whose AMIs have unencrypted root snapshots.
UNENCRYPTED = dataclasses.replace(
    WORLD, ebs_encryption_by_default=False,
    images=tuple(dataclasses.replace(i, root_encrypted=False) for i in WORLD.images),
)

# R-HIB-6, R-ITYPE-2: types DescribeInstanceTypes says cannot hibernate (RAM above 150 GB), and types one zone
# does not offer (synthetic offerings: zone b lacks c5n.large, zone a lacks m5n.large).
_ZONES = tuple(z.name for z in WORLD.availability_zones)
LIMITED_TYPES = (
    InstanceType("m5.24xlarge", ("x86_64",), False, "default", "required", False, True, 96, 48, 2,
                 tuple(range(4, 49, 2)), (1, 2), _ZONES),
    InstanceType("c5n.large", ("x86_64",), False, "default", "required", True, True, 2, 1, 2, (1,), (1, 2),
                 _ZONES[:1]),
    InstanceType("m5n.large", ("x86_64",), False, "default", "required", True, True, 2, 1, 2, (1,), (1, 2),
                 _ZONES[1:]),
)
# R-BDM-12: a previous-generation type without EBS encryption (t1.micro, as DescribeInstanceTypes shows it).
T1_MICRO = InstanceType("t1.micro", ("i386", "x86_64"), False, "unsupported", "unsupported", False, False, 1, 1, 1,
                        (), (), _ZONES, "unsupported")
WITH_UNENCRYPTABLE_TYPE = dataclasses.replace(
    WORLD, instance_types=(*WORLD.instance_types, T1_MICRO.name),
    instance_type_facts=(*WORLD.instance_type_facts, T1_MICRO),
)
WITH_LIMITED_TYPES = dataclasses.replace(
    WORLD, instance_types=(*WORLD.instance_types, *(t.name for t in LIMITED_TYPES)),
    instance_type_facts=(*WORLD.instance_type_facts, *LIMITED_TYPES),
)


@dataclasses.dataclass(frozen=True)
class Variant:
    """A world, and the world valid base requests are drawn from (a request valid in `base` is valid in
    `world` when `world` only adds resources)."""

    name: str
    world: World
    base: World


# In the order a test tries them: example_world() first.
VARIANTS: tuple[Variant, ...] = (
    Variant("example", WORLD, WORLD),
    Variant("no-default-vpc", NO_DEFAULT_VPC, NO_DEFAULT_VPC),
    Variant("two-vpcs", TWO_VPCS, WORLD),
    Variant("ipv4-only-subnet", IPV4_ONLY, WORLD),
    Variant("ipv6-only-subnet", IPV6_ONLY, IPV6_ONLY),
    Variant("non-ena-image", WITH_NON_ENA_IMAGE, WORLD),
    Variant("unencrypted-roots", UNENCRYPTED, WORLD),
    Variant("limited-types", WITH_LIMITED_TYPES, WORLD),
    Variant("unencryptable-type", WITH_UNENCRYPTABLE_TYPE, WORLD),
)


def variant_for(applicable: Callable[[World], bool]) -> Variant | None:
    """The first of example_world() and its variants that `applicable(world)` accepts."""
    return next((v for v in VARIANTS if applicable(v.world)), None)
