"""Read the RunInstances input shape from botocore's installed EC2 model (never copied into the repo)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.loaders
from botocore.model import OperationModel, ServiceModel, Shape

OPERATION = "RunInstances"
API_VERSION = "2016-11-15"


@cache
def service_model() -> ServiceModel:
    """The EC2 service model of the installed botocore (read by its loader: no session, so no AWS profile)."""
    return ServiceModel(botocore.loaders.create_loader().load_service_model("ec2", "service-2"), "ec2")


@cache
def operation_model(name: str = OPERATION) -> OperationModel:
    return service_model().operation_model(name)


def input_shape(name: str = OPERATION) -> Shape:
    shape = operation_model(name).input_shape
    assert shape is not None
    return shape


def top_level_members(name: str = OPERATION) -> tuple[str, ...]:
    return tuple(input_shape(name).members)


@dataclass(frozen=True)
class Leaf:
    """A scalar member of the request, named by its path (`A.B[].C`, lists marked with `[]`)."""

    path: str
    type_name: str
    enum: tuple[str, ...]
    shape: Shape


_CONTAINERS = frozenset({"structure", "list", "map"})


def members(shape: Shape, path: str = "", seen: frozenset[str] = frozenset()) -> Iterator[tuple[str, Shape]]:
    """Every member path under `shape` with its shape, containers and list items (`A[]`) included, each before
    its own members; a recursive shape stops where it recurs."""
    if shape.type_name == "structure":
        if shape.name in seen:
            return
        for member, member_shape in shape.members.items():
            member_path = f"{path}.{member}" if path else member
            yield member_path, member_shape
            yield from members(member_shape, member_path, seen | {shape.name})
    elif shape.type_name == "list":
        yield f"{path}[]", shape.member
        yield from members(shape.member, f"{path}[]", seen)
    elif shape.type_name == "map":
        yield f"{path}{{}}", shape.value
        yield from members(shape.value, f"{path}{{}}", seen)


@cache
def leaves(name: str = OPERATION) -> tuple[Leaf, ...]:
    """Every scalar member path of the operation's input, top level and nested."""
    return tuple(Leaf(path, shape.type_name, tuple(getattr(shape, "enum", None) or ()), shape)
                 for path, shape in members(input_shape(name)) if shape.type_name not in _CONTAINERS)


@cache
def leaf_paths(name: str = OPERATION) -> tuple[str, ...]:
    return tuple(leaf.path for leaf in leaves(name))


@cache
def shape_types(name: str = OPERATION) -> frozenset[str]:
    """Every botocore type name used anywhere in the operation's input."""
    found: set[str] = set()

    def visit(shape: Shape, seen: frozenset[str]) -> None:
        found.add(shape.type_name)
        if shape.name in seen:
            return
        if shape.type_name == "structure":
            for member in shape.members.values():
                visit(member, seen | {shape.name})
        elif shape.type_name == "list":
            visit(shape.member, seen | {shape.name})
        elif shape.type_name == "map":
            visit(shape.key, seen | {shape.name})
            visit(shape.value, seen | {shape.name})

    visit(input_shape(name), frozenset())
    return frozenset(found)


def enum_values(path: str) -> tuple[str, ...]:
    """The model's enum for a leaf path such as `Placement.Tenancy` (empty if not an enum)."""
    for leaf in leaves():
        if leaf.path == path:
            return leaf.enum
    raise KeyError(f"no member path {path!r} in {OPERATION}")


@cache
def _leaf_set() -> frozenset[str]:
    return frozenset(leaf_paths())


def leaves_of(params: Any) -> frozenset[str]:
    """The model leaf paths a request dict carries (a value redacted into a dict, UserData's digest, counts as
    its own leaf)."""
    leaves, found = _leaf_set(), set()
    for path in paths_in(params):
        while path not in leaves and "." in path:
            path = path.rsplit(".", 1)[0]
        if path in leaves:
            found.add(path)
    return frozenset(found)


def paths_in(params: Any, prefix: str = "") -> Iterator[str]:
    """Leaf member paths present in a request dict (list indices written as `[]`)."""
    if isinstance(params, dict):
        for key, value in params.items():
            yield from paths_in(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(params, list):
        for item in params:
            yield from paths_in(item, f"{prefix}[]")
    else:
        yield prefix


def leaf_values(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(member path, scalar value) for every scalar in an API-shaped request, lists written `[]`."""
    if type(value) is dict or isinstance(value, Mapping):  # dict first: the ABC check is slow
        for key, item in value.items():
            yield from leaf_values(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for item in value:
            yield from leaf_values(item, f"{prefix}[]")
    else:
        yield prefix, value
