"""Market, credits, CPU, hibernation, enclaves, metadata and shutdown behaviour: each member only where the
instance type and the other choices allow it."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from hypothesis import strategies as st

from strategies.families import options
from strategies.families.context import Draft, Plan
from strategies.limits import (
    CPU_CREDITS,
    HOP_LIMIT,
    PERSISTENT_SPOT_BEHAVIOURS,
    SPOT_MAX_PRICE_FLOOR,
    SPOT_MAX_PRICE_MILLIS_VALID,
)
from strategies.sampling import run_draws
from strategies.world import World, example_world

WORLD = example_world()
SPOT = "SpotOptions"


def _drafts(instance_type: str = "m5.large", world: World = WORLD, examples: int = 200,
            **decisions: Any) -> list[Draft]:
    found: list[Draft] = []

    def body(data: st.DataObject) -> None:
        draft = dataclasses.replace(Draft(Plan(world, frozenset())), instance_type=instance_type, **decisions)
        draft.params = {}
        options.build(cast(st.DrawFn, data.draw), draft)
        found.append(draft)

    run_draws(examples, body)
    return found


def test_hibernation_and_enclaves_are_never_both_on() -> None:
    both = 0
    for draft in _drafts():
        hibernates = draft.params.get("HibernationOptions", {}).get("Configured", False)
        enclaved = draft.params.get("EnclaveOptions", {}).get("Enabled", False)
        assert not (hibernates and enclaved)
        assert draft.hibernation is hibernates and draft.enclave is enclaved
        both += "HibernationOptions" in draft.params and "EnclaveOptions" in draft.params
    assert both


def test_no_hibernation_for_a_type_known_not_to_hibernate() -> None:
    facts = tuple(dataclasses.replace(t, hibernation=False) for t in WORLD.instance_type_facts)
    world = dataclasses.replace(WORLD, instance_type_facts=facts)
    for draft in _drafts(world=world):
        assert not draft.hibernates
        assert draft.params.get("HibernationOptions", {}).get("Configured", False) is False


def test_spot_options_are_consistent() -> None:
    kinds = set()
    for draft in _drafts():
        market = draft.params.get("InstanceMarketOptions")
        if market is None:
            continue
        assert market["MarketType"] in ("spot", "on-demand")
        assert draft.spot is (market["MarketType"] == "spot")
        spot = market.get(SPOT)
        if spot is None:
            continue
        assert market["MarketType"] == "spot"
        kinds.add(spot["SpotInstanceType"])
        if "MaxPrice" in spot:
            price = float(spot["MaxPrice"])
            assert price > SPOT_MAX_PRICE_FLOOR
            assert SPOT_MAX_PRICE_MILLIS_VALID[0] <= round(price * 1000) <= SPOT_MAX_PRICE_MILLIS_VALID[1]
        if spot["SpotInstanceType"] == "persistent":
            assert spot["InstanceInterruptionBehavior"] in PERSISTENT_SPOT_BEHAVIOURS
        else:
            assert spot.get("InstanceInterruptionBehavior", "terminate") == "terminate"
            assert "ValidUntil" not in spot
        if draft.hibernation:
            assert spot["InstanceInterruptionBehavior"] == "hibernate"
        if draft.spot:
            assert draft.params.get("InstanceInitiatedShutdownBehavior", "terminate") == "terminate"
    assert kinds == {"persistent", "one-time"}


def test_no_market_options_on_a_dedicated_host() -> None:
    assert not [d for d in _drafts(host_tenancy=True, examples=80) if "InstanceMarketOptions" in d.params]


def test_credits_only_for_burstable_types() -> None:
    credited = [d.params["CreditSpecification"]["CpuCredits"] for d in _drafts("t3.micro")
                if "CreditSpecification" in d.params]
    assert set(credited) == set(CPU_CREDITS)
    assert not [d for d in _drafts("m5.large") if "CreditSpecification" in d.params]


def test_cpu_options_among_the_types_valid_counts() -> None:
    pairs = set()
    for draft in _drafts("m5.large"):
        cpu = draft.params.get("CpuOptions")
        if cpu is None:
            continue
        assert ("CoreCount" in cpu) is ("ThreadsPerCore" in cpu)
        if "CoreCount" in cpu:
            pairs.add((cpu["CoreCount"], cpu["ThreadsPerCore"]))
        assert cpu and not {"AmdSevSnp", "NestedVirtualization"} & set(cpu)  # m5 has neither: never an empty spec
    assert pairs == {(1, 1), (1, 2)}  # example_world's m5.large: one valid core, one or two threads
    for draft in _drafts("t2.micro", examples=100):  # a type without CPU options
        assert "CoreCount" not in draft.params.get("CpuOptions", {})


def _cpu_values(drafts: list[Draft], member: str) -> set[str]:
    return {d.params["CpuOptions"][member] for d in drafts if member in d.params.get("CpuOptions", {})}


def test_sev_snp_only_where_the_type_has_it_and_never_with_hibernation() -> None:
    drafts = _drafts("m6a.large")
    enabled = [d for d in drafts if d.params.get("CpuOptions", {}).get("AmdSevSnp") == "enabled"]
    assert enabled and all(d.amd_sev_snp and not (d.hibernation or d.enclave) for d in enabled)
    assert _cpu_values(drafts, "AmdSevSnp") == {"enabled", "disabled"}
    for itype in ("t3.micro", "m8i.large"):  # Intel: SEV-SNP is not theirs to turn either way
        assert not _cpu_values(_drafts(itype, examples=100), "AmdSevSnp")


def test_nested_virtualization_only_where_the_type_lists_it() -> None:
    assert _cpu_values(_drafts("m8i.large"), "NestedVirtualization") == {"enabled", "disabled"}
    assert not _cpu_values(_drafts("m6a.large", examples=100), "NestedVirtualization")


def test_features_the_world_does_not_know_are_not_drawn() -> None:
    """SEV-SNP on a type of the documented families, nested virtualization, bandwidth weighting: none without the
    World's facts (an emulator that does not report them)."""
    unknown = dataclasses.replace(WORLD, instance_types=(*WORLD.instance_types, "c6a.large", "c8i.large"))
    for itype in ("c6a.large", "c8i.large"):
        drafts = _drafts(itype, world=unknown, examples=100)
        assert not _cpu_values(drafts, "AmdSevSnp") | _cpu_values(drafts, "NestedVirtualization")
        assert not [d for d in drafts if "NetworkPerformanceOptions" in d.params]


def test_bandwidth_weighting_among_the_values_the_type_lists() -> None:
    weightings = {d.params["NetworkPerformanceOptions"]["BandwidthWeighting"] for d in _drafts("m8i.large")
                  if "NetworkPerformanceOptions" in d.params}
    assert weightings == {"default", "vpc-1", "ebs-1"}
    assert not [d for d in _drafts("c5.large") if "NetworkPerformanceOptions" in d.params]
    facts = tuple(dataclasses.replace(t, bandwidth_weightings=("vpc-1", "unheard-of")) if t.name == "m8i.large" else t
                  for t in WORLD.instance_type_facts)
    narrow = dataclasses.replace(WORLD, instance_type_facts=facts)
    assert {d.params["NetworkPerformanceOptions"]["BandwidthWeighting"] for d in _drafts("m8i.large", world=narrow)
            if "NetworkPerformanceOptions" in d.params} == {"vpc-1"}  # a value outside the model's enum: never


def test_metadata_within_its_ranges_and_tags_flag_the_draft() -> None:
    flagged = 0
    for draft in _drafts():
        spec = draft.params.get("MetadataOptions", {})
        if "HttpPutResponseHopLimit" in spec:
            assert HOP_LIMIT[0] <= spec["HttpPutResponseHopLimit"] <= HOP_LIMIT[1]
        assert draft.metadata_tags is (spec.get("InstanceMetadataTags") == "enabled")
        flagged += draft.metadata_tags
    assert flagged


def test_prices_are_written_with_three_decimals() -> None:
    assert options._price(2) == "0.002"
    assert options._price(1500) == "1.500"
    assert options._price(100_000) == "100.000"
