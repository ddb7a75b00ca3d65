"""Turn what came back (an HTTP response or an exception) into a classified Outcome."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache
from types import TracebackType
from typing import Any

from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ParamValidationError,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError, create_parser

from conformance.outcome import Envelope, Fault, Outcome, OutcomeKind
from strategies.model import operation_model

THROTTLING_CODES = frozenset({"RequestLimitExceeded", "Throttling", "ThrottlingException"})
SUCCESS_ROOT = "RunInstancesResponse"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: ET.Element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name:
            return child.text or ""
    return None


def is_throttling(code: str | None) -> bool:
    if code is None:
        return False
    return code.removeprefix("Client.").removeprefix("Server.") in THROTTLING_CODES


@cache
def _parser() -> Any:
    return create_parser("ec2")


def parse_reservation(status: int, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """botocore's own parse of a RunInstances success body (raises ResponseParserError on bad XML)."""
    response = {"body": body, "headers": dict(headers), "status_code": status}
    parsed: dict[str, Any] = _parser().parse(response, operation_model().output_shape)
    return parsed


def _crash(status: int | None, fault: Fault, detail: str, text: str | None) -> Outcome:
    return Outcome(OutcomeKind.CRASH, status=status, detail=detail, raw_body=text, fault=fault)


def _is_ec2_envelope(root: ET.Element, error: ET.Element) -> bool:
    """`<Response><Errors><Error>` (namespace aside), with the Error directly under Errors."""
    if _local(root.tag) != "Response":
        return False
    errors = [child for child in root if _local(child.tag) == "Errors"]
    return any(error in list(node) for node in errors)


def _error_outcome(status: int, root: ET.Element, text: str) -> Outcome:
    error = next((e for e in root.iter() if _local(e.tag) == "Error" and _child_text(e, "Code")), None)
    if error is None:
        return _crash(status, Fault.NO_ERROR_CODE, f"HTTP {status} without an <Error><Code>", text)
    code = _child_text(error, "Code")
    message = _child_text(error, "Message")
    request_id = _child_text(root, "RequestID") or _child_text(root, "RequestId")
    envelope = Envelope.EC2 if _is_ec2_envelope(root, error) else Envelope.OTHER
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    throttled = is_throttling(code)
    if not throttled and status >= 500:
        return Outcome(
            OutcomeKind.CRASH,
            status=status,
            code=code,
            message=message,
            request_id=request_id,
            raw_body=text,
            detail=f"HTTP {status} {code}",
            fault=Fault.SERVER_ERROR,
            envelope=envelope,
            namespace=namespace,
        )
    return Outcome(
        OutcomeKind.ERROR,
        status=status,
        code=code,
        message=message,
        request_id=request_id,
        raw_body=text,
        envelope=envelope,
        namespace=namespace,
        throttled=throttled,
    )


def _content_length(headers: Mapping[str, str]) -> int | None:
    value = next((v for k, v in headers.items() if k.lower() == "content-length"), None)
    return int(value) if value is not None and value.strip().isdigit() else None


def outcome_from_http(status: int, headers: Mapping[str, str], body: bytes) -> Outcome:
    """Classify a complete HTTP response to RunInstances."""
    text = body.decode("utf-8", "replace")
    expected = _content_length(headers)
    if expected is not None and expected > len(body):
        return _crash(status, Fault.RESET, f"connection closed after {len(body)} of {expected} bytes", text)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        fault = Fault.SERVER_ERROR if status >= 500 else Fault.NON_XML
        return _crash(status, fault, f"HTTP {status} with a body that is not XML ({exc})", text)
    if status >= 300:
        return _error_outcome(status, root, text)
    if _local(root.tag) != SUCCESS_ROOT:
        return _crash(
            status, Fault.UNEXPECTED_DOCUMENT, f"HTTP {status} with a <{_local(root.tag)}> document", text
        )
    try:
        parsed = parse_reservation(status, headers, body)
    except ResponseParserError as exc:
        return _crash(status, Fault.UNPARSEABLE, f"botocore could not parse the reservation: {exc}", text)
    metadata = parsed.pop("ResponseMetadata", {})
    return Outcome(
        OutcomeKind.SUCCESS,
        status=status,
        reservation=parsed,
        raw_body=text,
        request_id=metadata.get("RequestId") or _child_text(root, "requestId"),
    )


def _raised_inside_moto(tb: TracebackType | None) -> bool:
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        if "/moto/" in filename:
            return True
        tb = tb.tb_next
    return False


def _fault_of(exc: BaseException) -> Fault:
    if isinstance(exc, ConnectTimeoutError | ReadTimeoutError | socket.timeout | TimeoutError):
        return Fault.TIMEOUT
    if "Timeout" in type(exc).__name__:
        return Fault.TIMEOUT
    if isinstance(exc, EndpointConnectionError | ConnectionRefusedError):
        return Fault.UNREACHABLE
    if isinstance(exc, ConnectionClosedError | ConnectionError):
        return Fault.RESET
    if isinstance(exc, ResponseParserError):
        return Fault.NON_XML
    return Fault.EXCEPTION


def outcome_from_exception(exc: Exception, *, sending: bool) -> Outcome:
    """Classify an exception: client-side refusal (REJECTED) or the target breaking (CRASH).

    `sending` is False while the request is still being built (serialization, validation, signing):
    an exception then is a refusal unless it was raised from inside moto's own code.
    """
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, ParamValidationError):
        return Outcome(OutcomeKind.REJECTED, detail=detail, fault=Fault.CLIENT_VALIDATION)
    if not sending and not _raised_inside_moto(exc.__traceback__):
        return Outcome(OutcomeKind.REJECTED, detail=detail, fault=Fault.CLIENT)
    return Outcome(OutcomeKind.CRASH, detail=detail, fault=_fault_of(exc))
