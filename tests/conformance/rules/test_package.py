"""The rules package's registry (conformance/rules/__init__.py): every encoded validation rule is exercised both
ways: a valid example satisfies it, a mutation breaks it.

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

from conformance.rules import RULES, Rule
from strategies.case import Case
from strategies.model import leaf_paths, paths_in
from strategies.mutations import MUTATIONS, MutationSpec
from strategies.valid import valid_requests
from strategies.world import World
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

