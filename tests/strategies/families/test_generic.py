"""The generic handlers cover every shape type of the installed model and draw well-typed values from it."""

from __future__ import annotations

from typing import Any

from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings

from strategies.families.generic import HANDLERS, for_path, from_shape, uncovered_types
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
