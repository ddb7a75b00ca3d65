"""Invalid requests by named mutation: each breaks exactly one documented rule.

Each family module `strategies/mutations/<family>.py` defines `MUTATIONS: tuple[MutationSpec, ...]`.
A spec's `build` receives a deep copy of a *valid* request (API-shaped params, drawn from
`strategies.valid_requests`) and the world, and returns the mutated `Case`. It first removes from the
base whatever would make the change break a second rule, then breaks its rule, and records the rule id
and the concrete member path on `Case.mutation`. Wire-level specs (`wire=True`) return a Case with
`wire_edits`; those are sent as raw signed Query requests.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st

from strategies.case import Case
from strategies.world import World

Build = Callable[[st.DrawFn, dict[str, Any], World], Case]


def _always(world: World) -> bool:
    return True


@dataclass(frozen=True)
class MutationSpec:
    name: str  # unique, kebab-case: "tag-key-aws-prefix"
    rule_id: str  # catalogue id of the one rule it breaks
    path: str  # member path it touches, lists as []: "TagSpecifications[].Tags[].Key"
    build: Build
    wire: bool = False
    applicable: Callable[[World], bool] = _always  # False when the world lacks what it needs

    def __repr__(self) -> str:
        return f"MutationSpec({self.name!r}, rule={self.rule_id}, path={self.path!r}, wire={self.wire})"


def _collect() -> tuple[MutationSpec, ...]:
    specs: list[MutationSpec] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        specs.extend(getattr(module, "MUTATIONS", ()))
    names = [s.name for s in specs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"mutation names defined twice: {duplicates}")
    return tuple(specs)


MUTATIONS: tuple[MutationSpec, ...] = _collect()


def select(
    world: World, *, rules: Iterable[str] | None = None, wire: bool | None = None,
    names: Iterable[str] | None = None,
) -> tuple[MutationSpec, ...]:
    """The specs applicable to `world`, optionally limited to rule ids, spec names and wire / non-wire."""
    wanted = None if rules is None else frozenset(rules)
    named = None if names is None else frozenset(names)
    return tuple(
        s
        for s in MUTATIONS
        if s.applicable(world)
        and (wanted is None or s.rule_id in wanted)
        and (named is None or s.name in named)
        and (wire is None or s.wire is wire)
    )


def mutations(
    world: World,
    *,
    rules: Iterable[str] | None = None,
    wire: bool | None = None,
    names: Iterable[str] | None = None,
    max_count: int = 3,
    dry_run: bool | None = False,
) -> st.SearchStrategy[Case]:
    """Invalid cases: a valid request from `valid_requests(world, ...)` with one named rule broken."""
    from hypothesis.errors import InvalidArgument

    from strategies.valid import valid_requests

    specs = select(world, rules=rules, wire=wire, names=names)
    if not specs:
        raise InvalidArgument(
            f"no mutation applies to this world for rules={rules!r}, wire={wire!r}, names={names!r}"
        )
    base = valid_requests(world, max_count=max_count, dry_run=dry_run)
    chosen = st.sampled_from(specs)

    @st.composite
    def mutated(draw: st.DrawFn) -> Case:
        spec = draw(chosen)
        valid = draw(base)
        return replace(spec.build(draw, valid.api_params(), world), origin=valid.params)

    return mutated()


def wire_mutations(world: World, **options: Any) -> st.SearchStrategy[Case]:
    """Invalid cases that only a raw Query request can carry (boto3 would refuse or rewrite them)."""
    return mutations(world, wire=True, **options)
