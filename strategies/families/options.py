"""Market, credits, CPU, hibernation, enclaves, metadata, maintenance, bandwidth, shutdown behaviour."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies.families.context import Draft, flags, integers, pick
from strategies.families.generic import enum_of, for_path
from strategies.limits import (
    AMD_SEV_SNP_FEATURE,
    CPU_CORE_COUNT_VALID,
    CPU_CREDITS,
    HOP_LIMIT,
    MARKET_TYPES_WITHOUT_RESERVATION,
    NESTED_VIRTUALIZATION_FEATURE,
    PERSISTENT_SPOT_BEHAVIOURS,
    SPOT_BLOCK_DURATIONS,
    SPOT_MAX_PRICE_MILLIS_VALID,
    THREADS_PER_CORE,
)

SPOT = "InstanceMarketOptions.SpotOptions"
PATHS = frozenset(
    {
        "InstanceMarketOptions.MarketType",
        f"{SPOT}.MaxPrice",
        f"{SPOT}.SpotInstanceType",
        f"{SPOT}.BlockDurationMinutes",
        f"{SPOT}.ValidUntil",
        f"{SPOT}.InstanceInterruptionBehavior",
        "CreditSpecification.CpuCredits",
        "CpuOptions.CoreCount",
        "CpuOptions.ThreadsPerCore",
        "CpuOptions.AmdSevSnp",
        "CpuOptions.NestedVirtualization",
        "HibernationOptions.Configured",
        "EnclaveOptions.Enabled",
        "MetadataOptions.HttpTokens",
        "MetadataOptions.HttpPutResponseHopLimit",
        "MetadataOptions.HttpEndpoint",
        "MetadataOptions.HttpProtocolIpv6",
        "MetadataOptions.InstanceMetadataTags",
        "MaintenanceOptions.AutoRecovery",
        "NetworkPerformanceOptions.BandwidthWeighting",
        "InstanceInitiatedShutdownBehavior",
    }
)
BANDWIDTH = "NetworkPerformanceOptions.BandwidthWeighting"
_METADATA_ENUMS = ("HttpTokens", "HttpEndpoint", "HttpProtocolIpv6")


def build(draw: st.DrawFn, draft: Draft) -> None:
    market, credit, cpu, sleep, enclave, metadata, shutdown, maintenance, bandwidth = flags(draw, 9)
    params = draft.params
    if sleep or enclave:
        _hibernation_or_enclave(draw, draft, sleep, enclave)
    if cpu and (spec := _cpu(draw, draft)):
        params["CpuOptions"] = spec
    if market and not draft.host_tenancy:
        params["InstanceMarketOptions"] = _market(draw, draft)
    if credit and draft.world.burstable(draft.instance_type):  # R-CREDIT-3
        params["CreditSpecification"] = {"CpuCredits": pick(draw, CPU_CREDITS)}
    if metadata and (spec := _metadata(draw, draft)):
        params["MetadataOptions"] = spec
    if shutdown:
        behaviours = enum_of("InstanceInitiatedShutdownBehavior")
        params["InstanceInitiatedShutdownBehavior"] = "terminate" if draft.spot else pick(draw, behaviours)
    if maintenance:
        params["MaintenanceOptions"] = {"AutoRecovery": draw(for_path("MaintenanceOptions.AutoRecovery"))}
    if bandwidth and (weightings := _weightings(draft)):
        params["NetworkPerformanceOptions"] = {"BandwidthWeighting": pick(draw, weightings)}


def _weightings(draft: Draft) -> tuple[str, ...]:
    """R-NPO-1: a value of the model's enum that DescribeInstanceTypes lists for the type (none: not drawn)."""
    offered = draft.world.bandwidth_weightings(draft.instance_type)
    return tuple(value for value in enum_of(BANDWIDTH) if value in offered)


def _hibernation_or_enclave(draw: st.DrawFn, draft: Draft, sleep: bool, enclave: bool) -> None:
    """R-HIB-1: hibernation and Nitro Enclaves are never both on."""
    hibernate, enclaved = flags(draw, 2)
    if sleep and enclave and hibernate and enclaved:
        enclaved = False
    hibernate = hibernate and draft.can_hibernate  # R-HIB-6
    if sleep:
        draft.hibernation = hibernate
        draft.params["HibernationOptions"] = {"Configured": hibernate}
    if enclave:
        draft.enclave = enclaved
        draft.params["EnclaveOptions"] = {"Enabled": enclaved}


def _cpu(draw: st.DrawFn, draft: Draft) -> dict[str, Any]:
    """R-CPU-1: cores with threads; R-CPU-2/3: SEV-SNP and nested virtualisation (either value) only on a type
    the World knows offers them (empty where nothing fits the type)."""
    cores, snp, nested = flags(draw, 3)
    world, itype = draft.world, draft.instance_type
    spec: dict[str, Any] = {}
    if cores and (pair := _core_pair(draw, draft)) is not None:
        spec["CoreCount"], spec["ThreadsPerCore"] = pair
    if (snp or not spec) and world.has_feature(itype, AMD_SEV_SNP_FEATURE):
        draft.amd_sev_snp = not (draft.hibernation or draft.enclave) and flags(draw, 1)[0]
        spec["AmdSevSnp"] = "enabled" if draft.amd_sev_snp else "disabled"
    if nested and world.has_feature(itype, NESTED_VIRTUALIZATION_FEATURE):
        spec["NestedVirtualization"] = "enabled" if flags(draw, 1)[0] else "disabled"
    return spec


def _core_pair(draw: st.DrawFn, draft: Draft) -> tuple[int, int] | None:
    """R-CPU-1: cores with threads; R-CPU-4: among the type's valid counts where the World knows them (none
    for a type without CPU options)."""
    facts = draft.world.type_facts(draft.instance_type)
    if facts is None or facts.valid_cores is None or facts.valid_threads is None:
        return CPU_CORE_COUNT_VALID, pick(draw, THREADS_PER_CORE)
    threads = tuple(t for t in facts.valid_threads if t in THREADS_PER_CORE)
    if not facts.valid_cores or not threads:
        return None
    return pick(draw, facts.valid_cores), pick(draw, threads)


def _market(draw: st.DrawFn, draft: Draft) -> dict[str, Any]:
    """R-MKT-1..4, R-HIB-3: persistent Spot stops or hibernates; hibernation means hibernate."""
    market_type = pick(draw, MARKET_TYPES_WITHOUT_RESERVATION)
    typed, with_options, price, kind, until, behaviour, block = flags(draw, 7)
    if market_type != "spot":
        return {"MarketType": market_type}
    draft.spot = True
    spec: dict[str, Any] = {"MarketType": market_type} if typed else {}
    if not (with_options or draft.hibernation):
        return spec or {"MarketType": market_type}
    options: dict[str, Any] = {}
    if price:
        options["MaxPrice"] = _price(draw(integers(*SPOT_MAX_PRICE_MILLIS_VALID)))
    persistent = kind or draft.hibernation
    if persistent:
        options["SpotInstanceType"] = "persistent"
        options["InstanceInterruptionBehavior"] = (
            "hibernate" if draft.hibernation else pick(draw, sorted(_persistent_behaviours(draft)))
        )
        if until:
            options["ValidUntil"] = draw(for_path(f"{SPOT}.ValidUntil"))
    else:
        options["SpotInstanceType"] = "one-time"
        if behaviour:
            options["InstanceInterruptionBehavior"] = "terminate"
    if block and draft.allows(f"{SPOT}.BlockDurationMinutes"):
        options["BlockDurationMinutes"] = pick(draw, SPOT_BLOCK_DURATIONS)
    spec["SpotOptions"] = options
    spec["MarketType"] = market_type  # SpotOptions are read only with the spot market
    return spec


def _persistent_behaviours(draft: Draft) -> frozenset[str]:
    """R-MKT-2; R-HIB-6: a type that cannot hibernate only stops."""
    return PERSISTENT_SPOT_BEHAVIOURS if draft.can_hibernate else PERSISTENT_SPOT_BEHAVIOURS - {"hibernate"}


def _price(millis: int) -> str:
    return f"{millis // 1000}.{millis % 1000:03d}"


def _metadata(draw: st.DrawFn, draft: Draft) -> dict[str, Any]:
    """R-MD-2: hop limit 1..64; R-MD-3: enum values; R-TAG-10 reads InstanceMetadataTags."""
    chosen = flags(draw, 5)
    spec: dict[str, Any] = {}
    for name, on in zip(_METADATA_ENUMS, chosen, strict=False):
        if on:
            spec[name] = draw(for_path(f"MetadataOptions.{name}"))
    if chosen[3]:
        spec["HttpPutResponseHopLimit"] = draw(integers(*HOP_LIMIT))
    if chosen[4]:
        spec["InstanceMetadataTags"] = draw(for_path("MetadataOptions.InstanceMetadataTags"))
        draft.metadata_tags = spec["InstanceMetadataTags"] == "enabled"
    return spec
