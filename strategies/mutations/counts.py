"""Mutations of MinCount / MaxCount (R-COUNT-1..3); the wire-level ones go out as raw Query requests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies.case import Case, WireEdit
from strategies.mutations import MutationSpec
from strategies.mutations._reshape import record, several_instances
from strategies.world import World

COUNTS = ("MinCount", "MaxCount")
NOT_DECIMAL = ("1.5", "one", "0x1", "1e0", "two")
NEGATIVE = ("-1", "-2", "-100")


def _missing(key: str) -> MutationSpec:
    def build(draw: st.DrawFn, params: dict[str, Any], world: World) -> Case:
        return record(params, "R-COUNT-1", key, f"{_kebab(key)}-missing", (WireEdit(key, None),))

    return MutationSpec(f"{_kebab(key)}-missing", "R-COUNT-1", key, build, wire=True)


def _wire_value(key: str, label: str, values: tuple[str, ...]) -> MutationSpec:
    name = f"{_kebab(key)}-{label}"

    def build(draw: st.DrawFn, params: dict[str, Any], world: World) -> Case:
        return record(params, "R-COUNT-2", key, name, (WireEdit(key, draw(st.sampled_from(values))),))

    return MutationSpec(name, "R-COUNT-2", key, build, wire=True)


def _zero(key: str) -> MutationSpec:
    name = f"{_kebab(key)}-zero"

    def build(draw: st.DrawFn, params: dict[str, Any], world: World) -> Case:
        params[key] = 0
        return record(params, "R-COUNT-2", key, name)

    return MutationSpec(name, "R-COUNT-2", key, build)


def _min_above_max(draw: st.DrawFn, params: dict[str, Any], world: World) -> Case:
    high = draw(st.integers(1, 2))
    several_instances(params, high + draw(st.integers(1, 2)), high)
    return record(params, "R-COUNT-3", "MinCount", "min-count-above-max-count")


def _kebab(key: str) -> str:
    return {"MinCount": "min-count", "MaxCount": "max-count"}[key]


MUTATIONS: tuple[MutationSpec, ...] = (
    *(_missing(k) for k in COUNTS),
    *(_wire_value(k, "not-integer", NOT_DECIMAL) for k in COUNTS),
    *(_wire_value(k, "negative", NEGATIVE) for k in COUNTS),
    *(_zero(k) for k in COUNTS),
    MutationSpec("min-count-above-max-count", "R-COUNT-3", "MinCount", _min_above_max),
)
