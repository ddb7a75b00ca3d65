"""The rules package's registry (conformance/rules/__init__.py): every catalogued id is registered in its family
and well formed, no predicate fires on a plain request, and every encoded validation rule is exercised both ways: a
valid example satisfies it, a mutation breaks it.

Valid examples come from `valid_requests(..., settled_only=False)` on example_world() and its variants
(tests/support/world_variants.py); a valid example "satisfies" a rule when the rule's predicate is False on it and
the example uses one of the rule's members (any valid example, for rules about members no request carries:
Version, Action, unknown names). A mutation "breaks" a rule when its built case makes the rule's predicate
True on the first test world the mutation applies to.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import cast

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conformance.rules import RULES, Confidence, Kind, Rule, unsettled_members
from conformance.rules import rule as rule_by_id
from strategies.case import Case
from strategies.model import leaf_paths, paths_in
from strategies.mutations import MUTATIONS, MutationSpec
from strategies.valid import valid_requests
from strategies.world import World
from tests.support.rule_requests import base
from tests.support.world_variants import NO_DEFAULT_VPC, TWO_VPCS, VARIANTS, WORLD, variant_for

VALID_EXAMPLES = 300  # per world
BREAK_ATTEMPTS = 4  # per mutation
GENERATING_WORLDS: tuple[World, ...] = (WORLD, NO_DEFAULT_VPC, TWO_VPCS)

# Rules no request can break alone, each with the catalogue's reason.
EXEMPT: dict[str, str] = {
    "R-NET-10": "PrivateIpAddress plus a primary address inside NetworkInterfaces always also breaks R-NET-4 "
    "(catalogue R-NET-4: 'You cannot specify this option and the network interfaces option in the same "
    "request'), so no mutation breaks R-NET-10 alone; its predicate is checked by "
    "test_exempt_rule_only_co_occurs below and in tests/conformance/rules/test_network.py",
}


def encoded_rules() -> list[Rule]:
    """Decidable rules with a predicate (validation and protocol rules a request can break)."""
    return [r for r in RULES.values() if r.decidable and r.violated is not None]


def _quick(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return settings(
        max_examples=examples, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def _draw_valid(world: World) -> list[tuple[Case, World]]:
    found: list[tuple[Case, World]] = []

    @_quick(VALID_EXAMPLES)
    @given(case=valid_requests(world, settled_only=False, dry_run=None))
    def collect(case: Case) -> None:
        found.append((case, world))

    collect()
    return found


@cache
def valid_examples() -> tuple[tuple[Case, World], ...]:
    return tuple(pair for world in GENERATING_WORLDS for pair in _draw_valid(world))


def _member_of_request(member: str) -> bool:
    return any(_under(path, member) for path in leaf_paths())


def _under(path: str, member: str) -> bool:
    return path == member or path.startswith((member + ".", member + "[", member + "{"))


def uses(rule: Rule, case: Case) -> bool:
    """The valid example carries one of the rule's members (or the rule has no request member)."""
    members = [m for m in rule.members if m and _member_of_request(m)]
    if not members:
        return True
    paths = set(paths_in(dict(case.params)))
    return any(_under(p, m) for p in paths for m in members)


def satisfied(rule: Rule) -> bool:
    check = rule.violated
    assert check is not None
    return any(uses(rule, case) and not check(case, world) for case, world in valid_examples())


def breaks(spec: MutationSpec) -> bool:
    """The spec's case breaks its rule on the first test world it applies to."""
    variant = variant_for(spec.applicable)
    check = RULES[spec.rule_id].violated
    if variant is None or check is None:
        return False
    results: list[bool] = []

    @_quick(BREAK_ATTEMPTS)
    @given(data=st.data())
    def attempt(data: st.DataObject) -> None:
        base = data.draw(valid_requests(variant.base, dry_run=None)).api_params()
        case = spec.build(cast(st.DrawFn, data.draw), base, variant.world)
        results.append(check(case, variant.world))

    attempt()
    return any(results)


@cache
def broken_by_some_mutation() -> frozenset[str]:
    return frozenset(s.rule_id for s in MUTATIONS if breaks(s))


def test_every_encoded_rule_has_a_satisfying_example_and_a_breaking_mutation() -> None:
    rules = encoded_rules()
    assert len(rules) >= 100, f"only {len(rules)} rules have predicates"
    unsatisfied = [r.id for r in rules if not satisfied(r)]
    unbroken = [r.id for r in rules if r.id not in broken_by_some_mutation() and r.id not in EXEMPT]
    problems = []
    if unsatisfied:
        problems.append(f"no valid example satisfies (while using a member): {unsatisfied}")
    if unbroken:
        problems.append(f"no mutation breaks: {unbroken}")
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("rule_id", sorted(EXEMPT))
def test_exemptions_are_justified_and_still_needed(rule_id: str) -> None:
    assert rule_id in RULES and RULES[rule_id].violated is not None, f"{rule_id}: exempt but not encoded"
    assert "catalogue" in EXEMPT[rule_id], f"{rule_id}: the reason must cite the catalogue"
    assert rule_id not in broken_by_some_mutation(), f"{rule_id} now has a breaking mutation: drop the exemption"


def test_exempt_rule_only_co_occurs() -> None:
    """R-NET-10's predicate fires on a request that also breaks R-NET-4 (and on none that does not)."""
    subnet = WORLD.subnets[0]
    nic = {"DeviceIndex": 0, "SubnetId": subnet.subnet_id,
           "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.20", "Primary": True}]}
    base = {"ImageId": WORLD.images[0].image_id, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}
    both = Case({**base, "PrivateIpAddress": "10.0.0.21", "NetworkInterfaces": [nic]})
    net10, net4 = RULES["R-NET-10"].violated, RULES["R-NET-4"].violated
    assert net10 is not None and net4 is not None
    assert net10(both, WORLD) and net4(both, WORLD)
    for case, world in valid_examples():
        assert not net10(case, world) or net4(case, world)


def test_every_variant_is_used_by_some_mutation() -> None:
    """Each world variant exists for a mutation example_world() cannot host."""
    used = {v.name for s in MUTATIONS if (v := variant_for(s.applicable)) is not None}
    assert used == {v.name for v in VARIANTS}, sorted({v.name for v in VARIANTS} - used)


# --- the catalogue: every id registered in its family, every rule well formed ---

PART_A_SECTIONS = {
    "protocol": [f"R-PROTO-{n}" for n in range(1, 11)],
    "dryrun": [f"R-DRY-{n}" for n in range(1, 7)],
    "counts": [f"R-COUNT-{n}" for n in range(1, 8)],
    "image": [f"R-AMI-{n}" for n in range(1, 9)]
    + ["R-KERNEL-1", "R-RAMDISK-1"]
    + [f"R-LT-{n}" for n in range(1, 5)]
    + [f"R-ITYPE-{n}" for n in range(1, 4)],
    "network": [f"R-NET-{n}" for n in range(1, 23)],
    "nic": [f"R-NIC-{n}" for n in range(1, 22)] + [f"R-SEC-{n}" for n in range(1, 10)],
    "idempotency": [f"R-IDEM-{n}" for n in range(1, 9)],
}
PART_A = [rule_id for ids in PART_A_SECTIONS.values() for rule_id in ids]
PART_B_SECTIONS: dict[str, tuple[str, ...]] = {
    "block_devices": tuple(f"R-BDM-{i}" for i in range(1, 30)),
    "user_data": ("R-UD-1", "R-UD-2", "R-UD-3"),
    "tags": tuple(f"R-TAG-{i}" for i in range(1, 16)),
    "placement": tuple(f"R-PLC-{i}" for i in range(1, 11)),
    "compute": (
        *(f"R-CPU-{i}" for i in range(1, 5)),
        *(f"R-CREDIT-{i}" for i in range(1, 5)),
        *(f"R-HIB-{i}" for i in range(1, 7)),
    ),
    "metadata": tuple(f"R-MD-{i}" for i in range(1, 6)),
    "market": (*(f"R-MKT-{i}" for i in range(1, 9)), "R-CR-1", "R-CR-2", "R-CR-3"),
    "misc": (
        "R-MON-1", "R-MON-2", "R-SHUT-1", "R-TERM-1", "R-EBSO-1", "R-IAM-1", "R-IAM-2", "R-KEY-1", "R-EGPU-1",
        "R-EIA-1", "R-LIC-1", "R-LIC-2", "R-NPO-1", "R-MAINT-1", "R-OPR-1", "R-ADD-1", "R-ENUM-1",
    ),
}
PART_B = frozenset(i for ids in PART_B_SECTIONS.values() for i in ids)


def test_every_part_a_id_is_registered_in_its_family() -> None:
    missing = [i for i in PART_A if i not in RULES]
    assert not missing, f"not encoded: {missing}"
    for family, ids in PART_A_SECTIONS.items():
        for rule_id in ids:
            assert RULES[rule_id].family == family, rule_id


@pytest.mark.parametrize("rule_id", PART_A)
def test_rule_is_complete(rule_id: str) -> None:
    rule: Rule = RULES[rule_id]
    assert rule.citations and all(c.quote for c in rule.citations)
    if rule.kind is Kind.VALIDATION:
        assert rule.violated is not None and rule.outcome is not None and rule.outcome.codes
    if rule.kind is Kind.UNDECIDABLE:
        assert rule.reason
    if rule.outcome is not None:
        assert not any(code.startswith(("Client.", "Server.")) for code in rule.outcome.codes)
    if rule.confidence is Confidence.INFERRED and rule.kind is Kind.VALIDATION:
        assert "undocumented" in rule.reason or "inferred" in rule.reason or "plausible" in rule.reason
    if rule.confidence is Confidence.OBSERVED:
        assert any(c.source.startswith(("OBS-", "ri-", "mined-", "recorded")) for c in rule.citations), rule_id


def test_every_part_b_id_is_registered_in_its_family() -> None:
    for family, ids in PART_B_SECTIONS.items():
        found = {r.id for r in RULES.values() if r.family == family}
        assert found == set(ids), family


def test_part_b_rules_are_well_formed() -> None:
    paths = leaf_paths()
    for rule_id in sorted(PART_B):
        r = rule_by_id(rule_id)
        assert r.citations and all(c.quote for c in r.citations), rule_id
        for m in r.members:
            assert any(p == m or p.startswith(m + ".") or p.startswith(m + "[") for p in paths), (rule_id, m)
        if r.outcome is not None:
            assert not any(c.startswith(("Client.", "Server.")) for c in r.outcome.codes), rule_id
        assert (r.violated is not None) == (r.kind is Kind.VALIDATION), rule_id
        assert (r.postcondition is not None) == (r.kind is Kind.POSTCONDITION), rule_id


def test_predicates_stay_quiet_on_a_plain_request() -> None:
    case = Case(params=base())
    assert [i for i in sorted(PART_B) if (c := rule_by_id(i).violated) is not None and c(case, WORLD)] == []


def test_unsettled_members_are_the_reserved_and_end_of_life_ones() -> None:
    assert unsettled_members() >= {
        "Placement.SpreadDomain", "Operator.Principal", "AdditionalInfo",
        "InstanceMarketOptions.SpotOptions.BlockDurationMinutes", "ElasticGpuSpecification[].Type",
        "ElasticInferenceAccelerators[].Type", "BlockDeviceMappings[].Ebs.AvailabilityZone",
    }
    assert "Placement.Tenancy" not in unsettled_members()
