"""The composite that assembles one valid request from the family builders, in dependency order."""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from strategies.case import Case
from strategies.families import block_devices, core, extras, interfaces, network, options, placement, tags
from strategies.families.context import Draft, Plan, excluded_leaves
from strategies.limits import unsettled_members
from strategies.world import World

VALID_LABEL = "valid"


@cache
def plan_for(world: World, settled_only: bool) -> Plan:
    excluded = excluded_leaves(unsettled_members()) if settled_only else frozenset()
    return Plan(world, excluded)


@st.composite
def valid_requests(
    draw: st.DrawFn,
    world: World,
    *,
    max_count: int = 3,
    dry_run: bool | None = False,
    settled_only: bool = True,
) -> Case:
    draft = Draft(plan_for(world, settled_only))
    core.build_counts(draw, draft, max_count)
    core.build_image(draw, draft)
    core.build_instance(draw, draft, dry_run)
    network.build(draw, draft)  # decides the subnet and zone that placement follows
    interfaces.build_secondary(draw, draft)
    placement.build(draw, draft)  # host tenancy rules out Spot
    options.build(draw, draft)  # hibernation, Spot and metadata tags decide later members
    placement.build_capacity(draw, draft)
    block_devices.build(draw, draft)
    tags.build(draw, draft)
    extras.build(draw, draft)
    return Case(params=draft.params, labels=(VALID_LABEL,))
