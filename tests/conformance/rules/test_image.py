"""The image family (conformance/rules/image.py: R-AMI, R-KERNEL-1, R-RAMDISK-1, R-LT, R-ITYPE): each predicate
fires on a hand-written request that breaks its rule (and on no other rule) and stays quiet on valid ones; R-LT-3
(the launch is the one requested) accepts a real reservation and flags broken ones."""

from __future__ import annotations

import copy

from conformance.rules.image import RULES as FAMILY
from strategies.case import Case, WireEdit
from strategies.limits import type_architecture
from tests.support.family_tables import (
    Breaking,
    Valid,
    Violation,
    breaking_tests,
    postcondition_tests,
    valid_tests,
    violation_tests,
)
from tests.support.recorded_launch import (
    PARAMS,
    RECORDED,
    RECORDED_INSTANCE,
    edit_instance,
    problems,
)
from tests.support.rule_requests import BARE_LT, LT, WIDE, WORLD, request
from tests.support.world_variants import NON_ENA_IMAGE, WITH_LIMITED_TYPES, WITH_NON_ENA_IMAGE

POSTCONDITIONS = ("R-LT-3",)

# --- predicates: hand-written violations, each breaking exactly one rule ---

VIOLATIONS: list[Violation] = [
    ("R-AMI-1", request(ImageId=None), (), WORLD),
    ("R-AMI-1", request(), (WireEdit("ImageId", None),), WORLD),
    ("R-AMI-1", request(ImageId=None, LaunchTemplate={"LaunchTemplateId": BARE_LT.template_id}), (), WIDE),
    ("R-AMI-2", request(ImageId="ami-xyz"), (), WORLD),
    ("R-AMI-3", request(ImageId="ami-0aaaaaaaaaaaaaaaa"), (), WORLD),
    ("R-AMI-7", request(InstanceType="m6g.large"), (), WORLD),
    ("R-AMI-8", request(ImageId=NON_ENA_IMAGE.image_id, InstanceType="g4dn.xlarge"), (), WITH_NON_ENA_IMAGE),
    ("R-KERNEL-1", request(KernelId="kernel-1"), (), WORLD),
    ("R-KERNEL-1", request(KernelId="aki-0fffffff"), (), WORLD),
    ("R-RAMDISK-1", request(RamdiskId="ari-zz"), (), WORLD),
    (
        "R-LT-1",
        request(LaunchTemplate={"LaunchTemplateId": LT.template_id, "LaunchTemplateName": LT.template_name}),
        (),
        WORLD,
    ),
    ("R-LT-1", request(LaunchTemplate={"Version": "1"}), (), WORLD),
    ("R-LT-2", request(LaunchTemplate={"LaunchTemplateId": LT.template_id, "Version": "latest"}), (), WORLD),
    ("R-LT-4", request(LaunchTemplate={"LaunchTemplateId": "lt-xyz"}), (), WORLD),
    ("R-LT-4", request(LaunchTemplate={"LaunchTemplateName": "no such template"}), (), WORLD),
    ("R-LT-4", request(LaunchTemplate={"LaunchTemplateName": "missing-template"}), (), WORLD),
    ("R-LT-4", request(LaunchTemplate={"LaunchTemplateId": LT.template_id, "Version": "7"}), (), WORLD),
    ("R-ITYPE-1", request(InstanceType="q9.galactic"), (), WORLD),
    # R-ITYPE-2: zone b does not offer c5n.large, zone a (the subnet's) not m5n.large
    ("R-ITYPE-2", {**request(InstanceType="c5n.large"), "SubnetId": WORLD.subnets[1].subnet_id}, (),
     WITH_LIMITED_TYPES),
    ("R-ITYPE-2", {**request(InstanceType="m5n.large"), "Placement": {"AvailabilityZoneId": "use1-az1"}}, (),
     WITH_LIMITED_TYPES),
]


test_violation_breaks_exactly_its_rule, test_the_violation_rows_cover_the_familys_decidable_rules = (
    violation_tests(VIOLATIONS, FAMILY))


# --- predicates: hand-written valid requests break nothing ---

VALID: list[Valid] = [
    (
        "template-supplies-image",
        request(ImageId=None, LaunchTemplate={"LaunchTemplateName": LT.template_name, "Version": "$Latest"}),
        WORLD,
    ),
    ("kernel-ramdisk", request(KernelId=WORLD.kernel_ids[0], RamdiskId="ari-0123abcd"), WORLD),
]


test_valid_request_breaks_nothing = valid_tests(VALID)


def test_architecture_is_told_from_the_family() -> None:
    assert [type_architecture(t) for t in ("m6g.large", "t4g.micro", "a1.medium", "c7gn.large")] == [
        "arm64"
    ] * 4
    assert [type_architecture(t) for t in ("m5.large", "g4dn.xlarge", "t3.micro")] == ["x86_64"] * 3
    assert type_architecture("q9.galactic") is None


# --- post-conditions: the recorded real reservation keeps them, a broken one is flagged ---


test_the_familys_postconditions_are_postcondition_rules, test_recorded_reservation_satisfies_every_postcondition = (
    postcondition_tests(POSTCONDITIONS))


BROKEN: list[Breaking] = [
    ("R-LT-3", PARAMS, edit_instance(InstanceType="t2.micro")),
    ("R-LT-3", {**PARAMS, "SubnetId": "subnet-0aaaaaaaaaaaaaaaa"}, lambda r: None),
    ("R-LT-3", {**PARAMS, "KeyName": "conformance-key"}, lambda r: None),  # the key pair was ignored
    ("R-LT-3", {**PARAMS, "Placement": {"AvailabilityZone": "us-east-1b"}}, lambda r: None),
    ("R-LT-3", {**PARAMS, "Placement": {"AvailabilityZoneId": "use1-az2"}}, lambda r: None),
    ("R-LT-3", {**PARAMS, "Placement": {"Tenancy": "dedicated"}}, lambda r: None),
    ("R-LT-3", {**PARAMS, "EbsOptimized": True}, edit_instance(EbsOptimized=False)),
    ("R-LT-3", {**PARAMS, "Placement": {"GroupName": "conformance-cluster"}}, lambda r: None),
    ("R-LT-3", {**PARAMS, "SecurityGroupIds": ["sg-0bbbbbbbbbbbbbbbb"]}, lambda r: None),  # default group instead
    ("R-LT-3", {**PARAMS, "SecurityGroups": ["web"]}, lambda r: None),
    ("R-LT-3", {**PARAMS, "SecurityGroupIds": ["sg-6c7fa917"]},  # an extra group
     edit_instance(SecurityGroups=[{"GroupName": "default", "GroupId": "sg-6c7fa917"},
                               {"GroupName": "web", "GroupId": "sg-0bbbbbbbbbbbbbbbb"}])),
]


test_broken_reservation_is_flagged = breaking_tests(BROKEN)


def test_requested_key_zone_and_tenancy_that_the_instance_shows_pass() -> None:
    shown = copy.deepcopy(RECORDED)
    shown["Instances"][0]["KeyName"] = "conformance-key"
    for placement in ({"AvailabilityZone": "us-east-1a"}, {"AvailabilityZoneId": "use1-az1", "Tenancy": "default"}):
        case = Case({**PARAMS, "KeyName": "conformance-key", "Placement": placement})
        assert problems("R-LT-3", case, shown, [shown["Instances"][0]]) == []


def test_requested_security_groups_that_the_instance_shows_pass() -> None:
    for groups in ({"SecurityGroupIds": ["sg-6c7fa917"]}, {"SecurityGroups": ["default"]},
                   {"SecurityGroupIds": ["sg-6c7fa917"], "SecurityGroups": ["default"]}):
        assert problems("R-LT-3", Case({**PARAMS, **groups}), RECORDED, [RECORDED_INSTANCE]) == []


def test_ebs_optimization_is_checked_only_when_requested() -> None:
    optimized = copy.deepcopy(RECORDED)
    optimized["Instances"][0]["EbsOptimized"] = True
    assert problems("R-LT-3", Case({**PARAMS, "EbsOptimized": True}), optimized, []) == []
    assert problems("R-LT-3", Case({**PARAMS, "EbsOptimized": False}), RECORDED, []) == []
    assert problems("R-LT-3", Case(PARAMS), optimized, []) == []  # a type optimized by default
