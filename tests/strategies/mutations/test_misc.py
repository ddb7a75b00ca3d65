"""Single-member mutations and out-of-enum values: each sends a value the model or the world does not know, at
the member it records, and clears what would break a more specific rule."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import pytest
from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import FOREIGN_ACCOUNT_ID, IAM_INSTANCE_PROFILE_ARN_PATTERN
from strategies.model import enum_values
from strategies.mutations import MutationSpec, misc
from strategies.mutations._edit import Params
from strategies.sampling import run_draws
from strategies.world import MISSING_NAME_PREFIX, example_world
from tests.support.mutation_draws import built

WORLD = example_world()
SPECS = {spec.name: spec for spec in misc.MUTATIONS}
ENUM_SPECS = [spec for spec in misc.MUTATIONS if spec.name.startswith("enum-unknown-")]


def _cases(name: str, examples: int = 25) -> list[Case]:
    return built(SPECS[name].build, WORLD, examples)


def _at(params: Params, path: str) -> Any:
    node: Any = params
    for key in path.split("."):
        node = node[key]
    return node


@pytest.mark.parametrize(("name", "path"), [
    ("shutdown-behavior-unknown", "InstanceInitiatedShutdownBehavior"),
    ("bandwidth-weighting-unknown", "NetworkPerformanceOptions.BandwidthWeighting"),
    ("auto-recovery-unknown", "MaintenanceOptions.AutoRecovery"),
])
def test_a_bad_value_is_outside_the_model_enum(name: str, path: str) -> None:
    for case in _cases(name, 10):
        assert _at(dict(case.params), path) not in enum_values(path)


@pytest.mark.parametrize("spec", ENUM_SPECS, ids=lambda s: s.name)
def test_an_out_of_enum_value_clears_what_a_more_specific_rule_owns(spec: MutationSpec) -> None:
    for case in _cases(spec.name, 10):
        params = dict(case.params)
        assert _at(params, spec.path) in misc.BOGUS and _at(params, spec.path) not in enum_values(spec.path)
        if spec.path == "Placement.Tenancy":
            assert not {"HostResourceGroupArn", "Affinity"} & set(params["Placement"])
        if spec.path.startswith("CapacityReservationSpecification"):
            assert "CapacityReservationTarget" not in params["CapacityReservationSpecification"]
        if spec.path.endswith("SpotInstanceType"):
            assert "HibernationOptions" not in params


def test_every_enum_target_is_an_enum_of_the_model() -> None:
    assert ENUM_SPECS
    for spec in ENUM_SPECS:
        assert enum_values(spec.path), spec.path


def test_ebs_optimisation_on_a_type_without_it() -> None:
    for case in _cases("ebs-optimized-unsupported-type"):
        assert case.params["EbsOptimized"] is True
        assert WORLD.ebs_optimization_unsupported(case.params["InstanceType"])


def test_instance_profiles_malformed_or_unknown() -> None:
    for case in _cases("iam-instance-profile-arn-malformed", 10):
        (arn,) = case.params["IamInstanceProfile"].values()
        assert not IAM_INSTANCE_PROFILE_ARN_PATTERN.fullmatch(arn)
    forms = set()
    for case in _cases("iam-instance-profile-unknown"):
        profile = case.params["IamInstanceProfile"]
        assert len(profile) == 1
        forms.update(profile)
        if "Arn" in profile:
            assert f":{FOREIGN_ACCOUNT_ID}:" in profile["Arn"]
            assert IAM_INSTANCE_PROFILE_ARN_PATTERN.fullmatch(profile["Arn"])
        else:
            assert profile["Name"] not in WORLD.instance_profile_names
    assert forms == {"Arn", "Name"}


def test_a_licence_of_another_account_is_appended() -> None:
    for case in _cases("license-configuration-not-owned"):
        assert case.mutation is not None
        index = int(case.mutation.path.split("[")[1].split("]")[0])
        arn = case.params["LicenseSpecifications"][index]["LicenseConfigurationArn"]
        assert index == len(case.params["LicenseSpecifications"]) - 1
        assert f":{FOREIGN_ACCOUNT_ID}:" in arn and arn not in WORLD.license_configuration_arns


def test_an_unknown_key_pair_and_metric_categories_without_detailed_monitoring() -> None:
    for case in _cases("key-pair-unknown", 10):
        assert case.params["KeyName"] not in WORLD.key_names
    for case in _cases("metric-categories-without-detailed-monitoring", 10):
        monitoring = case.params["Monitoring"]
        assert monitoring["Enabled"] is False and set(monitoring["MetricCategoryIds"]) <= set(WORLD.metric_category_ids)


def test_an_unknown_resource_type_is_appended() -> None:
    for case in _cases("enum-tag-resource-type-unknown", 10):
        spec = case.params["TagSpecifications"][-1]
        assert spec["ResourceType"] not in enum_values("TagSpecifications[].ResourceType") and spec["Tags"]


def test_key_pair_names_avoid_the_worlds() -> None:
    world = dataclasses.replace(WORLD, key_names=("no-such-key", "KEY"))
    found: list[str] = []
    run_draws(10, lambda data: found.append(
        misc.key_pair_unknown(cast(st.DrawFn, data.draw), {}, world).params["KeyName"]))
    assert set(found) == {MISSING_NAME_PREFIX + "key"}
