"""Checks on a target's answer that do not depend on the request: response shape (R-PROTO-8) and the error
envelope (R-PROTO-5). Each is a plain function returning the Problems it found (empty when the answer conforms);
the rules in `protocol.py` declare them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from botocore.model import Shape
from botocore.validate import ParamValidator

from conformance.findings import FailedCheck, member_pattern
from conformance.outcome import Outcome
from strategies.limits import RESPONSE_ID_PATTERNS
from strategies.model import operation_model

# Id members of the response and the prefix each must carry.
_ID_FORMS: Mapping[str, re.Pattern[str]] = {
    **RESPONSE_ID_PATTERNS,
    "ImageId": re.compile(r"ami-[0-9a-f]+"),
    "SubnetId": re.compile(r"subnet-[0-9a-f]+"),
    "VpcId": re.compile(r"vpc-[0-9a-f]+"),
    "NetworkInterfaceId": re.compile(r"eni-([0-9a-f]{8}|[0-9a-f]{17})"),
    "GroupId": re.compile(r"sg-[0-9a-f]+"),
    "AttachmentId": re.compile(r"eni-attach-[0-9a-f]+"),
    "VolumeId": re.compile(r"vol-([0-9a-f]{8}|[0-9a-f]{17})"),
    "OwnerId": re.compile(r"[0-9]{12}"),
}
# Members every instance of a RunInstances answer carries today: each is in the recorded real answer of 2025
# (conformance/evidence/responses/warteamx-RunInstances_2025-08-30.json; the 2017 one lacks those added since);
# members real EC2 omits in some configuration (KeyName, PublicIpAddress, IamInstanceProfile, BootMode, ...) and
# those newer than the recording's client model (Operator) are not listed.
LAUNCH_INSTANCE_MEMBERS: tuple[str, ...] = (
    "AmiLaunchIndex", "Architecture", "BlockDeviceMappings", "CapacityReservationSpecification", "ClientToken",
    "CpuOptions", "CurrentInstanceBootMode", "EbsOptimized", "EnaSupport", "EnclaveOptions", "Hypervisor", "ImageId",
    "InstanceId", "InstanceType", "LaunchTime", "MaintenanceOptions", "MetadataOptions", "Monitoring",
    "NetworkInterfaces", "Placement", "PrivateDnsName", "PrivateDnsNameOptions", "PrivateIpAddress", "ProductCodes",
    "PublicDnsName", "RootDeviceName", "RootDeviceType", "SecurityGroups", "SourceDestCheck", "State", "StateReason",
    "StateTransitionReason", "SubnetId", "VirtualizationType", "VpcId",
)
# DescribeInstances shows the same members, StateReason aside (a running instance has none), and the billing and
# option members the launch answer leaves out: each is in every running instance of the recorded real answer of
# 2026 (conformance/evidence/responses/cloud-custodian-DescribeInstances_2026-03-04.json).
DESCRIBED_INSTANCE_MEMBERS: tuple[str, ...] = (
    *(m for m in LAUNCH_INSTANCE_MEMBERS if m != "StateReason"),
    "HibernationOptions", "NetworkPerformanceOptions", "Operator", "PlatformDetails", "UsageOperation",
    "UsageOperationUpdateTime",
)


@cache
def _reservation_shape() -> Shape:
    shape = operation_model().output_shape
    assert shape is not None
    return shape


def _without_metadata(parsed: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in parsed.items() if k != "ResponseMetadata"}


def _walk(value: Any, shape: Shape, path: str) -> Iterator[tuple[str, Any, Shape]]:
    yield path, value, shape
    if shape.type_name == "structure" and isinstance(value, Mapping):
        for key, item in value.items():
            member = shape.members.get(key)
            if member is not None:
                yield from _walk(item, member, f"{path}.{key}" if path else key)
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, shape.member, f"{path}[{index}]")


def response_shape_problems(reservation: Mapping[str, Any]) -> list[FailedCheck]:
    """Types, enums and id formats of a parsed RunInstances response against botocore's output shape."""
    body = _without_metadata(reservation)
    problems: list[FailedCheck] = []
    report = ParamValidator().validate(body, _reservation_shape())
    for error_type, name, details in getattr(report, "_errors", []):
        problems.append(FailedCheck(f"{member_pattern(str(name))} ({error_type})", f"{name}: {error_type} {details}"))
    for path, value, shape in _walk(body, _reservation_shape(), ""):
        enum = getattr(shape, "enum", None)
        if enum and isinstance(value, str) and value not in enum:
            problems.append(
                FailedCheck(f"{member_pattern(path)} (enum)", f"{path}: {value!r} is not one of the model's values")
            )
        form = _ID_FORMS.get(path.rsplit(".", 1)[-1])
        if form is not None and isinstance(value, str) and not form.fullmatch(value):
            problems.append(
                FailedCheck(f"{member_pattern(path)} (form)", f"{path}: {value!r} is not of the form {form.pattern}")
            )
    for required in ("ReservationId", "OwnerId", "Instances"):
        if required not in body:
            problems.append(FailedCheck(f"{required} (missing)", f"{required}: missing from the reservation"))
    return problems


def error_envelope_problems(outcome: Outcome) -> list[FailedCheck]:
    """The EC2 error envelope: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>`."""
    problems: list[FailedCheck] = []
    if outcome.status is not None and not 400 <= outcome.status < 500:
        problems.append(FailedCheck("HTTP status", f"HTTP status {outcome.status} for a client error (expected 4xx)"))
    if outcome.raw_body is None:
        return problems
    try:
        root = ET.fromstring(outcome.raw_body)
    except ET.ParseError as exc:
        return [*problems, FailedCheck("XML body", f"error body is not XML: {exc}")]
    tag = _local(root.tag)
    if tag != "Response":
        problems.append(FailedCheck("Response", f"root element is <{tag}>, expected <Response>"))
    error = _find(root, "Errors", "Error")
    if error is None:
        problems.append(FailedCheck("Errors.Error", "no <Errors><Error> element"))
    else:
        for child in ("Code", "Message"):
            node = _find(error, child)
            if node is None or not (node.text or "").strip():
                problems.append(FailedCheck(f"Errors.Error.{child}", f"<Error> has no <{child}>"))
    request_id = _find(root, "RequestID")
    if request_id is None or not (request_id.text or "").strip():
        problems.append(FailedCheck("RequestID", "no <RequestID> (EC2 spells it RequestID)"))
    return problems


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(node: ET.Element, *names: str) -> ET.Element | None:
    current: ET.Element | None = node
    for name in names:
        if current is None:
            return None
        current = next((c for c in current if _local(c.tag) == name), None)
    return current


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key != "ResponseMetadata":
                yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, f"{path}[]")


def instance_member_problems(where: str, instances: Sequence[Mapping[str, Any]],
                             members: tuple[str, ...]) -> list[FailedCheck]:
    """Members missing from instances of an answer (`where`: RunInstances or DescribeInstances)."""
    problems: list[FailedCheck] = []
    for instance in instances:
        for member in members:
            if member not in instance:
                problems.append(FailedCheck(f"{where} Instances[].{member} (missing)",
                                        f"{instance.get('InstanceId')}: no {member} in the {where} answer"))
    return problems


def literal_none_problems(where: str, answer: Any) -> list[FailedCheck]:
    """String members that read "None": an emulator's unset Python value printed into the XML."""
    return [FailedCheck(f"{where} {member_pattern(path)} (None)", f"{path}: the literal string 'None'")
            for path, value in _strings(answer, "") if value == "None"]
