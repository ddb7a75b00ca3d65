"""The Query wire names of RunInstances and their types, read from botocore's model (R-PROTO-3, R-PROTO-4).

Names follow botocore's EC2 serializer: a member's `queryName`, else its capitalised `locationName`, else
the member name; list elements are `Name.N` (N from 1). Here every list index is written `N`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache

from botocore.model import Shape

from strategies.model import input_shape

ENVELOPE_NAMES = frozenset({"Action", "Version"})
_INDEX = re.compile(r"\.[0-9]+(?=\.|$)")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_BOOLEANS = frozenset({"true", "false"})


def _serialized_name(shape: Shape, default: str) -> str:
    if "queryName" in shape.serialization:
        return str(shape.serialization["queryName"])
    if "name" in shape.serialization:
        name = str(shape.serialization["name"])
        return name[0].upper() + name[1:]
    return default


def _walk(shape: Shape, prefix: str, seen: frozenset[str]) -> Iterator[tuple[str, str]]:
    if shape.type_name == "structure":
        if shape.name in seen:
            return
        for key, member in shape.members.items():
            name = _serialized_name(member, key)
            yield from _walk(member, f"{prefix}.{name}" if prefix else name, seen | {shape.name})
    elif shape.type_name == "list":
        yield from _walk(shape.member, f"{prefix}.N", seen)
    else:
        yield prefix, shape.type_name


@cache
def wire_types() -> Mapping[str, str]:
    """Canonical wire name (indices as `N`) -> botocore type name, for every RunInstances leaf."""
    return dict(_walk(input_shape(), "", frozenset()))


@lru_cache(maxsize=4096)  # the same keys recur in every request; mutations can invent new ones
def canonical(key: str) -> str:
    """`NetworkInterface.2.SecurityGroupId.1` -> `NetworkInterface.N.SecurityGroupId.N`."""
    return _INDEX.sub(".N", key)


def unknown_names(query: Mapping[str, str]) -> list[str]:
    """Query keys that are neither the envelope nor a RunInstances member (R-PROTO-3)."""
    types = wire_types()
    return [k for k in query if k not in ENVELOPE_NAMES and canonical(k) not in types]


def badly_typed(query: Mapping[str, str], skip: frozenset[str] = frozenset()) -> list[str]:
    """Keys whose value does not follow the model's wire type: booleans true/false, integers decimal."""
    types = wire_types()
    found = []
    for key, value in query.items():
        if key in skip:
            continue
        kind = types.get(canonical(key))
        wrong_boolean = kind == "boolean" and value.lower() not in _BOOLEANS
        wrong_integer = kind in ("integer", "long") and not _INTEGER.fullmatch(value)
        if wrong_boolean or wrong_integer:
            found.append(key)
    return found
