"""The installed botocore model and the strategies agree: every member path is known, every type handled."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings

from strategies.families import FAMILIES, family_of, handled_paths
from strategies.families.generic import HANDLERS, for_path, from_shape, uncovered_types
from strategies.model import enum_values, input_shape, leaf_paths, shape_types, top_level_members


@pytest.mark.parametrize("path", leaf_paths())
def test_every_model_member_path_has_a_builder(path: str) -> None:
    assert family_of(path) is not None, (
        f"{path} is in the installed botocore model but no strategies/families module builds it: "
        "add it to that family's PATHS and build it"
    )


def test_families_know_no_path_the_model_lacks() -> None:
    stale = handled_paths() - set(leaf_paths())
    assert not stale, f"families build paths the installed model does not have: {sorted(stale)}"


def test_no_path_belongs_to_two_families() -> None:
    seen: dict[str, str] = {}
    for family in FAMILIES:
        for path in family.PATHS:
            assert path not in seen, f"{path} is in both {seen[path]} and {family.__name__}"
            seen[path] = family.__name__


def test_every_top_level_member_is_reached() -> None:
    reached = {path.split(".")[0].split("[")[0] for path in handled_paths()}
    assert set(top_level_members()) <= reached, sorted(set(top_level_members()) - reached)


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
