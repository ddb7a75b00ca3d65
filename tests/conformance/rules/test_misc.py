"""The misc family (conformance/rules/misc.py: monitoring, shutdown, EBS optimisation, IAM, key pair, licences,
network performance, maintenance, the enumerations R-ENUM-1): each predicate fires on a request that breaks its
rule and not on the valid neighbour beside it; R-MON-1 flags a launch whose monitoring is not the requested one."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.rules import Kind, rule
from conformance.rules.core import Launch
from conformance.rules.misc import RULES as FAMILY
from strategies.mutations import MUTATIONS
from tests.support.rule_requests import WORLD, Edit, both, edited, instance, member, post_problems, tags, volume

OWN = frozenset(r.id for r in FAMILY)
LICENSE = WORLD.license_configuration_arns[0]

# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
    ("R-MON-2", member("Monitoring", {"Enabled": False, "MetricCategoryIds": list(WORLD.metric_category_ids)}),
     member("Monitoring", {"Enabled": True, "MetricCategoryIds": list(WORLD.metric_category_ids)})),
    ("R-SHUT-1", member("InstanceInitiatedShutdownBehavior", "hibernate"),
     member("InstanceInitiatedShutdownBehavior", "terminate")),
    ("R-EBSO-1", both(member("InstanceType", "t2.micro"), member("EbsOptimized", True)),
     both(member("InstanceType", "t2.micro"), member("EbsOptimized", False))),
    ("R-IAM-1", member("IamInstanceProfile.Arn", "arn:aws:iam::123456789012:role/x"),
     member("IamInstanceProfile.Arn", WORLD.instance_profile_arns[0])),
    ("R-IAM-1", member("IamInstanceProfile.Name", "GithubActionRunner"),
     member("IamInstanceProfile.Name", WORLD.instance_profile_names[0])),
    ("R-IAM-1", member("IamInstanceProfile.Arn", "arn:aws:iam::999999999999:instance-profile/conformance"),
     member("IamInstanceProfile.Name", WORLD.instance_profile_names[0])),
    ("R-LIC-2", member("LicenseSpecifications", [{"LicenseConfigurationArn": LICENSE.replace("123456789012",
                                                                                              "999999999999")}]),
     member("LicenseSpecifications", [{"LicenseConfigurationArn": LICENSE}])),
    ("R-KEY-1", member("KeyName", "missing"), member("KeyName", WORLD.key_names[0])),
    ("R-NPO-1", member("NetworkPerformanceOptions.BandwidthWeighting", "vpc-2"),
     member("NetworkPerformanceOptions.BandwidthWeighting", "ebs-1")),
    ("R-MAINT-1", member("MaintenanceOptions.AutoRecovery", "enabled"),
     member("MaintenanceOptions.AutoRecovery", "disabled")),
    ("R-ENUM-1", member("Placement.Tenancy", "shared"), member("Placement.Tenancy", "dedicated")),
    ("R-ENUM-1", tags(("a", "b"), resource_type="instances"), tags(("a", "b"), resource_type="image")),
    ("R-ENUM-1", member("MetadataOptions.HttpTokens", "Required"),
     member("MetadataOptions.HttpTokens", "required")),
]


@pytest.mark.parametrize(("rule_id", "breaking", "keeping"), TABLE, ids=[row[0] for row in TABLE])
def test_predicate_fires_on_the_violation_only(rule_id: str, breaking: Edit, keeping: Edit) -> None:
    check = rule(rule_id).violated
    assert check is not None
    assert check(edited(breaking), WORLD), "the violating request was not flagged"
    assert not check(edited(keeping), WORLD), "the valid neighbour was flagged"


def test_every_part_b_predicate_has_a_table_row_and_a_mutation() -> None:
    predicates = {i for i in OWN if rule(i).violated is not None}
    assert predicates <= {row[0] for row in TABLE}
    assert predicates <= {spec.rule_id for spec in MUTATIONS}



def test_enum_rule_skips_members_owned_by_a_specific_rule() -> None:
    enum_rule = rule("R-ENUM-1").violated
    assert enum_rule is not None
    for path, value in [
        ("InstanceInitiatedShutdownBehavior", "x"), ("MaintenanceOptions.AutoRecovery", "x"),
        ("InstanceMarketOptions.MarketType", "x"), ("InstanceType", "x9.huge"),
    ]:
        assert not enum_rule(edited(member(path, value)), WORLD), path
    assert not enum_rule(edited(volume(VolumeType="x", VolumeSize=1)), WORLD)
    assert not enum_rule(edited(tags(("a", "b"), resource_type="")), WORLD)


# --- post-conditions ---

# (rule id, a described instance that breaks it)
BROKEN_INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("R-MON-1", instance(Monitoring={"State": "enabled"})),
]


def test_every_part_b_postcondition_is_exercised() -> None:
    posts = {i for i in OWN if rule(i).kind is Kind.POSTCONDITION}
    assert posts == {row[0] for row in BROKEN_INSTANCES}


@pytest.mark.parametrize(("rule_id", "shown"), BROKEN_INSTANCES, ids=[r[0] for r in BROKEN_INSTANCES])
def test_postcondition_flags_broken_and_accepts_good(rule_id: str, shown: dict[str, Any]) -> None:
    assert post_problems(rule_id, instance()) == []
    assert post_problems(rule_id, shown), "the broken launch was accepted"



def test_monitoring_enabled_accepts_pending_and_enabled() -> None:
    check = rule("R-MON-1").postcondition
    assert check is not None
    case = edited(member("Monitoring.Enabled", True))
    for state, ok in (("pending", True), ("enabled", True), ("disabled", False)):
        shown = instance(Monitoring={"State": state})
        assert (check(case, WORLD, Launch({"Instances": [shown]}, [shown])) == []) is ok, state
