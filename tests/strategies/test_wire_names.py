"""Wire names come from the model: every member the serializer writes is known with its type, and unknown or
badly typed Query names are found."""

from __future__ import annotations

import datetime
from typing import Any

from botocore.model import Shape

from strategies.model import input_shape
from strategies.wire import to_query
from strategies.wire_names import badly_typed, canonical, unknown_names, wire_types


def _sample_value(type_name: str) -> Any:
    return {
        "string": "s",
        "integer": 1,
        "long": 1,
        "boolean": True,
        "double": 1.5,
        "float": 1.5,
        "blob": b"x",
        "timestamp": datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    }[type_name]


def _sample(shape: Shape, seen: frozenset[str] = frozenset()) -> Any:
    """A value for `shape` with every member set (lists of two items), stopping at recursive shapes."""
    if shape.type_name == "structure":
        inner = seen | {shape.name}
        return {k: _sample(m, inner) for k, m in shape.members.items() if m.name not in seen}
    if shape.type_name == "list":
        return [_sample(shape.member, seen) for _ in range(2)]
    return _sample_value(shape.type_name)


def test_wire_names_cover_every_member_the_serializer_writes() -> None:
    query = to_query(_sample(input_shape()))
    assert unknown_names(query) == []
    assert badly_typed(query) == []
    assert {canonical(k) for k in query} - {"Action", "Version"} == set(wire_types())


def test_unknown_and_badly_typed_names() -> None:
    query = {
        "Action": "RunInstances",
        "NetworkInterface.2.SecurityGroupId.1": "sg-1",
        "ImageID": "x",
        "DryRun": "yes",
        "MinCount": "1",
        "NetworkInterface.1.DeviceIndex": "0x1",
    }
    assert unknown_names(query) == ["ImageID"]
    assert badly_typed(query) == ["DryRun", "NetworkInterface.1.DeviceIndex"]
