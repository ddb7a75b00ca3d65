"""Instance-type facts from what a target answers: DescribeInstanceTypes and DescribeInstanceTypeOfferings.

Read-only calls, the same on emulators and on the `aws` target. A fact the answer does not carry stays
unknown (None), and no rule decides on it; a target that answers neither call leaves the World without facts.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from strategies.world import InstanceType

log = logging.getLogger(__name__)

SOURCE = "DescribeInstanceTypes and DescribeInstanceTypeOfferings (availability-zone) of the target"


def _ints(values: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in values) if isinstance(values, list) else ()


def _cpu(info: Mapping[str, Any]) -> dict[str, Any]:
    """VCpuInfo: the defaults, and the valid counts (a type that lists none offers no CPU options)."""
    if not isinstance(info.get("DefaultVCpus"), int):
        return {}
    return {
        "vcpus": info["DefaultVCpus"], "default_cores": info.get("DefaultCores"),
        "default_threads": info.get("DefaultThreadsPerCore"),
        "valid_cores": _ints(info.get("ValidCores")), "valid_threads": _ints(info.get("ValidThreadsPerCore")),
    }


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _texts(values: Any) -> tuple[str, ...] | None:
    """A list of strings; None where the answer carries none (not listed is not known, never empty)."""
    return tuple(v for v in values if isinstance(v, str)) if isinstance(values, list) else None


def facts_of(raw: Mapping[str, Any], zones: tuple[str, ...] | None) -> InstanceType:
    """One DescribeInstanceTypes entry as World facts."""
    hypervisor = _text(raw.get("Hypervisor"))
    processor, network = raw.get("ProcessorInfo", {}), raw.get("NetworkInfo", {})
    return InstanceType(
        raw["InstanceType"],
        architectures=tuple(processor.get("SupportedArchitectures", ())),
        burstable=_flag(raw.get("BurstablePerformanceSupported")),
        ebs_optimized=_text(raw.get("EbsInfo", {}).get("EbsOptimizedSupport")),
        ena=_text(network.get("EnaSupport")),
        hibernation=_flag(raw.get("HibernationSupported")),
        nitro=None if hypervisor is None else hypervisor == "nitro",
        zones=zones,
        ebs_encryption=_text(raw.get("EbsInfo", {}).get("EncryptionSupport")),
        manufacturer=_text(processor.get("Manufacturer")),
        supported_features=_texts(processor.get("SupportedFeatures")),
        bandwidth_weightings=_texts(network.get("BandwidthWeightings")),
        **_cpu(raw.get("VCpuInfo", {})),
    )


def _offerings(ec2: Any, names: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    """Type -> the zones that offer it; None when the target does not answer."""
    try:
        answer = ec2.describe_instance_type_offerings(
            LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": list(names)}]
        )["InstanceTypeOfferings"]
    except Exception as exc:  # emulators answer NotImplemented in many shapes; a real account may deny it
        log.debug("instance type offerings not available: %s", exc)
        return None
    zones: dict[str, set[str]] = {name: set() for name in names}
    for offer in answer:
        zones.setdefault(offer["InstanceType"], set()).add(str(offer.get("Location", "")))
    return {name: tuple(sorted(found)) for name, found in zones.items()}


def describe_instance_types(ec2: Any, names: tuple[str, ...]) -> tuple[InstanceType, ...]:
    """The facts of `names` (in that order) that the target describes; () when it describes none."""
    try:
        answer = ec2.describe_instance_types(InstanceTypes=list(names))["InstanceTypes"]
    except Exception as exc:
        log.debug("instance types not described: %s", exc)
        return ()
    by_name = {raw["InstanceType"]: raw for raw in answer if isinstance(raw.get("InstanceType"), str)}
    zones = _offerings(ec2, names)
    return tuple(
        facts_of(by_name[name], zones.get(name) if zones is not None else None)
        for name in names if name in by_name
    )
