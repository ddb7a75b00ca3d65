"""The protocol family (conformance/rules/protocol.py, R-PROTO-1..10): each predicate fires on a hand-written
request that breaks its rule (and on no other rule); the post-conditions accept a real reservation and flag
broken ones."""

from __future__ import annotations

import copy

from conformance.outcome import Outcome, OutcomeKind
from conformance.rules import RULES, Role, answer_checks, by_role
from conformance.rules.protocol import RULES as FAMILY
from strategies.case import Case, WireEdit
from tests.support.family_tables import Breaking, Violation, breaking_tests, postcondition_tests, violation_tests
from tests.support.recorded_launch import (
    PARAMS,
    RECORDED,
    RECORDED_INSTANCE,
    described_running,
    edit_instance,
    problems,
    second_instance,
)
from tests.support.rule_requests import WORLD, nic_request, primary, request

POSTCONDITIONS = ("R-PROTO-8", "R-PROTO-9", "R-PROTO-10")

# --- predicates: hand-written violations, each breaking exactly one rule ---

VIOLATIONS: list[Violation] = [
    ("R-PROTO-1", request(), (WireEdit("Version", "2099-01-01"),), WORLD),
    ("R-PROTO-2", request(), (WireEdit("Action", None),), WORLD),
    ("R-PROTO-2", request(), (WireEdit("Action", "RunInstance"),), WORLD),
    ("R-PROTO-3", request(), (WireEdit("InstanceTypo", "t3.micro"),), WORLD),
    ("R-PROTO-4", request(EbsOptimized=True), (WireEdit("EbsOptimized", "yes"),), WORLD),
    ("R-PROTO-4", nic_request(primary()), (WireEdit("NetworkInterface.1.DeviceIndex", "zero"),), WORLD),
]


test_violation_breaks_exactly_its_rule, test_the_violation_rows_cover_the_familys_decidable_rules = (
    violation_tests(VIOLATIONS, FAMILY))


# --- post-conditions: the recorded real reservation keeps them, a broken one is flagged ---


test_the_familys_postconditions_are_postcondition_rules, test_recorded_reservation_satisfies_every_postcondition = (
    postcondition_tests(POSTCONDITIONS))


BROKEN: list[Breaking] = [
    ("R-PROTO-8", PARAMS, lambda r: r.update(ReservationId="res-1")),
    ("R-PROTO-8", PARAMS, lambda r: r.pop("OwnerId")),
    ("R-PROTO-8", PARAMS, edit_instance(InstanceId="instance-1")),
    ("R-PROTO-9", PARAMS, edit_instance(State={"Code": 16, "Name": "running"})),
    ("R-PROTO-9", PARAMS, edit_instance(State={"Code": 16, "Name": "pending"})),
    ("R-PROTO-10", {**PARAMS, "MaxCount": 2}, second_instance(0)),
]


test_broken_reservation_is_flagged = breaking_tests(BROKEN)


def test_described_instance_missing_from_reservation_is_flagged_once_by_r_proto_8() -> None:
    """An instance the example did not launch is R-PROTO-8's alone: no other rule judges it (#25)."""
    stranger = {**RECORDED_INSTANCE, "InstanceId": "i-0ccaa6c2846f5a6ff"}
    assert any("described but not in the reservation: ['i-0ccaa6c2846f5a6ff']" in p for p in problems(
        "R-PROTO-8", Case(PARAMS), RECORDED, [RECORDED_INSTANCE, stranger]))
    gone = {**stranger, "State": {"Code": 0, "Name": "gone"}}
    assert problems("R-PROTO-9", Case(PARAMS), RECORDED, [described_running(RECORDED_INSTANCE), gone]) == []
    assert problems("R-PROTO-9", Case(PARAMS), RECORDED, [{**RECORDED_INSTANCE, "State": {"Code": 0, "Name": "gone"}}])


# --- the envelope of every error answer (R-PROTO-5) and the lifecycle checks' finer points ---


def test_every_error_answer_is_checked_against_the_ec2_envelope() -> None:
    assert [r.id for r in answer_checks()] == ["R-PROTO-5"] and by_role(Role.ERROR_ENVELOPE).id == "R-PROTO-5"
    check = RULES["R-PROTO-5"].answer_check
    assert check is not None
    envelope = ("<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>m</Message></Error></Errors>"
                "<RequestID>r</RequestID></Response>")
    assert check(Outcome(OutcomeKind.ERROR, status=400, code="InvalidParameterValue", raw_body=envelope)) == []
    broken_envelope = Outcome(OutcomeKind.ERROR, status=400, code="X", raw_body=envelope.replace("RequestID", "Rid"))
    assert [p.check for p in check(broken_envelope)] == ["RequestID"]


def test_a_described_state_code_is_judged_by_its_low_byte() -> None:
    """[BC]: the high byte of InstanceState.Code is internal; 16 + 256 is still running."""
    running = described_running(RECORDED_INSTANCE, State={"Code": 16 + 256, "Name": "running"})
    assert problems("R-PROTO-9", Case(PARAMS), RECORDED, [running]) == []
    mismatched = described_running(RECORDED_INSTANCE, State={"Code": 80, "Name": "running"})
    assert problems("R-PROTO-9", Case(PARAMS), RECORDED, [mismatched]) != []


def test_a_launch_must_start_with_state_reason_pending() -> None:
    reservation = copy.deepcopy(RECORDED)
    reservation["Instances"][0]["StateReason"] = {"Code": "Server.InternalError", "Message": "m"}
    assert problems("R-PROTO-9", Case(PARAMS), reservation, []) != []


def test_a_launched_instance_describe_does_not_show_is_flagged() -> None:
    other = {**RECORDED_INSTANCE, "InstanceId": "i-0ccaa6c2846f5a6a3", "AmiLaunchIndex": 1}
    reservation = {**copy.deepcopy(RECORDED), "Instances": [RECORDED_INSTANCE, other]}
    shown = [described_running(RECORDED_INSTANCE, PublicIpAddress="54.1.2.3")]
    assert any("launched but not described: ['i-0ccaa6c2846f5a6a3']" in p
               for p in problems("R-PROTO-8", Case({**PARAMS, "MaxCount": 2}), reservation, shown))


def test_a_running_instance_carries_no_state_reason() -> None:
    """moto describes a running instance with StateReason {"Code": "", "Message": ""}; real EC2 shows none (the
    2026 recorded DescribeInstances answer)."""
    running = described_running(RECORDED_INSTANCE)
    assert "StateReason" not in running
    assert problems("R-PROTO-9", Case(PARAMS), RECORDED, [running]) == []
    empty = {**running, "StateReason": {"Code": "", "Message": ""}}
    assert problems("R-PROTO-9", Case(PARAMS), RECORDED, [empty]) == [
        f"described {RECORDED_INSTANCE['InstanceId']}: running, with StateReason {{'Code': '', 'Message': ''}}"]
