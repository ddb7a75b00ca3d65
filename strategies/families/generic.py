"""Well-typed values straight from the botocore model: one handler per shape type.

Family modules overlay the documented constraints; these handlers supply what the model alone says
(types, enums, `required`, `min`/`max`). `HANDLERS` must cover every type in the model
(`strategies.model.shape_types()`); a test and `assert_covers_model()` check it.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from botocore.model import Shape
from hypothesis import strategies as st

from strategies.limits import VALID_UNTIL_YEARS
from strategies.model import input_shape, shape_types

Handler = Callable[[Shape], st.SearchStrategy[Any]]

_TEXT = st.characters(codec="ascii", categories=("L", "N", "P", "Zs"))
_STRING_MAX = 32  # generic strings stay short: the documented limits are overlaid by the families
_INT32_MAX = 2**31 - 1
_COLLECTION_MAX = 3


def _structure(shape: Shape) -> st.SearchStrategy[dict[str, Any]]:
    required = set(shape.required_members)
    members = {name: from_shape(member) for name, member in shape.members.items()}
    return st.fixed_dictionaries(
        {name: s for name, s in members.items() if name in required},
        optional={name: s for name, s in members.items() if name not in required},
    )


def _list(shape: Shape) -> st.SearchStrategy[list[Any]]:
    low = int(shape.metadata.get("min", 0))
    return st.lists(from_shape(shape.member), min_size=low, max_size=max(low, _COLLECTION_MAX))


def _map(shape: Shape) -> st.SearchStrategy[dict[Any, Any]]:
    return st.dictionaries(from_shape(shape.key), from_shape(shape.value), max_size=_COLLECTION_MAX)


def _string(shape: Shape) -> st.SearchStrategy[str]:
    enum = getattr(shape, "enum", None)
    if enum:
        return st.sampled_from(tuple(enum))
    low = int(shape.metadata.get("min", 0))
    high = int(shape.metadata.get("max", max(low, _STRING_MAX)))
    return st.text(_TEXT, min_size=low, max_size=high)


def _integer(shape: Shape) -> st.SearchStrategy[int]:
    low = int(shape.metadata.get("min", 0))
    return st.integers(low, int(shape.metadata.get("max", _INT32_MAX)))


def _float(shape: Shape) -> st.SearchStrategy[float]:
    return st.floats(allow_nan=False, allow_infinity=False, min_value=shape.metadata.get("min"))


def _boolean(shape: Shape) -> st.SearchStrategy[bool]:
    return st.booleans()


def _timestamp(shape: Shape) -> st.SearchStrategy[datetime]:
    first, last = VALID_UNTIL_YEARS  # model timestamps are future dates (ValidUntil)
    return st.datetimes(
        min_value=datetime(first, 1, 1), max_value=datetime(last, 12, 31), timezones=st.just(UTC)
    ).map(lambda moment: moment.replace(microsecond=0))


def _blob(shape: Shape) -> st.SearchStrategy[bytes]:
    return st.binary(max_size=int(shape.metadata.get("max", _STRING_MAX)))


HANDLERS: dict[str, Handler] = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "float": _float,
    "double": _float,
    "boolean": _boolean,
    "timestamp": _timestamp,
    "blob": _blob,
}


def uncovered_types() -> frozenset[str]:
    """Shape types in the installed model that no handler takes (empty when the table is complete)."""
    return shape_types() - HANDLERS.keys()


def from_shape(shape: Shape) -> st.SearchStrategy[Any]:
    try:
        handler = HANDLERS[shape.type_name]
    except KeyError:
        raise TypeError(f"no handler for shape type {shape.type_name!r} ({shape.name})") from None
    return handler(shape)


def shape_at(path: str) -> Shape:
    """The model shape at a member path such as `Placement.Tenancy` or `TagSpecifications[].Tags[]`."""
    shape = input_shape()
    for part in path.replace("[]", ".[]").split("."):
        if part == "[]":
            shape = shape.member
        elif part:
            shape = shape.members[part]
    return shape


@cache
def for_path(path: str) -> st.SearchStrategy[Any]:
    """The generic strategy for one member path (built once)."""
    return from_shape(shape_at(path))


def enum_of(path: str) -> tuple[str, ...]:
    return tuple(getattr(shape_at(path), "enum", None) or ())


ASCII_TOKEN = string.ascii_letters + string.digits + "-_."
