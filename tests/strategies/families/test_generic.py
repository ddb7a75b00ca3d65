"""The generic handlers cover every shape type of the installed model, find a member path's shape, and draw
well-typed values within the model's bounds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.model import ListShape, Shape, ShapeResolver
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings

from strategies.families.generic import HANDLERS, enum_of, for_path, from_shape, shape_at, uncovered_types
from strategies.limits import VALID_UNTIL_YEARS
from strategies.model import enum_values, input_shape, shape_types


def test_handler_table_covers_every_shape_type_of_the_model() -> None:
    assert uncovered_types() == frozenset(), f"no handler for {sorted(uncovered_types())}"
    assert shape_types() <= HANDLERS.keys()


@settings(max_examples=50, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(params=from_shape(input_shape()))
def test_generic_handlers_give_well_typed_requests(params: dict[str, Any]) -> None:
    report = ParamValidator().validate(params, input_shape())
    assert not report.has_errors(), report.generate_report()


@settings(max_examples=30, derandomize=True, deadline=None, database=None)
@given(tenancy=for_path("Placement.Tenancy"), volume_type=for_path("BlockDeviceMappings[].Ebs.VolumeType"))
def test_generic_handlers_use_the_model_enum(tenancy: str, volume_type: str) -> None:
    assert tenancy in enum_values("Placement.Tenancy")
    assert volume_type in enum_values("BlockDeviceMappings[].Ebs.VolumeType")


def test_shape_at_walks_members_and_list_items() -> None:
    assert shape_at("Placement.Tenancy").name == input_shape().members["Placement"].members["Tenancy"].name
    assert shape_at("TagSpecifications[].Tags[]").type_name == "structure"
    assert shape_at("SecurityGroupIds[]").type_name == "string"
    assert enum_of("Placement.Tenancy") == enum_values("Placement.Tenancy")
    assert enum_of("ImageId") == ()


def test_a_shape_type_without_a_handler_is_an_error() -> None:
    shape = Shape("Odd", {"type": "union"})
    with pytest.raises(TypeError, match="no handler for shape type 'union' \\(Odd\\)"):
        from_shape(shape)


@settings(max_examples=40, derandomize=True, deadline=None, database=None)
@given(
    when=from_shape(Shape("When", {"type": "timestamp"})),
    token=from_shape(Shape("Token", {"type": "string", "min": 2, "max": 5})),
    count=from_shape(Shape("Count", {"type": "integer", "min": 3, "max": 7})),
    items=from_shape(ListShape("Items", {"type": "list", "member": {"shape": "Item"}, "min": 1},
                           ShapeResolver({"Item": {"type": "boolean"}}))),
)
def test_handlers_honour_the_models_bounds(when: datetime, token: str, count: int, items: list[bool]) -> None:
    assert VALID_UNTIL_YEARS[0] <= when.year <= VALID_UNTIL_YEARS[1] and when.tzinfo is UTC
    assert when.microsecond == 0
    assert 2 <= len(token) <= 5 and token.isascii()
    assert 3 <= count <= 7
    assert len(items) >= 1 and all(isinstance(item, bool) for item in items)
