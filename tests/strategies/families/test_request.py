"""The composite that assembles a valid request: its plan per (world, settled_only) leaves out the unsettled
members, every request it draws is labelled valid, and a member whose validity depends on the instance type is
drawn only where the World's facts say the type allows it."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies.case import Case
from strategies.families import request
from strategies.families.context import excluded_leaves
from strategies.limits import unsettled_members
from strategies.model import paths_in
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import InstanceType, World, example_world

WORLD = example_world()
FAST = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_settled_only_leaves_out_unsettled_members(monkeypatch: pytest.MonkeyPatch) -> None:
    unsettled = frozenset({"ElasticGpuSpecification", "Placement.SpreadDomain", "Operator"})
    monkeypatch.setattr(request, "unsettled_members", lambda: unsettled)
    request.plan_for.cache_clear()
    excluded = excluded_leaves(unsettled)
    assert {"ElasticGpuSpecification[].Type", "Placement.SpreadDomain", "Operator.Principal"} == excluded
    seen: set[str] = set()

    @FAST
    @given(case=valid_requests(WORLD))
    def check(case: Case) -> None:
        paths = set(paths_in(dict(case.params)))
        assert not paths & excluded, paths & excluded
        seen.update(paths)

    try:
        check()
    finally:
        request.plan_for.cache_clear()
    assert seen, "no example was drawn"


def test_the_plan_excludes_the_unsettled_leaves_only_when_asked() -> None:
    settled = request.plan_for(WORLD, True)
    assert settled.world is WORLD
    assert settled.excluded == excluded_leaves(unsettled_members())
    assert request.plan_for(WORLD, False).excluded == frozenset()
    assert request.plan_for(WORLD, True) is settled  # built once per (world, settled_only)
    other = dataclasses.replace(WORLD, region="eu-west-1")
    assert request.plan_for(other, True).world is other


@FAST
@given(case=request.valid_requests(WORLD, max_count=2, dry_run=True))
def test_every_request_is_labelled_valid_and_follows_the_options(case: Case) -> None:
    assert case.labels == (request.VALID_LABEL,)
    assert case.mutation is None
    assert case.params["DryRun"] is True
    assert 1 <= case.params["MinCount"] <= case.params["MaxCount"] <= 2


# example_world() mixes types with and without each fact (m6a.large: SEV-SNP; m8i.large: nested virtualization and
# bandwidth weighting; t2.micro: Xen, no prefixes); to it: a type described with none of the facts (AMD, as moto
# describes m7a.large), one described with nothing (c8i.large) and one without facts (c6a.large, a documented SEV-SNP
# family): what the World does not know is never drawn.
MIXED = dataclasses.replace(
    WORLD, instance_types=(*WORLD.instance_types, "m7a.large", "c8i.large", "c6a.large"),
    instance_type_facts=(*WORLD.instance_type_facts, InstanceType("m7a.large", manufacturer="AMD"),
                         InstanceType("c8i.large")))
PREFIXES = ("Ipv4PrefixCount", "Ipv4Prefixes", "Ipv6PrefixCount", "Ipv6Prefixes")
DRAWS = 3000


def _against_facts(params: dict[str, Any], world: World) -> list[str]:
    """The type-dependent members `params` carries that the World's facts of its type do not allow."""
    facts = world.type_facts(params["InstanceType"]) or InstanceType(params["InstanceType"])
    cpu, weighting = params.get("CpuOptions", {}), params.get("NetworkPerformanceOptions", {}).get("BandwidthWeighting")
    features = facts.supported_features or ()
    wrong = [name for name, feature in (("AmdSevSnp", "amd-sev-snp"), ("NestedVirtualization", "nested-virtualization"))
             if name in cpu and feature not in features]
    if weighting is not None and weighting not in (facts.bandwidth_weightings or ()):
        wrong.append("BandwidthWeighting")
    if facts.nitro is not True:
        wrong += [m for nic in params.get("NetworkInterfaces", ()) for m in PREFIXES if m in nic]
    return wrong


def test_type_dependent_members_only_where_the_facts_allow_them() -> None:
    """Thousands of valid requests: no SEV-SNP or nested virtualization on a type whose SupportedFeatures lack it,
    no bandwidth weighting the type does not list, no prefix on a type not known to be Nitro; each member still
    drawn where the facts allow it, and each unknown type drawn (so its absence is the facts' doing)."""
    seen: Counter[str] = Counter()
    strategy = request.valid_requests(MIXED, dry_run=None, settled_only=False)

    def body(data: st.DataObject) -> None:
        params = dict(data.draw(strategy).params)
        assert not _against_facts(params, MIXED), (_against_facts(params, MIXED), params)
        seen[params["InstanceType"]] += 1
        seen.update(f"{params['InstanceType']} {m}" for m in paths_in(params) if m.startswith(
            ("CpuOptions.AmdSevSnp", "CpuOptions.Nested", "NetworkPerformanceOptions", "NetworkInterfaces[].Ipv")))
        seen.update(["sev enabled"] if params.get("CpuOptions", {}).get("AmdSevSnp") == "enabled" else [])

    run_draws(DRAWS, body)
    assert sum(n for key, n in seen.items() if " " not in key) == DRAWS
    assert all(seen[t] for t in MIXED.instance_types), seen
    assert seen["m6a.large CpuOptions.AmdSevSnp"] and seen["sev enabled"], seen
    assert seen["m8i.large CpuOptions.NestedVirtualization"], seen
    assert seen["m8i.large NetworkPerformanceOptions.BandwidthWeighting"], seen
    assert seen["m5.large NetworkInterfaces[].Ipv4PrefixCount"] and seen["c5.large NetworkInterfaces[].Ipv6PrefixCount"]


def test_the_facts_check_catches_each_member_the_facts_refuse() -> None:
    """The check above can fail: each type-dependent member on a type whose facts refuse or do not know it."""
    nic = {"DeviceIndex": 0, "Ipv4PrefixCount": 1, "Ipv6Prefixes": [{"Ipv6Prefix": "2600:1f18::/80"}]}
    assert _against_facts({"InstanceType": "t2.micro", "NetworkInterfaces": [nic]}, MIXED) == [
        "Ipv4PrefixCount", "Ipv6Prefixes"]
    assert _against_facts({"InstanceType": "m5.large", "NetworkInterfaces": [nic]}, MIXED) == []
    sev = {"CpuOptions": {"AmdSevSnp": "disabled", "NestedVirtualization": "disabled"}}
    assert _against_facts({"InstanceType": "c6a.large", **sev}, MIXED) == ["AmdSevSnp", "NestedVirtualization"]
    assert _against_facts({"InstanceType": "m8i.large", **sev}, MIXED) == ["AmdSevSnp"]
    weighted = {"NetworkPerformanceOptions": {"BandwidthWeighting": "vpc-1"}}
    assert _against_facts({"InstanceType": "c8i.large", **weighted}, MIXED) == ["BandwidthWeighting"]
    assert _against_facts({"InstanceType": "m8i.large", **weighted}, MIXED) == []
