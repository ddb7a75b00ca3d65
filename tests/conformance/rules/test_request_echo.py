"""The request echo, instance side (conformance/rules/request_echo.py, R-RB-1..5 and R-RB-9): what
DescribeInstanceAttribute and DescribeInstances show of a launch is what the request asked for, or the documented
default when it asked nothing; each post-condition accepts a launch that shows it and flags one that does not."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from conformance.findings import Severity
from conformance.rules import Kind, rule
from conformance.rules.core import Launch
from conformance.rules.request_echo import RULES as FAMILY
from strategies.case import Case
from tests.support.rule_requests import WORLD, request

INSTANCE = "i-0123456789abcdef0"
PROFILE = "arn:aws:iam::123456789012:instance-profile/conformance"
LICENSE = WORLD.license_configuration_arns[0]


def _checks(rule_id: str, params: dict[str, Any], launch: Launch) -> list[str]:
    check = rule(rule_id).postcondition
    assert check is not None
    return [p.check for p in check(Case(params), WORLD, launch)]


def _attributes(unreadable: dict[str, str] | None = None, **values: Any) -> Launch:
    """A launch whose DescribeInstanceAttribute answers hold these values ({"Value": ...} each)."""
    answers = {member: {"Value": value} for member, value in values.items()}
    return Launch({"Instances": [{"InstanceId": INSTANCE}]}, attributes={INSTANCE: answers},
                  unreadable=unreadable or {})


def _described(**shown: Any) -> Launch:
    instance = {"InstanceId": INSTANCE, "EnclaveOptions": {"Enabled": False},
                "MaintenanceOptions": {"AutoRecovery": "default"}, **shown}
    return Launch({"Instances": [instance]}, described=[instance])


def test_every_rule_of_the_family_is_a_post_condition() -> None:
    assert {r.id for r in FAMILY} == {"R-RB-1", "R-RB-2", "R-RB-3", "R-RB-4", "R-RB-5", "R-RB-9"}
    assert all(r.kind is Kind.POSTCONDITION and r.postcondition is not None for r in FAMILY)


# --- R-RB-1: the user data stored is the bytes sent ---


def test_user_data_stored_as_sent_passes_and_other_bytes_are_flagged() -> None:
    params = request(UserData="#!/bin/sh\necho hi")
    stored = base64.b64encode(b"#!/bin/sh\necho hi").decode()
    assert _checks("R-RB-1", params, _attributes(UserData=stored)) == []
    assert _checks("R-RB-1", params, _attributes(UserData=base64.b64encode(b"other").decode())) == ["UserData"]
    assert _checks("R-RB-1", params, _attributes()) == ["UserData"]


def test_user_data_where_none_was_sent_is_checked_as_the_default_unless_a_template_may_set_it() -> None:
    assert _checks("R-RB-1", request(), _attributes()) == []
    stray = _attributes(UserData=base64.b64encode(b"stray").decode())
    assert _checks("R-RB-1", request(), stray) == ["UserData (default)"]
    templated = request(LaunchTemplate={"LaunchTemplateId": WORLD.launch_templates[0].template_id})
    assert _checks("R-RB-1", templated, stray) == []


def test_a_refused_user_data_read_back_is_named_once() -> None:
    refused = _attributes({"DescribeInstanceAttribute userData": "UnauthorizedOperation"})
    assert _checks("R-RB-1", request(UserData="x"), refused) == ["UserData (not readable)"]


# --- R-RB-2..4: the attributes show the requested value, else the documented default ---


@pytest.mark.parametrize(("rule_id", "member", "requested", "default", "other"), [
    ("R-RB-2", "InstanceInitiatedShutdownBehavior", "terminate", "stop", "terminate"),
    ("R-RB-3", "DisableApiTermination", True, False, True),
    ("R-RB-4", "DisableApiStop", True, False, True),
])
def test_an_attribute_shows_the_requested_value_else_its_default(
        rule_id: str, member: str, requested: Any, default: Any, other: Any) -> None:
    assert _checks(rule_id, request(**{member: requested}), _attributes(**{member: requested})) == []
    assert _checks(rule_id, request(**{member: requested}), _attributes(**{member: default})) == [member]
    assert _checks(rule_id, request(), _attributes(**{member: default})) == []
    assert _checks(rule_id, request(), _attributes(**{member: other})) == [f"{member} (default)"]


def test_a_refused_attribute_is_named_and_not_compared() -> None:
    call = "DescribeInstanceAttribute disableApiStop"
    launch = Launch({"Instances": [{"InstanceId": INSTANCE}]}, attributes={INSTANCE: {}}, unreadable={call: "x"})
    assert _checks("R-RB-4", request(DisableApiStop=True), launch) == ["DisableApiStop (not readable)"]


# --- R-RB-5: DescribeInstances echoes the request ---


def test_described_instance_echoing_the_request_passes() -> None:
    params = request(KernelId=WORLD.kernel_ids[0], CpuOptions={"CoreCount": 2, "ThreadsPerCore": 1},
                     IamInstanceProfile={"Name": "conformance"},
                     InstanceMarketOptions={"MarketType": "spot"},
                     LicenseSpecifications=[{"LicenseConfigurationArn": LICENSE}])
    shown = _described(KernelId=WORLD.kernel_ids[0], CpuOptions={"CoreCount": 2, "ThreadsPerCore": 1},
                       IamInstanceProfile={"Arn": PROFILE}, InstanceLifecycle="spot",
                       Licenses=[{"LicenseConfigurationArn": LICENSE}])
    assert _checks("R-RB-5", params, shown) == []


@pytest.mark.parametrize(("params", "shown", "checks"), [
    (request(CpuOptions={"CoreCount": 2}), {"CpuOptions": {"CoreCount": 1}}, ["CpuOptions.CoreCount"]),
    (request(CapacityReservationSpecification={"CapacityReservationTarget": {"CapacityReservationId": "cr-1"}}),
     {"CapacityReservationId": "cr-2"},
     ["CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId"]),
    (request(), {"EnclaveOptions": {"Enabled": True}}, ["EnclaveOptions.Enabled (default)"]),
    (request(), {"MaintenanceOptions": {"AutoRecovery": "disabled"}}, ["MaintenanceOptions.AutoRecovery (default)"]),
    (request(IamInstanceProfile={"Name": "conformance"}), {"IamInstanceProfile": {"Arn": PROFILE + "-other"}},
     ["IamInstanceProfile.Name"]),
    (request(InstanceMarketOptions={"MarketType": "spot"}), {}, ["InstanceMarketOptions.MarketType"]),
    (request(LicenseSpecifications=[{"LicenseConfigurationArn": LICENSE}]), {"Licenses": []},
     ["LicenseSpecifications[].LicenseConfigurationArn"]),
], ids=["cpu", "capacity-reservation-id", "enclave-default", "auto-recovery-default", "profile-name", "spot",
        "licences"])
def test_a_described_instance_not_echoing_the_request_is_flagged(
        params: dict[str, Any], shown: dict[str, Any], checks: list[str]) -> None:
    assert _checks("R-RB-5", params, _described(**shown)) == checks


def test_defaults_are_not_checked_where_a_template_may_set_them() -> None:
    templated = request(LaunchTemplate={"LaunchTemplateId": WORLD.launch_templates[0].template_id})
    assert _checks("R-RB-5", templated, _described(EnclaveOptions={"Enabled": True})) == []


# --- R-RB-9: a range launches MaxCount where capacity is not short ---


def _launched(count: int) -> Launch:
    return Launch({"Instances": [{"InstanceId": f"i-{n:017x}"} for n in range(count)]})


def test_a_range_launches_max_count() -> None:
    assert _checks("R-RB-9", request(MinCount=1, MaxCount=3), _launched(3)) == []
    assert _checks("R-RB-9", request(MinCount=1, MaxCount=3), _launched(2)) == ["MaxCount"]
    assert _checks("R-RB-9", request(MinCount=2, MaxCount=2), _launched(1)) == []  # no range: R-COUNT-4's
    assert _checks("R-RB-9", request(MinCount=1, MaxCount=3), _launched(0)) == []  # nothing launched
    assert rule("R-RB-9").severity is Severity.MINOR
