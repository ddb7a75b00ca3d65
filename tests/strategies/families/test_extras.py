"""Members that stand alone: EBS optimisation only where supported, detailed monitoring for metric categories,
the IAM profile by ARN or name, licences of the world, and the unsettled members only when asked for."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from hypothesis import strategies as st

from strategies.families import extras
from strategies.families.context import Draft, Plan, excluded_leaves
from strategies.limits import ELASTIC_GPU_TYPES, ELASTIC_INFERENCE_COUNT, unsettled_members
from strategies.sampling import run_draws
from strategies.world import example_world

WORLD = example_world()
UNSETTLED = ("ElasticGpuSpecification", "ElasticInferenceAccelerators", "AdditionalInfo", "Operator")


def _params(instance_type: str = "m5.large", excluded: frozenset[str] = frozenset(),
            examples: int = 200) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def body(data: st.DataObject) -> None:
        draft = dataclasses.replace(Draft(Plan(WORLD, excluded)), instance_type=instance_type)
        extras.build(cast(st.DrawFn, data.draw), draft)
        found.append(draft.params)

    run_draws(examples, body)
    return found


def test_ebs_optimisation_only_where_the_type_supports_it() -> None:
    assert {p["EbsOptimized"] for p in _params("m5.large") if "EbsOptimized" in p} == {True, False}
    assert {p["EbsOptimized"] for p in _params("t2.micro") if "EbsOptimized" in p} == {False}


def test_metric_categories_only_with_detailed_monitoring() -> None:
    categories = 0
    for params in _params():
        monitoring = params.get("Monitoring")
        if monitoring is None:
            continue
        assert isinstance(monitoring["Enabled"], bool)
        if "MetricCategoryIds" in monitoring:
            categories += 1
            assert monitoring["Enabled"] and set(monitoring["MetricCategoryIds"]) <= set(WORLD.metric_category_ids)
    assert categories


def test_the_profile_by_arn_or_by_its_name_and_the_worlds_licences() -> None:
    forms = set()
    for params in _params():
        profile = params.get("IamInstanceProfile")
        if profile is not None:
            assert len(profile) == 1
            forms.update(profile)
            assert profile.get("Arn", WORLD.instance_profile_arns[0]) in WORLD.instance_profile_arns
            assert profile.get("Name", "conformance") in WORLD.instance_profile_names
        for licence in params.get("LicenseSpecifications", ()):
            assert licence["LicenseConfigurationArn"] in WORLD.license_configuration_arns
    assert forms == {"Arn", "Name"}


def test_unsettled_members_only_when_not_left_out() -> None:
    drawn = _params()
    for member in UNSETTLED:
        assert any(member in params for params in drawn), member
    for params in drawn:
        for gpu in params.get("ElasticGpuSpecification", ()):
            assert gpu["Type"] in ELASTIC_GPU_TYPES
        for accelerator in params.get("ElasticInferenceAccelerators", ()):
            low, high = ELASTIC_INFERENCE_COUNT
            assert low <= accelerator.get("Count", low) <= high
    settled = _params(excluded=excluded_leaves(unsettled_members()), examples=100)
    assert not [p for p in settled if set(UNSETTLED) & set(p)]
