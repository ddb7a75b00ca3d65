"""A pytest plugin that turns the in-process moto target into a faulty emulator, for the signature tests.

`EC2_CONFORMANCE_FAULT=<name>` picks one fault of FAULTS; each wraps what moto receives or answers the way a
buggy emulator would (a member ignored, a code rewritten, a response member dropped, a crash, a launch on a
refusal, ...). The probes
reach the target through the same methods, so the faulty emulator behaves the same to them.
Loaded with `-p tests.support.emulator_faults` (the checkout on PYTHONPATH); without the variable it changes nothing.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import Phase, settings

from conformance.outcome import Fault as OutcomeFault
from conformance.outcome import Outcome, OutcomeKind
from conformance.profiles import DEFAULT_PROFILE, PROFILES
from conformance.targets.emulator import EmulatorTarget
from conformance.targets.moto_target import MotoTarget
from strategies.case import Case
from strategies.world import World

Request = Callable[[Case, World], Case | Outcome]  # rewrites the request, or answers it instead of moto
Answer = Callable[[Case, Outcome], Outcome]  # rewrites moto's answer
Described = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
Refused = Callable[[Callable[[Case], Outcome], Case, Outcome], None]  # (moto's send, the case, its refusal)


@dataclass(frozen=True)
class Fault:
    request: Request | None = None
    answer: Answer | None = None
    described: Described | None = None
    refused: Refused | None = None  # what the emulator does besides answering a refusal


def _drop(member: str) -> Request:
    """The emulator ignores a request member."""
    def request(case: Case, world: World) -> Case:
        if member not in case.params or case.wire_edits:
            return case
        return replace(case, params={k: v for k, v in case.params.items() if k != member})
    return request


def _launch_under_dry_run(case: Case, world: World) -> Case:
    if case.params.get("DryRun") is not True or case.wire_edits:
        return case
    return replace(case, params={k: v for k, v in case.params.items() if k != "DryRun"})


def _accept_subnet_with_interfaces(case: Case, world: World) -> Case:
    """R-NET-2 ignored: a top-level SubnetId beside NetworkInterfaces is dropped instead of refused."""
    if "SubnetId" in case.params and case.params.get("NetworkInterfaces") and not case.wire_edits:
        return replace(case, params={k: v for k, v in case.params.items() if k != "SubnetId"})
    return case


def _refuse_key_names(case: Case, world: World) -> Case | Outcome:
    if "KeyName" in case.params:
        return _error("InvalidKeyPair.NotFound", "The key pair does not exist")
    return case


def _crash_on_unknown_group_id(case: Case, world: World) -> Case | Outcome:
    """HTTP 500 for a well-formed security group id the emulator does not know."""
    ids = case.params.get("SecurityGroupIds")
    known = {g.group_id for g in world.security_groups}
    if isinstance(ids, list) and any(isinstance(i, str) and re.fullmatch(r"sg-[0-9a-f]{8,17}", i) and i not in known
                                     for i in ids):
        return Outcome(OutcomeKind.CRASH, status=500, detail="HTTP 500 with an empty body",
                       fault=OutcomeFault.SERVER_ERROR)
    return case


def _throttle_key_names(case: Case, world: World) -> Case | Outcome:
    if "KeyName" in case.params:
        outcome = _error("RequestLimitExceeded", "Request limit exceeded.", status=503)
        return replace(outcome, throttled=True)
    return case


def _dry_run_without_validation(case: Case, world: World) -> Case | Outcome:
    """DryRun answers DryRunOperation before any validation (moto skips it for one rule only)."""
    if case.params.get("DryRun") is True and not case.wire_edits:
        return _error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412)
    return case


TOKENS_SEEN: set[str] = set()  # the ClientTokens launched since the last reset


def _refuse_known_tokens(case: Case, world: World) -> Case | Outcome:
    """A retry with a ClientToken already used is refused instead of answered with the first launch."""
    token = case.params.get("ClientToken")
    if not isinstance(token, str) or case.params.get("DryRun") is True:
        return case
    if token in TOKENS_SEEN:
        return _error("IdempotentParameterMismatch", "the ClientToken was used before")
    TOKENS_SEEN.add(token)
    return case


def _default_volume_sizes(case: Case, world: World) -> Case:
    """Every EBS volume is created with the emulator's default size (8 GiB), whatever VolumeSize asked."""
    mappings = case.params.get("BlockDeviceMappings")
    if not isinstance(mappings, list) or case.wire_edits:
        return case
    resized = [{**m, "Ebs": {**m["Ebs"], "VolumeSize": 8}}
               if isinstance(m, dict) and isinstance(m.get("Ebs"), dict) and "VolumeSize" in m["Ebs"] else m
               for m in mappings]
    return replace(case, params={**case.params, "BlockDeviceMappings": resized})


def _launches_without_profile(send: Callable[[Case], Outcome], case: Case, refusal: Outcome) -> None:
    """getmoto/moto#6902: an instance profile the account does not have is refused, and the instance is launched
    all the same (without the profile)."""
    if "IamInstanceProfile" in case.params and not case.dry_run and not case.wire_edits:
        send(replace(case, params={k: v for k, v in case.params.items() if k != "IamInstanceProfile"}))


def _error(code: str, message: str, status: int = 400) -> Outcome:
    body = (f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
            "<RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>")
    return Outcome(OutcomeKind.ERROR, status=status, code=code, message=message, raw_body=body,
                   request_id="00000000-0000-0000-0000-000000000000")


def _rewrite_code(old: str, new: str) -> Answer:
    def answer(case: Case, outcome: Outcome) -> Outcome:
        return replace(outcome, code=new) if outcome.normalized_code == old else outcome
    return answer


def _status_403_for(code: str) -> Answer:
    def answer(case: Case, outcome: Outcome) -> Outcome:
        return replace(outcome, status=403) if outcome.normalized_code == code else outcome
    return answer


def _no_request_id(case: Case, outcome: Outcome) -> Outcome:
    if outcome.kind is not OutcomeKind.ERROR or outcome.raw_body is None:
        return outcome
    return replace(outcome, raw_body=re.sub(r"<RequestI[Dd]>.*?</RequestI[Dd]>", "", outcome.raw_body))


def _no_owner_id(case: Case, outcome: Outcome) -> Outcome:
    if outcome.reservation is None:
        return outcome
    return replace(outcome, reservation={k: v for k, v in outcome.reservation.items() if k != "OwnerId"})


def _terminated_still_running(described: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**i, "State": {"Code": 16, "Name": "running"}} if i.get("State", {}).get("Name") in (
        "shutting-down", "terminated") else i for i in described]


LAST_TYPE: list[str] = []  # the instance type of the launch before this one (kept across resets, as leftovers are)


def _describes_the_previous_type(described: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """DescribeInstances shows the instance type of the launch before this one: a divergence that comes from what
    earlier examples left, which the same request sent alone does not show (#25)."""
    shown = [{**i, "InstanceType": LAST_TYPE[0]} if LAST_TYPE else i for i in described]
    LAST_TYPE[:] = [str(described[0].get("InstanceType"))] if described else LAST_TYPE
    return shown


def _forgets_terminated(described: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A terminated instance drops out of DescribeInstances at once (EC2 lists it for about an hour)."""
    return [i for i in described if i.get("State", {}).get("Name") not in ("shutting-down", "terminated")]


def _assigns_reserved_address(case: Case, outcome: Outcome) -> Outcome:
    """The launch answers with the fourth address of the instance's /24 subnet, one EC2 reserves (R-NET-9), as
    LocalStack gave out 10.0.1.3."""
    if outcome.reservation is None or case.params.get("PrivateIpAddress") or case.params.get("NetworkInterfaces"):
        return outcome
    instances = [
        {**i, "PrivateIpAddress": str(ipaddress.IPv4Interface(f"{i['PrivateIpAddress']}/24").network[3])}
        if i.get("PrivateIpAddress") else i for i in outcome.reservation.get("Instances", [])
    ]
    return replace(outcome, reservation={**outcome.reservation, "Instances": instances})


def _describe_ignores_filter(described: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ministack's DescribeInstances: the instance-id filter ignored, an instance terminated a moment ago
    (another example's, unlike this one in every member) listed beside the launched ones."""
    if not described:
        return described
    stale = {**described[0], "InstanceId": "i-0feedfacefeedface", "ImageId": "ami-0feedfacefeedface",
             "InstanceType": "t2.nano", "KeyName": "someone-elses", "PrivateIpAddress": "10.9.9.9", "Tags": [],
             "SecurityGroups": [], "State": {"Code": 48, "Name": "terminated"}}
    stale.pop("IamInstanceProfile", None)
    return [*described, stale]


def _describe_disagrees(described: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """DescribeInstances shows another Hypervisor than the launch answered (an emulator that builds the two answers
    apart, as moto did before getmoto/moto PR 6906)."""
    return [{**instance, "Hypervisor": "nitro" if instance.get("Hypervisor") == "xen" else "xen"}
            for instance in described]


def _tags_volumes_like_the_instance(case: Case, world: World) -> Case:
    """The instance's tags land on its volumes too (an emulator that tags every resource of the launch alike)."""
    specs = case.params.get("TagSpecifications")
    if case.wire_edits or not isinstance(specs, list):
        return case
    kinds = {spec.get("ResourceType") for spec in specs if isinstance(spec, dict)}
    instance = next((s for s in specs if isinstance(s, dict) and s.get("ResourceType") == "instance"), None)
    if instance is None or "volume" in kinds:
        return case
    return replace(case, params={**case.params, "TagSpecifications": [*specs, {**instance, "ResourceType": "volume"}]})


FAULTS: dict[str, Fault] = {
    "accepts-subnet-beside-interfaces": Fault(request=_accept_subnet_with_interfaces),
    "rewrites-combination-code": Fault(answer=_rewrite_code("InvalidParameterCombination", "InvalidParameterValue")),
    "answers-403": Fault(answer=_status_403_for("InvalidParameterCombination")),
    "refuses-key-names": Fault(request=_refuse_key_names),
    "launches-under-dry-run": Fault(request=_launch_under_dry_run),
    "drops-request-id": Fault(answer=_no_request_id),
    "ignores-key-name": Fault(request=_drop("KeyName")),
    "ignores-instance-type": Fault(request=_drop("InstanceType")),
    "drops-owner-id": Fault(answer=_no_owner_id),
    "crashes-on-unknown-group-id": Fault(request=_crash_on_unknown_group_id),
    "throttles-key-names": Fault(request=_throttle_key_names),
    "terminated-still-running": Fault(described=_terminated_still_running),
    "forgets-terminated": Fault(described=_forgets_terminated),
    "describes-the-previous-type": Fault(described=_describes_the_previous_type),
    "describe-ignores-filter": Fault(described=_describe_ignores_filter),
    "describe-disagrees": Fault(described=_describe_disagrees),
    "assigns-reserved-address": Fault(answer=_assigns_reserved_address),
    "dry-run-skips-validation": Fault(request=_dry_run_without_validation),
    "refuses-retries": Fault(request=_refuse_known_tokens),
    # read back: the launch answers as asked, DescribeInstanceAttribute or DescribeVolumes shows otherwise
    "ignores-user-data": Fault(request=_drop("UserData")),
    "ignores-shutdown-behavior": Fault(request=_drop("InstanceInitiatedShutdownBehavior")),
    "default-volume-size": Fault(request=_default_volume_sizes),
    "launches-on-refusal": Fault(refused=_launches_without_profile),
    "tags-volumes-like-the-instance": Fault(request=_tags_volumes_like_the_instance),
}


def _install(fault: Fault) -> None:
    """The faults replace what the emulator does (`exchange`): the target's own checks around it (the side effects
    of a refusal) see the faulty emulator as they would a real one."""
    send, describe, reset = MotoTarget.exchange, MotoTarget.describe_instances, MotoTarget.reset

    def faulty_send(self: EmulatorTarget, case: Case) -> Outcome:
        sent = fault.request(case, self.world()) if fault.request is not None else case
        if isinstance(sent, Outcome):
            return sent
        outcome = send(self, sent)
        if fault.refused is not None and outcome.kind is OutcomeKind.ERROR:
            fault.refused(lambda other: send(self, other), case, outcome)
        return fault.answer(case, outcome) if fault.answer is not None else outcome

    def faulty_describe(self: MotoTarget, ids: list[str]) -> list[dict[str, Any]]:
        found = describe(self, ids)
        return fault.described(found) if fault.described is not None else found

    def forgetting_reset(self: MotoTarget) -> None:
        TOKENS_SEEN.clear()
        reset(self)

    MotoTarget.exchange = faulty_send  # type: ignore[method-assign]
    MotoTarget.reset = forgetting_reset  # type: ignore[method-assign]
    MotoTarget.describe_instances = faulty_describe  # type: ignore[method-assign]


# The fault tests ask which divergence a fault causes first, by name: the ci profile's draws without shrinking the
# failure (shrinking took three quarters of each fault run; a run with `--hypothesis-profile=dev` still shrinks).
FIRST_FAILURE_PROFILE = "fault-first-failure"
settings.register_profile(FIRST_FAILURE_PROFILE, PROFILES[DEFAULT_PROFILE],
                          phases=(Phase.explicit, Phase.reuse, Phase.generate))


def pytest_configure() -> None:
    name = os.environ.get("EC2_CONFORMANCE_FAULT")
    if name:
        _install(FAULTS[name])
