"""The metadata mutation (R-MD-2): a hop limit just outside 1..64, negative or far above."""

from __future__ import annotations

from typing import Any, cast

from hypothesis import strategies as st

from strategies.limits import HOP_LIMIT
from strategies.mutations import metadata
from strategies.sampling import run_draws
from strategies.world import example_world

WORLD = example_world()


def test_the_hop_limit_is_set_outside_its_range_keeping_the_other_options() -> None:
    values = set()

    def body(data: st.DataObject) -> None:
        params: dict[str, Any] = {"MetadataOptions": {"HttpTokens": "required"}}
        case = metadata.hop_limit_out_of_range(cast(st.DrawFn, data.draw), params, WORLD)
        value = case.params["MetadataOptions"]["HttpPutResponseHopLimit"]
        assert not HOP_LIMIT[0] <= value <= HOP_LIMIT[1]
        assert case.params["MetadataOptions"]["HttpTokens"] == "required"
        assert case.mutation is not None and case.mutation.path == metadata.HOP
        values.add(value)

    run_draws(40, body)
    assert {HOP_LIMIT[0] - 1, HOP_LIMIT[1] + 1} <= values


def test_the_hop_limit_is_added_where_the_request_has_no_metadata_options() -> None:
    def body(data: st.DataObject) -> None:
        case = metadata.hop_limit_out_of_range(cast(st.DrawFn, data.draw), {}, WORLD)
        assert set(case.params["MetadataOptions"]) == {"HttpPutResponseHopLimit"}

    run_draws(5, body)
