"""Checks on a target's answer (conformance/rules/_answers.py): the response members derived from a recorded real
answer, literal "None" strings, the reservation's shape against botocore's model and the EC2 error envelope."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from conformance.outcome import Outcome, OutcomeKind
from conformance.rules._answers import (
    DESCRIBED_INSTANCE_MEMBERS,
    LAUNCH_INSTANCE_MEMBERS,
    error_envelope_problems,
    instance_member_problems,
    literal_none_problems,
    response_shape_problems,
)
from conformance.rules.request_echo import ECHO_DEFAULTS
from tests.support import REPO
from tests.support.recorded_launch import RECORDED as RECORDED_RESERVATION

RESPONSES = REPO / "conformance/evidence/responses"
RECORDED = RESPONSES / "cloud-custodian-RunInstances_1.json"  # 2017: the shape and envelope tests' answer
CURRENT_LAUNCH = RESPONSES / "warteamx-RunInstances_2025-08-30.json"
CURRENT_DESCRIBE = RESPONSES / "cloud-custodian-DescribeInstances_2026-03-04.json"
ENVELOPE = ("<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>bad</Message></Error></Errors>"
            "<RequestID>req-1</RequestID></Response>")


def recorded_answer() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(RECORDED.read_text(encoding="utf-8"))["data"]
    return doc


def _running(doc: dict[str, Any]) -> list[dict[str, Any]]:
    instances = [i for r in doc["data"]["Reservations"] for i in r["Instances"]]
    return [i for i in instances if i["State"]["Name"] == "running"]


def test_required_members_are_in_the_current_recorded_answers() -> None:
    """Today's shape: every required member in the 2025 RunInstances answer and in each running instance of the
    2026 DescribeInstances answer, unset members at their documented defaults, and no StateReason when running."""
    launched = json.loads(CURRENT_LAUNCH.read_text(encoding="utf-8"))["Instances"]
    assert instance_member_problems("RunInstances", launched, LAUNCH_INSTANCE_MEMBERS) == []
    running = _running(json.loads(CURRENT_DESCRIBE.read_text(encoding="utf-8")))
    assert len(running) == 3
    assert instance_member_problems("DescribeInstances", running, DESCRIBED_INSTANCE_MEMBERS) == []
    assert not [i for i in running if "StateReason" in i]
    for path, value in ECHO_DEFAULTS.items():  # R-RB-5's defaults, as both answers show them
        member, leaf = path.split(".")
        assert {i[member][leaf] for i in [*launched, *running]} == {value}, path
    assert literal_none_problems("RunInstances", recorded_answer()) == []


def test_a_missing_member_and_a_literal_none_are_named() -> None:
    instance = dict(json.loads(CURRENT_LAUNCH.read_text(encoding="utf-8"))["Instances"][0])
    del instance["Hypervisor"]
    instance["KernelId"] = "None"
    problems = instance_member_problems("RunInstances", [instance], LAUNCH_INSTANCE_MEMBERS)
    assert [p.check for p in problems] == ["RunInstances Instances[].Hypervisor (missing)"]
    assert [p.check for p in literal_none_problems("RunInstances", {"Instances": [instance]})] == [
        "RunInstances Instances[].KernelId (None)"]


# --- the reservation's shape (R-PROTO-8) ---


def _shape_checks(reservation: dict[str, Any]) -> list[str]:
    return [p.check for p in response_shape_problems(reservation)]


def launched() -> dict[str, Any]:
    """The recorded real reservation as botocore parses it (timestamps as datetimes)."""
    return copy.deepcopy(RECORDED_RESERVATION)


def test_the_recorded_reservation_has_the_model_shape() -> None:
    """The recorded real answer conforms; the SDK's ResponseMetadata is not judged."""
    assert _shape_checks({**launched(), "ResponseMetadata": {"HTTPStatusCode": "not a number"}}) == []


@pytest.mark.parametrize(("member", "value", "check"), [
    ("InstanceId", "instance-1", "Instances[].InstanceId (form)"),
    ("VpcId", "vpc_1", "Instances[].VpcId (form)"),
    ("InstanceType", "q9.galactic", "Instances[].InstanceType (enum)"),
    ("AmiLaunchIndex", "zero", "Instances[].AmiLaunchIndex (invalid type)"),
], ids=["id-form", "vpc-form", "enum", "type"])
def test_a_member_off_the_model_is_named(member: str, value: str, check: str) -> None:
    """One wrong member of the recorded reservation is named (its path, and what is wrong: form, enum, type)."""
    answer = launched()
    answer["Instances"][0][member] = value
    assert [c for c in _shape_checks(answer) if c.endswith(check)], _shape_checks(answer)


@pytest.mark.parametrize("required", ["ReservationId", "OwnerId", "Instances"])
def test_a_reservation_without_its_required_members_is_named(required: str) -> None:
    answer = launched()
    del answer[required]
    assert f"{required} (missing)" in _shape_checks(answer)


# --- the error envelope (R-PROTO-5) ---


def _envelope_checks(status: int | None, body: str | None) -> list[str]:
    return [p.check for p in error_envelope_problems(Outcome(OutcomeKind.ERROR, status=status, code="X",
                                                             raw_body=body))]


def test_the_ec2_error_envelope_passes() -> None:
    assert _envelope_checks(400, ENVELOPE) == []
    namespaced = ENVELOPE.replace("<Response>", '<Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">')
    assert _envelope_checks(400, namespaced) == []
    assert _envelope_checks(400, None) == []  # no body to read: only the status is judged


@pytest.mark.parametrize(("status", "body", "checks"), [
    (500, ENVELOPE, ["HTTP status"]),
    (400, "not xml", ["XML body"]),
    (400, ENVELOPE.replace("Response>", "ErrorResponse>"), ["Response"]),
    (400, "<Response><RequestID>r</RequestID></Response>", ["Errors.Error"]),
    (400, ENVELOPE.replace("<Message>bad</Message>", "<Message> </Message>"), ["Errors.Error.Message"]),
    (400, ENVELOPE.replace("<Code>InvalidParameterValue</Code>", ""), ["Errors.Error.Code"]),
    (400, ENVELOPE.replace("RequestID", "RequestId"), ["RequestID"]),
    (503, "<html/>", ["HTTP status", "Response", "Errors.Error", "RequestID"]),
], ids=["5xx", "not-xml", "root", "no-error", "blank-message", "no-code", "request-id-spelling", "all"])
def test_a_broken_envelope_names_what_is_wrong(status: int, body: str, checks: list[str]) -> None:
    assert _envelope_checks(status, body) == checks


def test_literal_none_is_found_at_any_depth_and_metadata_is_skipped() -> None:
    answer = copy.deepcopy(recorded_answer())
    answer["Instances"][0]["Placement"]["GroupName"] = "None"
    answer["ResponseMetadata"] = {"RequestId": "None"}
    assert [p.check for p in literal_none_problems("RunInstances", answer)] == [
        "RunInstances Instances[].Placement.GroupName (None)"]
