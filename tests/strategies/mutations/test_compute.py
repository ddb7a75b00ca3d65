"""CPU options, CPU credit and hibernation mutations: the type each one moves to, the member it sets, and what
it removes (Spot, enclaves, SEV-SNP) so that only its rule breaks."""

from __future__ import annotations

from typing import Any

from strategies.limits import CPU_CREDITS
from strategies.mutations import compute
from strategies.world import World
from tests.support.mutation_draws import on_its_variant
from tests.support.world_variants import WITH_LIMITED_TYPES

SPECS = {spec.name: spec for spec in compute.MUTATIONS}
SPOT = ("InstanceMarketOptions", "SpotOptions")


def _cases(name: str, examples: int = 30) -> tuple[World, list[dict[str, Any]]]:
    world, found = on_its_variant(SPECS[name], examples)
    return world, [dict(case.params) for case in found]


def test_cores_without_threads_or_threads_out_of_range() -> None:
    kept = set()
    for params in _cases("cpu-core-count-without-threads")[1]:
        counts = {"CoreCount", "ThreadsPerCore"} & set(params["CpuOptions"])
        assert len(counts) == 1
        kept.update(counts)
    assert kept == {"CoreCount", "ThreadsPerCore"}
    for params in _cases("cpu-threads-per-core-invalid")[1]:
        assert params["CpuOptions"]["CoreCount"] == 1 and params["CpuOptions"]["ThreadsPerCore"] not in (1, 2)


def test_a_core_count_above_what_the_type_offers() -> None:
    world, cases = _cases("cpu-core-count-not-offered-by-type")
    for params in cases:
        facts = world.type_facts(params["InstanceType"])
        assert facts is not None and facts.valid_cores is not None and facts.valid_threads is not None
        assert params["CpuOptions"]["CoreCount"] > max(facts.valid_cores, default=0)
        assert params["CpuOptions"]["ThreadsPerCore"] in (facts.valid_threads or (1, 2))


def test_sev_snp_and_nested_virtualisation_on_types_without_them() -> None:
    """On the types the World says lack them (example_world: all but m6a.large, all but m8i.large), never on the
    one that has it, and with the other feature dropped (Intel and AMD types never have both)."""
    world, cases = _cases("cpu-sev-snp-unsupported-type")
    assert {p["InstanceType"] for p in cases} <= {t for t in world.instance_types if t != "m6a.large"}
    for params in cases:
        assert world.sev_snp_unsupported(params["InstanceType"]) and params["CpuOptions"]["AmdSevSnp"] == "enabled"
    world, cases = _cases("cpu-nested-virtualization-unsupported")
    assert "m8i.large" not in {p["InstanceType"] for p in cases}
    for params in cases:
        assert world.nested_virtualization_unsupported(params["InstanceType"])
        assert params["CpuOptions"] == {"NestedVirtualization": "enabled", **{
            k: v for k, v in params["CpuOptions"].items() if k in ("CoreCount", "ThreadsPerCore")}}


def test_credits_empty_invalid_or_on_a_steady_type() -> None:
    world, empty = _cases("credit-specification-empty")
    for params in empty:
        assert world.burstable(params["InstanceType"]) and params["CreditSpecification"]["CpuCredits"] == ""
    for params in _cases("credit-specification-invalid-value")[1]:
        assert world.burstable(params["InstanceType"])
        assert params["CreditSpecification"]["CpuCredits"] not in CPU_CREDITS
    for params in _cases("credit-specification-non-burstable-type")[1]:
        assert not world.burstable(params["InstanceType"])
        assert params["CreditSpecification"]["CpuCredits"] in CPU_CREDITS


def test_hibernation_with_an_enclave_and_no_spot() -> None:
    for params in _cases("hibernation-with-enclave")[1]:
        assert params["HibernationOptions"]["Configured"] is True and params["EnclaveOptions"]["Enabled"] is True
        assert "InstanceMarketOptions" not in params
        assert "AmdSevSnp" not in params.get("CpuOptions", {})


def test_hibernation_with_a_persistent_spot_request_that_stops() -> None:
    for params in _cases("hibernation-spot-interruption-not-hibernate")[1]:
        spot = params[SPOT[0]][SPOT[1]]
        assert params["HibernationOptions"]["Configured"] is True and params[SPOT[0]]["MarketType"] == "spot"
        assert spot["SpotInstanceType"] == "persistent" and spot["InstanceInterruptionBehavior"] == "stop"
        assert "EnclaveOptions" not in params


def test_hibernation_on_a_type_that_cannot_hibernate() -> None:
    world, cases = _cases("hibernation-unsupported-type")
    assert world is WITH_LIMITED_TYPES
    for params in cases:
        assert world.hibernation_unsupported(params["InstanceType"])
        assert params["HibernationOptions"]["Configured"] is True
        assert not {"InstanceMarketOptions", "EnclaveOptions"} & set(params)


def test_hibernation_or_a_hibernating_spot_request_with_an_unencrypted_root() -> None:
    world, cases = _cases("hibernation-unencrypted-root", 40)
    assert world.ebs_encryption_by_default is False
    ways = set()
    for params in cases:
        image = world.image(params["ImageId"])
        assert image is not None and "LaunchTemplate" not in params
        roots = [m for m in params.get("BlockDeviceMappings", []) if m["DeviceName"] == image.root_device_name]
        assert all(m["Ebs"] == {"Encrypted": False, "VolumeSize": 30} for m in roots)
        assert roots or image.root_encrypted is False
        if params.get("HibernationOptions", {}).get("Configured"):
            ways.add("configured")
            assert "InstanceMarketOptions" not in params
        else:
            ways.add("spot")
            assert params[SPOT[0]][SPOT[1]]["InstanceInterruptionBehavior"] == "hibernate"
    assert ways == {"configured", "spot"}
