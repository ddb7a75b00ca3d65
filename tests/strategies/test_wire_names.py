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


def test_canonical_names_write_every_index_as_n() -> None:
    assert canonical("NetworkInterface.2.SecurityGroupId.10") == "NetworkInterface.N.SecurityGroupId.N"
    assert canonical("ImageId") == "ImageId"
    assert canonical("Placement.Tenancy") == "Placement.Tenancy"


def test_wire_names_follow_the_serializers_query_names() -> None:
    types = wire_types()
    assert types["SecurityGroupId.N"] == "string"  # SecurityGroupIds' locationName, capitalised
    assert types["BlockDeviceMapping.N.Ebs.VolumeSize"] == "integer"
    assert types["TagSpecification.N.Tag.N.Key"] == "string"
    assert types["DryRun"] == "boolean" and types["MinCount"] == "integer"
    assert "SecurityGroupIds.N" not in types and not {"Action", "Version"} & set(types)


def test_booleans_ignore_case_integers_take_a_sign_and_skipped_keys_pass() -> None:
    query = {"DryRun": "TRUE", "MinCount": "-1", "MaxCount": "+2", "EbsOptimized": "1", "ImageId": "yes"}
    assert badly_typed(query) == ["EbsOptimized"]
    assert badly_typed(query, skip=frozenset({"EbsOptimized"})) == []
    assert badly_typed({"MinCount": "1.0", "Unknown": "x"}) == ["MinCount"]
    assert unknown_names({"Action": "RunInstances", "Version": "2016-11-15", "SecurityGroupIds.1": "sg"}) == [
        "SecurityGroupIds.1"]
