"""The misc family (conformance/rules/misc.py: monitoring, shutdown, EBS optimisation, IAM, key pair, licences,
network performance, maintenance, the enumerations R-ENUM-1): each predicate fires on a request that breaks its
rule and not on the valid neighbour beside it; R-MON-1 flags a launch whose monitoring is not the requested one."""

from __future__ import annotations

from typing import Any

from conformance.rules import rule
from conformance.rules.core import Launch
from conformance.rules.misc import RULES as FAMILY
from tests.support.family_tables import broken_instance_tests, neighbour_tests
from tests.support.rule_requests import WORLD, Edit, both, edited, instance, member, tags, volume

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
    ("R-IAM-2", both(member("IamInstanceProfile.Arn", WORLD.instance_profile_arns[0]),
                     member("IamInstanceProfile.Name", WORLD.instance_profile_names[0])),
     member("IamInstanceProfile.Arn", WORLD.instance_profile_arns[0])),
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


test_predicate_fires_on_the_violation_only, test_every_predicate_has_a_table_row_and_a_mutation = (
    neighbour_tests(TABLE, FAMILY))


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


test_every_postcondition_is_exercised, test_postcondition_flags_broken_and_accepts_good = (
    broken_instance_tests(BROKEN_INSTANCES, FAMILY))


def test_monitoring_enabled_accepts_pending_and_enabled() -> None:
    check = rule("R-MON-1").postcondition
    assert check is not None
    case = edited(member("Monitoring.Enabled", True))
    for state, ok in (("pending", True), ("enabled", True), ("disabled", False)):
        shown = instance(Monitoring={"State": state})
        assert (check(case, WORLD, Launch({"Instances": [shown]}, [shown])) == []) is ok, state
