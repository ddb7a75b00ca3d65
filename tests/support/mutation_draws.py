"""The cases a named mutation builds from valid draws: what the strategies' mutation tests read (made once)."""

from __future__ import annotations

from typing import cast

from hypothesis import strategies as st

from strategies.case import Case
from strategies.mutations import Build, MutationSpec
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.world import World
from tests.support.world_variants import Variant, variant_for


def built(build: Build, world: World, examples: int, base: World | None = None) -> list[Case]:
    """`examples` cases `build` makes in `world` from valid requests drawn on `base` (default: `world`)."""
    valid = valid_requests(base if base is not None else world, dry_run=None)
    found: list[Case] = []
    run_draws(examples, lambda data: found.append(
        build(cast(st.DrawFn, data.draw), data.draw(valid).api_params(), world)))
    return found


def on_its_variant(spec: MutationSpec, examples: int) -> tuple[World, list[Case]]:
    """The world of the variant the mutation applies to, and the cases the mutation builds there."""
    variant = variant_for(spec.applicable)
    assert isinstance(variant, Variant)
    return variant.world, built(spec.build, variant.world, examples, base=variant.base)
