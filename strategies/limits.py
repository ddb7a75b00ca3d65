"""Numbers and vocabularies from the documented rules, each tagged with the rule id it comes from.

Strategies build valid values from these, predicates test against them, reports cite them.
Change a limit here (and its rule's citation), never in a strategy or a check.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

# R-COUNT-2: "Between 1 and the quota" -- counts start at 1.
MIN_INSTANCE_COUNT: Final = 1

# R-IDEM-1: "Constraints: Maximum 64 ASCII characters".
CLIENT_TOKEN_MAX: Final = 64

# R-TAG-1: resource types RunInstances can tag.
TAGGABLE_ON_LAUNCH: Final = frozenset({"instance", "volume", "spot-instances-request", "network-interface"})
# R-TAG-4: 128 per the User Guide and the observed error; botocore's text says 127. Valid requests stay
# at or under the smaller number; mutations go over the larger one; 128 itself is undetermined.
TAG_KEY_MAX: Final = 128
TAG_KEY_MAX_BC: Final = 127
TAG_VALUE_MAX: Final = 256  # R-TAG-5
TAGS_PER_RESOURCE_MAX: Final = 50  # R-TAG-9
TAG_RESERVED_PREFIX: Final = "aws:"  # R-TAG-6
# R-TAG-10: instance tag keys when instance metadata tags are enabled.
IMDS_TAG_KEY_PATTERN: Final = re.compile(r"[0-9a-zA-Z\-_+=,.@:]{1,255}")
IMDS_TAG_KEY_RESERVED: Final = frozenset({".", "..", "_index"})

# R-BDM-3: volume sizes in GiB per volume type (botocore model text).
VOLUME_SIZE_GIB: Final = {
    "gp2": (1, 16_384),
    "gp3": (1, 65_536),
    "io1": (4, 16_384),
    "io2": (4, 65_536),
    "st1": (125, 16_384),
    "sc1": (125, 16_384),
    "standard": (1, 1_024),
}
VOLUME_TYPES: Final = tuple(VOLUME_SIZE_GIB)  # R-BDM-9
# R-BDM-5: provisioned IOPS ranges; R-BDM-4: required for io1/io2; R-BDM-6: refused for the others.
IOPS_RANGE: Final = {"gp3": (3_000, 80_000), "io1": (100, 64_000), "io2": (100, 256_000)}
IOPS_REQUIRED: Final = frozenset({"io1", "io2"})
IOPS_FORBIDDEN: Final = frozenset({"gp2", "st1", "sc1", "standard"})
# R-BDM-7: maximum IOPS per GiB.
IOPS_PER_GIB_MAX: Final = {"io1": 50, "io2": 500, "gp3": 500}
# R-BDM-8: throughput, gp3 only, MiB/s.
THROUGHPUT_MIBS: Final = (125, 2_000)
THROUGHPUT_VOLUME_TYPES: Final = frozenset({"gp3"})
# R-BDM-15: volume initialization rate, MiB/s, only for volumes created from snapshots.
VOLUME_INIT_RATE_MIBS: Final = (100, 300)
# R-BDM-10: volume types that cannot boot.
NON_BOOT_VOLUME_TYPES: Final = frozenset({"st1", "sc1"})
# R-BDM-16: instance store virtual names.
VIRTUAL_NAME_PATTERN: Final = re.compile(r"ephemeral([0-9]|1[0-9]|2[0-3])")
# R-BDM-19: HVM device names (non-root): /dev/sd[b-z], /dev/xvd[b-z], /dev/xvd[b-c][a-z].
DEVICE_NAME_PATTERN: Final = re.compile(r"/dev/(sd[a-z]|xvd[a-z]|xvd[b-c][a-z]|sda1|sda2)")

# R-UD-2: user data, raw bytes before base64.
USER_DATA_MAX_BYTES: Final = 16_384

# R-MD-2: metadata hop limit.
HOP_LIMIT: Final = (1, 64)

# R-NIC-14..16: connection tracking timeouts, seconds.
TCP_ESTABLISHED_TIMEOUT: Final = (60, 432_000)
UDP_STREAM_TIMEOUT: Final = (60, 180)
UDP_TIMEOUT: Final = (30, 60)
# R-NIC-12: NetworkInterfaces.N.InterfaceType (a plain string in the model).
NIC_INTERFACE_TYPES: Final = ("interface", "efa", "efa-only")

# R-MKT-4: SpotOptions.MaxPrice must be more than USD 0.001.
SPOT_MAX_PRICE_FLOOR: Final = 0.001
# R-MKT-2: interruption behaviours a persistent Spot request accepts.
PERSISTENT_SPOT_BEHAVIOURS: Final = frozenset({"hibernate", "stop"})

# R-CREDIT-2: CpuCredits values.
CPU_CREDITS: Final = ("standard", "unlimited")
# R-CREDIT-3: burstable (T) families take a credit specification.
BURSTABLE_FAMILY: Final = re.compile(r"t\d+[a-z]*\.")
# R-CPU-2 / R-CPU-3: families that support AMD SEV-SNP / nested virtualization.
AMD_SEV_SNP_FAMILIES: Final = frozenset({"m6a", "r6a", "c6a"})
NESTED_VIRTUALIZATION_FAMILIES: Final = frozenset(
    {"c8i", "m8i", "r8i", "c8i-flex", "m8i-flex", "r8i-flex"}
)
# R-CPU-2 / R-CPU-3: DescribeInstanceTypes ProcessorInfo.SupportedFeatures values, and the processor makers
# (ProcessorInfo.Manufacturer) that alone can offer them (AMD SEV-SNP; "8th generation Intel-based").
AMD_SEV_SNP_FEATURE: Final = "amd-sev-snp"
NESTED_VIRTUALIZATION_FEATURE: Final = "nested-virtualization"
FEATURE_MANUFACTURERS: Final = {AMD_SEV_SNP_FEATURE: "AMD", NESTED_VIRTUALIZATION_FEATURE: "Intel"}

# R-LT-4: launch template names.
LAUNCH_TEMPLATE_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9\-_./()]{3,128}")

# Resource id forms, from the [ERR] ".Malformed" rows ("in the form ami-xxxxxxxxxxxxxxxxx").
ID_PATTERNS: Final = {
    "ami": re.compile(r"ami-([0-9a-f]{8}|[0-9a-f]{17})"),
    "subnet": re.compile(r"subnet-([0-9a-f]{8}|[0-9a-f]{17})"),
    "sg": re.compile(r"sg-([0-9a-f]{8}|[0-9a-f]{17})"),
    "lt": re.compile(r"lt-([0-9a-f]{8}|[0-9a-f]{17})"),
    "eni": re.compile(r"eni-([0-9a-f]{8}|[0-9a-f]{17})"),
    "snap": re.compile(r"snap-([0-9a-f]{8}|[0-9a-f]{17})"),
    "aki": re.compile(r"aki-([0-9a-f]{8}|[0-9a-f]{17})"),
    "ari": re.compile(r"ari-([0-9a-f]{8}|[0-9a-f]{17})"),
    "cr": re.compile(r"cr-([0-9a-f]{8}|[0-9a-f]{17})"),
    "pg": re.compile(r"pg-([0-9a-f]{8}|[0-9a-f]{17})"),
    "h": re.compile(r"h-([0-9a-f]{8}|[0-9a-f]{17})"),
}
# R-PROTO-8 / response ids.
RESPONSE_ID_PATTERNS: Final = {
    "InstanceId": re.compile(r"i-([0-9a-f]{8}|[0-9a-f]{17})"),
    "ReservationId": re.compile(r"r-([0-9a-f]{8}|[0-9a-f]{17})"),
}


def instance_family(instance_type: str) -> str:
    return instance_type.split(".", 1)[0]


def is_burstable(instance_type: str) -> bool:
    return BURSTABLE_FAMILY.match(instance_type) is not None


# --- Numbers the valid-request generator builds with (strategies/build), each tied to its rule. ---

# R-BDM-5: "The default for gp3 volumes is 3,000 IOPS."
GP3_BASELINE_IOPS: Final = 3_000
# R-BDM-5: io1/io2 "above 32,000 only on Nitro": valid requests stay at or below it.
IOPS_NON_NITRO_MAX: Final = 32_000
# R-BDM-8 ([UG]): gp3 throughput at most 0.25 MiB/s per provisioned IOPS.
THROUGHPUT_PER_IOPS_MAX: Final = 0.25
# R-BDM-19: non-root HVM device names are /dev/sd[b-z] or /dev/xvd[b-z]; one scheme per request.
DEVICE_NAME_PREFIXES: Final = ("/dev/sd", "/dev/xvd")
NON_ROOT_DEVICE_LETTERS: Final = "bcdefghijklmnopqrstuvwxyz"
# R-BDM-16: instance store virtual names ephemeral0 .. ephemeral23.
VIRTUAL_NAME_INDEX_MAX: Final = 23
# R-BDM-21: "The default EBS card index is 0."
EBS_CARD_INDEX_DEFAULT: Final = 0
# R-BDM-22: mappings per request in valid requests (well under every attachment limit).
BLOCK_DEVICE_MAPPINGS_VALID_MAX: Final = 4
# R-BDM-25: MultiAvailabilityZoneConfiguration.StandbyAvailabilityZones "You must specify exactly one."
STANDBY_ZONES_PER_VOLUME: Final = 1

# R-NIC-13: "The primary network interface must be assigned to network card index 0."
PRIMARY_NETWORK_CARD_INDEX: Final = 0
PRIMARY_DEVICE_INDEX: Final = 0  # R-NIC-1: "A primary network interface has a device index of 0."
# R-NIC-19: per-type address/attachment limits; the smallest types (t2.micro) take 2 ENIs with 2 IPv4
# and 2 IPv6 addresses each, so valid requests stay at or under these.
NETWORK_INTERFACES_VALID_MAX: Final = 2
SECONDARY_PRIVATE_IPS_VALID_MAX: Final = 1
IPV6_ADDRESSES_VALID_MAX: Final = 2
PREFIXES_VALID_MAX: Final = 1
ENA_QUEUE_COUNT_VALID: Final = (1, 2)
# R-NET-9: addresses AWS reserves in every subnet (first four, last one).
SUBNET_RESERVED_LEADING: Final = 4
SUBNET_RESERVED_TRAILING: Final = 1
# R-NIC-10: prefix delegation sizes.
IPV4_PREFIX_LENGTH: Final = 28
IPV6_PREFIX_LENGTH: Final = 80
# R-NIC-6: ENI descriptions (CreateNetworkInterface allows up to 255 characters).
NIC_DESCRIPTION_MAX: Final = 255
# R-SEC-1: SecondaryInterfaces.N.DeleteOnTermination "The only supported value for this field is true."
SECONDARY_INTERFACE_DELETE_ON_TERMINATION: Final = True
# R-SEC-5/8/9: the secondary network types (SecondaryNetworkType) the secondary interface members depend on.
VIRTUAL_EDGE_NETWORK: Final = "virtual-edge"
RDMA_NETWORK: Final = "rdma"
# R-SEC-3: SecondaryInterfaces.N.Ipv6AddressCount "The value must be greater than 0."
SECONDARY_IPV6_COUNT_MIN: Final = 1
# R-SEC-6: EnaQueueCount "must be a power of 2"; valid requests stay at 1 or 2, under any interface's
# maximum (the maxima are R-SEC-7's, not in the World).
SECONDARY_ENA_QUEUE_COUNTS: Final = (1, 2)

# R-PLC-5: partition numbers start at 1; a partition placement group has at most 7 partitions.
PARTITION_COUNT_MAX: Final = 7
# R-PLC-8: Placement.Affinity values (a plain string in the model).
PLACEMENT_AFFINITIES: Final = ("default", "host")
# R-PLC-3: "The host tenancy is not supported ... for T3 instances that are configured for the unlimited
# CPU credit option": valid requests put only non-burstable types on hosts.
HOST_TENANCY: Final = "host"

# R-MKT-4: valid maximum prices, in thousandths of a USD (strictly above the floor).
SPOT_MAX_PRICE_MILLIS_VALID: Final = (2, 100_000)
# R-MKT-7: BlockDurationMinutes (deprecated) took multiples of 60 up to 360.
SPOT_BLOCK_DURATIONS: Final = (60, 120, 180, 240, 300, 360)
# R-MKT-3: ValidUntil is a future date; valid requests use dates far enough ahead to stay future.
VALID_UNTIL_YEARS: Final = (2031, 2099)
# R-MKT-1: market types a request can use without a capacity-block reservation.
MARKET_TYPES_WITHOUT_RESERVATION: Final = ("spot", "on-demand")
# R-CR-1: preferences that cannot fail for lack of a matching reservation.
CAPACITY_PREFERENCES_ALWAYS_LAUNCH: Final = ("open", "none")
# R-CR-3: the one preference that may stand beside a CapacityReservationTarget.
CAPACITY_PREFERENCE_WITH_TARGET: Final = "capacity-reservations-only"

# R-CPU-1: both core count and threads per core; 1 core never exceeds any type's default vCPUs.
CPU_CORE_COUNT_VALID: Final = 1
THREADS_PER_CORE: Final = (1, 2)

# R-EBSO-1: "This optimization isn't available with all instance types" (families without it).
EBS_OPTIMIZED_UNSUPPORTED_FAMILIES: Final = frozenset({"t1", "t2"})

# R-EIA-1: "eia1.medium, eia1.large, eia1.xlarge, eia2.medium, eia2.large, and eia2.xlarge"; Count min 1.
ELASTIC_INFERENCE_TYPES: Final = (
    "eia1.medium", "eia1.large", "eia1.xlarge", "eia2.medium", "eia2.large", "eia2.xlarge",
)
ELASTIC_INFERENCE_COUNT: Final = (1, 2)
# R-EGPU-1: Elastic Graphics types (end of life).
ELASTIC_GPU_TYPES: Final = ("eg1.medium", "eg1.large", "eg1.xlarge", "eg1.2xlarge")

# --- Defaults and vocabularies the part-B rule predicates and post-conditions read. ---

# R-BDM-9: "The default value is gp2." ([UG-BDM], 2023) -- the type of an Ebs mapping without VolumeType.
DEFAULT_VOLUME_TYPE: Final = "gp2"
# R-PLC-3: "host ... not supported for T3 instances that are configured for the unlimited CPU credit option".
HOST_TENANCY_NO_UNLIMITED_FAMILIES: Final = frozenset({"t3"})
UNLIMITED_CREDITS: Final = "unlimited"
# R-IAM-1: the form of an instance profile ARN (IAM ARN format, resource type instance-profile).
IAM_INSTANCE_PROFILE_ARN_PATTERN: Final = re.compile(
    r"arn:aws[a-z-]*:iam::\d{12}:instance-profile/[\w+=,.@/-]{1,128}"
)
# R-MON-1: Monitoring.State shown for detailed (Enabled=true) and basic monitoring.
MONITORING_STATES_ENABLED: Final = frozenset({"enabled", "pending"})
MONITORING_STATES_DISABLED: Final = frozenset({"disabled"})
# R-MD-3: MetadataOptions defaults.
METADATA_DEFAULTS: Final = {
    "HttpEndpoint": "enabled",
    "HttpProtocolIpv6": "disabled",
    "InstanceMetadataTags": "disabled",
}
# R-MD-4: MetadataOptions.State in the response.
METADATA_OPTIONS_STATES: Final = frozenset({"pending", "applied"})
# R-MKT-6 / R-HIB-3: InstanceInterruptionBehavior defaults (terminate; hibernate when hibernation is on).
SPOT_INTERRUPTION_DEFAULT: Final = "terminate"
SPOT_INTERRUPTION_WITH_HIBERNATION: Final = "hibernate"
# R-MKT-2 / R-MKT-3: SpotInstanceType values and default.
SPOT_PERSISTENT: Final = "persistent"
SPOT_TYPE_DEFAULT: Final = "one-time"
# R-TAG-10 / R-TAG-12: the resource type whose tags appear on the instance.
INSTANCE_RESOURCE_TYPE: Final = "instance"
# R-TAG-15: tags of this type need an interface the launch creates.
INTERFACE_RESOURCE_TYPE: Final = "network-interface"
# R-BDM-19: "root /dev/sda1 or /dev/xvda (per AMI)": the root names when the AMI is not in the world.
ROOT_DEVICE_NAMES: Final = frozenset({"/dev/sda1", "/dev/xvda"})


# R-AMI-7: Graviton families carry a `g` right after the generation digit (m6g, c7gn, t4g, im4gn) or are
# a1; Mac families are left undecided.
_ARM64_FAMILY: Final = re.compile(r"a1|[a-z]+[0-9]+g[a-z]*")


@cache
def known_instance_types() -> frozenset[str]:
    """The model's InstanceType enum (R-ITYPE-1's known list)."""
    from strategies.model import enum_values

    return frozenset(enum_values("InstanceType"))


def type_architecture(instance_type: str) -> str | None:
    """arm64 or x86_64 for a type of the model's enum; None when it cannot be told from the name."""
    family = instance_family(instance_type)
    if instance_type not in known_instance_types() or family.startswith("mac"):
        return None
    return "arm64" if _ARM64_FAMILY.fullmatch(family) else "x86_64"

# R-NIC-18: Wavelength Zone names carry "-wl" (us-east-1-wl1-bos-wlz-1).
WAVELENGTH_MARK: Final = "-wl"

# Members whose response the documentation leaves undecided (reserved, end of life), by the rule that says so:
# the valid generator leaves them out, the oracle calls requests that use them undetermined. A rule listed
# here carries the tag "unsettled" (checked in Rule.__post_init__).
UNSETTLED_MEMBERS: Final = {
    "R-BDM-14": ("BlockDeviceMappings[].Ebs.AvailabilityZone", "BlockDeviceMappings[].Ebs.AvailabilityZoneId"),
    "R-MKT-7": ("InstanceMarketOptions.SpotOptions.BlockDurationMinutes",),
    "R-EGPU-1": ("ElasticGpuSpecification[].Type",),
    "R-EIA-1": ("ElasticInferenceAccelerators[].Type", "ElasticInferenceAccelerators[].Count"),
    "R-OPR-1": ("Operator.Principal",),
    "R-ADD-1": ("AdditionalInfo",),
    "R-PLC-9": ("Placement.SpreadDomain",),
}


def unsettled_members() -> frozenset[str]:
    """Every member path of UNSETTLED_MEMBERS."""
    return frozenset(m for members in UNSETTLED_MEMBERS.values() for m in members)

# R-AMI-8: instance families that require ENA (the Nitro generations; [UG] "Enhanced networking with ENA":
# "All current generation instance types support ENA ... required"). A family not listed decides nothing.
ENA_REQUIRED_FAMILIES: Final = frozenset({
    "a1", "c5", "c5a", "c5ad", "c5d", "c5n", "c6a", "c6g", "c6gd", "c6gn", "c6i", "c6id", "c7a", "c7g", "c7i",
    "c8i", "c8i-flex", "m8i", "m8i-flex", "r8i", "r8i-flex",
    "g4ad", "g4dn", "g5", "i3en", "i4i", "inf1", "m5", "m5a", "m5ad", "m5d", "m5dn", "m5n", "m5zn", "m6a",
    "m6g", "m6gd", "m6i", "m6id", "m7a", "m7g", "m7i", "p3dn", "p4d", "r5", "r5a", "r5ad", "r5b", "r5d",
    "r5dn", "r5n", "r6a", "r6g", "r6gd", "r6i", "r6id", "r7a", "r7g", "r7i", "t3", "t3a", "t4g", "x2gd",
    "z1d",
})
# R-MKT-8: the interruption behaviours only a persistent Spot request may have (ri-spot-one-time-with-stop).
ONE_TIME_SPOT_FORBIDDEN_BEHAVIOURS: Final = PERSISTENT_SPOT_BEHAVIOURS
# R-LIC-2 / R-IAM-1 mutations: an account id that owns nothing in any test world.
FOREIGN_ACCOUNT_ID: Final = "999999999999"
