"""Numbers and vocabularies from the documented rules, each tagged with the rule id it comes from.

Strategies build valid values from these, predicates test against them, reports cite them.
Change a limit here (and its rule's citation), never in a strategy or a check.
"""

from __future__ import annotations

import re
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
