"""Wire-level protocol mutations: unknown names, Action, Version, badly typed values (R-PROTO-1..4).

All of them edit the Query encoding, so they go out as raw signed Query requests.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies.case import Case, WireEdit
from strategies.mutations import MutationSpec
from strategies.mutations._reshape import record
from strategies.wire import to_query
from strategies.wire_names import canonical, wire_types
from strategies.world import World

Params = dict[str, Any]
UNKNOWN_NAMES = ("InstanceTypo", "Imageid", "MaxCounts", "Foo", "NetworkInterface.1.Bogus", "Placement.Zone")
UNKNOWN_ACTIONS = ("RunInstance", "RunInstancez", "LaunchInstances", "Run-Instances")
WRONG_VERSIONS = ("2099-01-01", "1999-12-31", "latest", "2016-11-16")
NOT_BOOLEAN = ("yes", "no", "1", "0", "maybe", "on")
NOT_INTEGER = ("two", "1.5", "0x10", "1e3")
COUNTS = frozenset({"MinCount", "MaxCount"})
FALLBACK_BOOLEAN = "DisableApiTermination"
FALLBACK_INTEGER = "MetadataOptions.HttpPutResponseHopLimit"


def _keys_of_type(params: Params, kinds: tuple[str, ...]) -> list[str]:
    types = wire_types()
    return sorted(k for k in to_query(params) if k not in COUNTS and types.get(canonical(k)) in kinds)


def _unknown_name(draw: st.DrawFn, params: Params, world: World) -> Case:
    edit = WireEdit(draw(st.sampled_from(UNKNOWN_NAMES)), draw(st.sampled_from(("1", "true", "x"))))
    return record(params, "R-PROTO-3", edit.key, "unknown-parameter-name", (edit,))


def _unknown_action(draw: st.DrawFn, params: Params, world: World) -> Case:
    edit = WireEdit("Action", draw(st.sampled_from(UNKNOWN_ACTIONS)))
    return record(params, "R-PROTO-2", "Action", "unknown-action", (edit,))


def _missing_action(draw: st.DrawFn, params: Params, world: World) -> Case:
    return record(params, "R-PROTO-2", "Action", "missing-action", (WireEdit("Action", None),))


def _wrong_version(draw: st.DrawFn, params: Params, world: World) -> Case:
    edit = WireEdit("Version", draw(st.sampled_from(WRONG_VERSIONS)))
    return record(params, "R-PROTO-1", "Version", "wrong-version", (edit,))


def _typed(name: str, kinds: tuple[str, ...], values: tuple[str, ...], fallback: str) -> MutationSpec:
    """A value outside its wire type for a member the request sends (or `fallback` when it sends none)."""

    def build(draw: st.DrawFn, params: Params, world: World) -> Case:
        keys = _keys_of_type(params, kinds) or [fallback]
        edit = WireEdit(draw(st.sampled_from(keys)), draw(st.sampled_from(values)))
        return record(params, "R-PROTO-4", edit.key, name, (edit,))

    return MutationSpec(name, "R-PROTO-4", fallback, build, wire=True)


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("unknown-parameter-name", "R-PROTO-3", "(unknown)", _unknown_name, wire=True),
    MutationSpec("unknown-action", "R-PROTO-2", "Action", _unknown_action, wire=True),
    MutationSpec("missing-action", "R-PROTO-2", "Action", _missing_action, wire=True),
    MutationSpec("wrong-version", "R-PROTO-1", "Version", _wrong_version, wire=True),
    _typed("boolean-not-true-or-false", ("boolean",), NOT_BOOLEAN, FALLBACK_BOOLEAN),
    _typed("integer-not-decimal", ("integer", "long"), NOT_INTEGER, FALLBACK_INTEGER),
)
