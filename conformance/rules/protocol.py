"""Protocol, envelope and response rules: R-PROTO-1..10 (catalogue section 1)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from conformance.findings import FailedCheck
from conformance.rules._agreement import disagreements
from conformance.rules._answers import (
    DESCRIBED_INSTANCE_MEMBERS,
    LAUNCH_INSTANCE_MEMBERS,
    error_envelope_problems,
    instance_member_problems,
    literal_none_problems,
    response_shape_problems,
)
from conformance.rules._readers import Answer, family_rule
from conformance.rules._request import sent
from conformance.rules.core import (
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Launch,
    Role,
    Rule,
    RuleClass,
)
from strategies.case import Case
from strategies.limits import RESPONSE_ID_PATTERNS
from strategies.model import API_VERSION, OPERATION
from strategies.wire_names import badly_typed, unknown_names
from strategies.world import World

FAMILY = "protocol"
COUNT_KEYS = frozenset({"MinCount", "MaxCount"})  # their encoding is R-COUNT-2's
# R-PROTO-9: instance state codes (low byte) by name, from [BC] InstanceState.Code.
STATE_CODES: Mapping[str, int] = {
    "pending": 0,
    "running": 16,
    "shutting-down": 32,
    "terminated": 48,
    "stopping": 64,
    "stopped": 80,
}


def _wrong_version(case: Case, world: World) -> bool:
    return sent(case, "Version") != API_VERSION


def _wrong_action(case: Case, world: World) -> bool:
    return sent(case, "Action") != OPERATION


def _unknown_parameter(case: Case, world: World) -> bool:
    return bool(unknown_names(case.query))


def _badly_typed_value(case: Case, world: World) -> bool:
    return bool(badly_typed(case.query, skip=COUNT_KEYS))


def instances(reservation: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = reservation.get("Instances")
    return [i for i in found if isinstance(i, Mapping)] if isinstance(found, list) else []


def _id_problem(kind: str, value: Any, check: str) -> list[FailedCheck]:
    if not isinstance(value, str) or RESPONSE_ID_PATTERNS[kind].fullmatch(value) is None:
        return [FailedCheck(check, f"{kind} {value!r} is not of the form {RESPONSE_ID_PATTERNS[kind].pattern}")]
    return []


def _reservation_shape(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """botocore's output shape (types, enums, id forms), then the reservation's own promises."""
    reservation, described = launch.reservation, launch.described
    problems = response_shape_problems(reservation)
    problems += _id_problem("ReservationId", reservation.get("ReservationId"), "ReservationId")
    if not reservation.get("OwnerId"):
        problems.append(FailedCheck("OwnerId", "OwnerId missing from the reservation"))
    launched = instances(reservation)
    if not launched:
        problems.append(FailedCheck("Instances", "the reservation lists no instances"))
    for instance in launched:
        problems += _id_problem("InstanceId", instance.get("InstanceId"), "Instances[].InstanceId")
    ids = {i.get("InstanceId") for i in launched}
    seen = {d.get("InstanceId") for d in described}
    if described and ids - seen:
        problems.append(FailedCheck("DescribeInstances", f"launched but not described: {sorted(map(str, ids - seen))}"))
    if launch.unasked:
        problems.append(FailedCheck("DescribeInstances",
                                f"described but not in the reservation: {sorted(launch.unasked)}"))
    problems += instance_member_problems("RunInstances", launched, LAUNCH_INSTANCE_MEMBERS)
    problems += instance_member_problems("DescribeInstances", list(described), DESCRIBED_INSTANCE_MEMBERS)
    problems += literal_none_problems("RunInstances", reservation)
    problems += literal_none_problems("DescribeInstances", list(described))
    return problems + disagreements(launched, list(described))


def _state_problem(where: Answer, instance: Mapping[str, Any], allowed: frozenset[str]) -> list[FailedCheck]:
    state = instance.get("State")
    check = f"{where} State"
    if not isinstance(state, Mapping):
        return [FailedCheck(check, f"{where} {instance.get('InstanceId')}: no State")]
    name, code = state.get("Name"), state.get("Code")
    if name not in allowed:
        return [FailedCheck(f"{check}.Name",
                        f"{where} {instance.get('InstanceId')}: state {name!r}, expected one of {sorted(allowed)}")]
    if not isinstance(code, int) or code & 0xFF != STATE_CODES[str(name)]:
        return [FailedCheck(f"{check}.Code",
                        f"{where} {instance.get('InstanceId')}: state code {code!r} does not match {name!r}")]
    return []


def _starts_pending(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    reservation, described = launch.reservation, launch.described
    problems: list[FailedCheck] = []
    for instance in instances(reservation):
        problems += _state_problem(Answer.RUN, instance, frozenset({"pending"}))
        reason = instance.get("StateReason")
        code = reason.get("Code") if isinstance(reason, Mapping) else None
        if "StateReason" in instance and code != "pending":
            problems.append(FailedCheck("RunInstances StateReason.Code",
                                    f"launched {instance.get('InstanceId')}: StateReason {reason!r}, expected "
                                    "Code pending"))
    for instance in described:
        problems += _state_problem(Answer.DESCRIBE, instance, frozenset(STATE_CODES))
        if instance.get("State", {}).get("Name") == "running" and "StateReason" in instance:
            problems.append(FailedCheck("DescribeInstances StateReason (running)",
                                        f"described {instance.get('InstanceId')}: running, with StateReason "
                                        f"{instance['StateReason']!r}"))
    return problems


def _launch_indexes(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    indexes = [i.get("AmiLaunchIndex") for i in instances(launch.reservation)]
    numbers = sorted(i for i in indexes if isinstance(i, int) and not isinstance(i, bool))
    if numbers != list(range(len(indexes))):
        return [FailedCheck("Instances[].AmiLaunchIndex",
                        f"AmiLaunchIndex values {indexes} are not 0..{len(indexes) - 1}, each once")]
    return []


_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-PROTO-1", ("Version",),
        f"Version other than {API_VERSION} (or none) -> client error (code undocumented)",
        (("[QRY]", "Version: The API version to use. For the Amazon EC2 API, the version is "
                   "2016-11-15."),),
        outcome=ErrorOutcome(
            frozenset({"NoSuchVersion", "InvalidParameterValue", "InvalidAction", "MissingParameter"})
        ),
        dry_run=DryRun.NOT_APPLICABLE,
        violated=_wrong_version,
        reason="code undocumented: the plausible set for a wrong or missing Version",
    ),
    _rule(
        "R-PROTO-2", ("Action",),
        "Action missing or not RunInstances -> MissingAction / InvalidAction",
        (("[ERR]", "MissingAction: The request is missing an action or a required parameter."),
         ("[ERR]", "InvalidAction: The action or operation requested is not valid.")),
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"MissingAction", "InvalidAction"})),
        violated=_wrong_action,
    ),
    _rule(
        "R-PROTO-3", (),
        "a parameter name RunInstances does not have -> UnknownParameter",
        (("[ERR]", "An unknown or unrecognized parameter was supplied. Requests that could cause "
                   "this error include supplying a misspelled parameter"),),
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"UnknownParameter"})),
        violated=_unknown_parameter,
        reason="whether EC2 rejects every unknown key or ignores some is unverified",
    ),
    _rule(
        "R-PROTO-4", (),
        "a value not in its wire type (boolean not true/false, integer not decimal) -> client "
        "error (code undocumented)",
        (("[BC]", "botocore EC2 serializer output (wire-names.txt): booleans true/false, "
                  "integers in decimal; lists Name.N with N starting at 1"),),
        outcome=ErrorOutcome(
            frozenset({"InvalidParameterValue", "InvalidParameter", "MalformedQueryString"})
        ),
        dry_run=DryRun.NOT_APPLICABLE,
        violated=_badly_typed_value,
        reason="code undocumented; MinCount/MaxCount encoding is judged by R-COUNT-2",
    ),
    _rule(
        "R-PROTO-5", (),
        "any client error -> HTTP 4xx with <Response><Errors><Error><Code/><Message/></Error>"
        "</Errors><RequestID/></Response>",
        (("[ERR]", "Client errors … are accompanied by a 400-series HTTP response code."),
         ("[ERR]", "Example error response")),
        kind=Kind.PROTOCOL,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset(), 400),
        role=Role.ERROR_ENVELOPE, answer_check=error_envelope_problems,
        reason="checked on every error answer (rules._answers.error_envelope_problems); any code",
    ),
    _rule(
        "R-PROTO-6", (),
        "server error -> HTTP 5xx (InternalError, Unavailable, InsufficientInstanceCapacity, ...)",
        (("[ERR]", "Server errors … are accompanied by a 500-series HTTP response code."),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(
            frozenset({"InternalError", "ServerInternal", "Unavailable", "RequestLimitExceeded",
                       "InsufficientInstanceCapacity"}),
            500,
        ),
        dry_run=DryRun.UNKNOWN, role=Role.SERVER_ERRORS,
        reason="server-side failures (capacity, throttling, outages) cannot be caused or ruled out by a "
        "request",
    ),
    _rule(
        "R-PROTO-7", (),
        "any response: no HTTP reason phrase since 2022-10-14; compare the numeric status only",
        (("[QRY devguide]", "As of October 14, 2022, HTTP responses from the Amazon EC2 APIs no "
                            "longer include a reason-phrase element."),),
        kind=Kind.PROTOCOL,
        confidence=Confidence.DOCUMENTED,
        reason="a rule for the checks: statuses are compared as numbers, reason phrases are ignored",
    ),
    _rule(
        "R-PROTO-8", (),
        "success -> a Reservation: ReservationId r-…, OwnerId, Instances with InstanceId i-…",
        (("[BC]", "output shape Reservation: reservationId, ownerId, requesterId, groupSet, "
                  "instancesSet"),
         ("recorded", "warteamx-RunInstances_2025-08-30.json (conformance/evidence/responses): every instance "
                      "carries the members of _answers.LAUNCH_INSTANCE_MEMBERS"),
         ("recorded", "cloud-custodian-DescribeInstances_2026-03-04.json: every running instance carries "
                      "_answers.DESCRIBED_INSTANCE_MEMBERS, and no StateReason"),
         ("[BC]", "RunInstances output: Instances, the instances (type Instance); DescribeInstances output: "
                  "Reservations[].Instances (type Instance): one shape, the same instance")),
        kind=Kind.POSTCONDITION,
        confidence=Confidence.OBSERVED,
        reason="members, id forms (8 or 17 hex digits), 12-digit owner ids and no literal 'None' strings, in "
        "the RunInstances answer and in DescribeInstances; and the two agree on every member both carry, but "
        "for the state's documented progression (rules/_agreement.py)",
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_reservation_shape,
    ),
    _rule(
        "R-PROTO-9", (),
        "success -> every launched instance starts pending (State Code 0); described states use "
        "the documented codes",
        (("[BC]", "InstanceState.Code: 0 : pending, 16 : running, 32 : shutting-down, "
                  "48 : terminated, 64 : stopping, 80 : stopped"),
         ("recorded", "cloud-custodian test_notify_region_var__ec2.RunInstances_1.json: StateReason "
                      "{Code: pending, Message: pending} at launch"),
         ("[OP]", "An instance is ready for you to use when it's in the running state."),
         ("[TI]", "TerminateInstances: Terminated instances remain visible after termination (for approximately "
                  "one hour)."),
         ("recorded", "cloud-custodian-DescribeInstances_2026-03-04.json (conformance/evidence/responses): no "
                      "running instance carries a StateReason; terminated ones Client.UserInitiatedShutdown")),
        kind=Kind.POSTCONDITION,
        confidence=Confidence.DOCUMENTED,
        reason="the launch answer says pending; DescribeInstances may already say running (an emulator that skips "
        "pending is accepted: the docs promise no time in pending, only the order), never with a StateReason; a "
        "terminated instance is shutting-down or terminated, and still listed",
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_starts_pending,
        role=Role.LIFECYCLE,
    ),
    _rule(
        "R-PROTO-10", (),
        "success -> AmiLaunchIndex numbers the launched instances 0..n-1",
        (("[BC]", "The AMI launch index, which can be used to find this instance in the launch "
                  "group."),
         ("recorded", "cloud-custodian test_notify_region_var__ec2.RunInstances_1.json: "
                      "AmiLaunchIndex 0")),
        kind=Kind.POSTCONDITION,
        confidence=Confidence.OBSERVED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_launch_indexes,
    ),
)
