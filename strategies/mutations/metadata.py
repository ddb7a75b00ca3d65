"""Mutations that break the instance metadata options rules (R-MD-2)."""

from __future__ import annotations

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import HOP_LIMIT
from strategies.mutations import MutationSpec
from strategies.mutations._edit import Params, case, put
from strategies.world import World

HOP = "MetadataOptions.HttpPutResponseHopLimit"


def hop_limit_out_of_range(draw: st.DrawFn, params: Params, world: World) -> Case:
    low, high = HOP_LIMIT
    put(params, HOP, draw(st.sampled_from([low - 1, high + 1, -1, high * 2])))
    return case(params, "R-MD-2", HOP, "metadata-hop-limit-out-of-range")


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("metadata-hop-limit-out-of-range", "R-MD-2", HOP, hop_limit_out_of_range),
)
