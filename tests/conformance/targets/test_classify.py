"""conformance.targets.classify: an HTTP answer or an exception becomes a classified Outcome. Errors keep their
code, message, request id and envelope; throttling is an error, never a crash; 5xx, non-XML, truncated and
foreign documents are crashes with their fault; an exception is a refusal before sending, a crash after it."""

from __future__ import annotations

import pytest
from botocore.exceptions import (
    ConnectionClosedError,
    EndpointConnectionError,
    ParamValidationError,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError

from conformance.outcome import Envelope, Fault, OutcomeKind
from conformance.targets.classify import is_throttling, outcome_from_exception, outcome_from_http
from tests.support.targets import NS, error_xml

RESERVATION = (
    f"<RunInstancesResponse {NS}><requestId>req-7</requestId><reservationId>r-1</reservationId>"
    "<ownerId>123456789012</ownerId><groupSet/><instancesSet><item><instanceId>i-0123456789abcdef0</instanceId>"
    "<imageId>ami-1</imageId><instanceType>t3.micro</instanceType></item></instancesSet></RunInstancesResponse>"
)


@pytest.mark.parametrize(("code", "throttled"), [
    ("RequestLimitExceeded", True), ("Throttling", True), ("Client.ThrottlingException", True),
    ("Server.RequestLimitExceeded", True), ("InvalidParameterValue", False), ("", False), (None, False),
    ("Client.Client.Throttling", False),
])
def test_throttling_codes_with_or_without_their_prefix(code: str | None, throttled: bool) -> None:
    assert is_throttling(code) is throttled


def test_a_reservation_is_a_success_parsed_by_botocore() -> None:
    outcome = outcome_from_http(200, {"Content-Length": str(len(RESERVATION))}, RESERVATION.encode())
    assert outcome.kind is OutcomeKind.SUCCESS and outcome.status == 200
    assert outcome.request_id == "req-7" and outcome.instance_ids == ["i-0123456789abcdef0"]
    assert outcome.reservation is not None and "ResponseMetadata" not in outcome.reservation
    assert outcome.reservation["Instances"][0]["InstanceType"] == "t3.micro"


def test_an_ec2_error_document_is_an_error_with_its_parts() -> None:
    outcome = outcome_from_http(400, {}, error_xml("InvalidParameterValue", "bad value").encode())
    assert (outcome.kind, outcome.status, outcome.code, outcome.message) == (
        OutcomeKind.ERROR, 400, "InvalidParameterValue", "bad value")
    assert outcome.request_id == "req-1" and outcome.envelope is Envelope.EC2 and not outcome.throttled


def test_another_error_shape_keeps_its_code_and_namespace_but_says_other() -> None:
    body = ('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Code>AccessDenied</Code>'
            "<Message>no</Message></Error><RequestId>rq</RequestId></ErrorResponse>")
    outcome = outcome_from_http(403, {}, body.encode())
    assert (outcome.kind, outcome.code, outcome.request_id) == (OutcomeKind.ERROR, "AccessDenied", "rq")
    assert outcome.envelope is Envelope.OTHER and outcome.namespace == "https://iam.amazonaws.com/doc/2010-05-08/"
    nested = "<Response><Wrapper><Errors><Error><Code>X</Code></Error></Errors></Wrapper></Response>"
    assert outcome_from_http(400, {}, nested.encode()).envelope is Envelope.OTHER  # Errors not under Response


def test_a_5xx_with_a_code_is_a_crash_unless_it_is_throttling() -> None:
    crash = outcome_from_http(500, {}, error_xml("InternalError", "boom").encode())
    assert (crash.kind, crash.fault, crash.code, crash.detail) == (
        OutcomeKind.CRASH, Fault.SERVER_ERROR, "InternalError", "HTTP 500 InternalError")
    slow = outcome_from_http(503, {}, error_xml("RequestLimitExceeded", "slow down").encode())
    assert slow.kind is OutcomeKind.ERROR and slow.throttled and slow.fault is None


@pytest.mark.parametrize(("status", "body", "fault"), [
    (500, b"Traceback (most recent call last)", Fault.SERVER_ERROR),
    (200, b"<html><body>hello", Fault.NON_XML),
    (400, b"bad request", Fault.NON_XML),
    (200, b"<ListAllMyBucketsResult/>", Fault.UNEXPECTED_DOCUMENT),
    (400, b"<Response><Errors><Error><Message>no code</Message></Error></Errors></Response>", Fault.NO_ERROR_CODE),
])
def test_broken_answers_are_crashes_with_their_fault(status: int, body: bytes, fault: Fault) -> None:
    outcome = outcome_from_http(status, {}, body)
    assert (outcome.kind, outcome.fault, outcome.status) == (OutcomeKind.CRASH, fault, status)
    assert outcome.raw_body == body.decode()


def test_a_body_shorter_than_its_content_length_is_a_reset() -> None:
    outcome = outcome_from_http(200, {"content-length": "5000"}, b"<RunInstancesResponse>")
    assert (outcome.kind, outcome.fault) == (OutcomeKind.CRASH, Fault.RESET)
    assert outcome.detail == "connection closed after 22 of 5000 bytes"
    unreadable = outcome_from_http(200, {"Content-Length": "many"}, RESERVATION.encode())
    assert unreadable.kind is OutcomeKind.SUCCESS  # a length that is not a number is not trusted


def test_client_validation_is_a_refusal_whenever_it_comes() -> None:
    exc = ParamValidationError(report="Invalid type for parameter MinCount")
    for sending in (False, True):
        outcome = outcome_from_exception(exc, sending=sending)
        assert (outcome.kind, outcome.fault) == (OutcomeKind.REJECTED, Fault.CLIENT_VALIDATION)
        assert outcome.detail is not None and outcome.detail.startswith("ParamValidationError: ")


def test_an_exception_while_building_is_the_clients_unless_moto_raised_it() -> None:
    outcome = outcome_from_exception(ValueError("cannot sign"), sending=False)
    assert (outcome.kind, outcome.fault, outcome.detail) == (OutcomeKind.REJECTED, Fault.CLIENT,
                                                             "ValueError: cannot sign")
    namespace: dict[str, object] = {}
    exec(compile("def boom():\n    raise KeyError('inside')\n", "/site-packages/moto/ec2/models.py", "exec"),
         namespace)
    try:
        namespace["boom"]()  # type: ignore[operator]
    except KeyError as exc:
        inside = outcome_from_exception(exc, sending=False)
    assert (inside.kind, inside.fault) == (OutcomeKind.CRASH, Fault.EXCEPTION)


@pytest.mark.parametrize(("exc", "fault"), [
    (ReadTimeoutError(endpoint_url="http://x"), Fault.TIMEOUT),
    (TimeoutError("timed out"), Fault.TIMEOUT),
    (type("PoolTimeoutSomething", (Exception,), {})(), Fault.TIMEOUT),
    (EndpointConnectionError(endpoint_url="http://x"), Fault.UNREACHABLE),
    (ConnectionRefusedError(), Fault.UNREACHABLE),
    (ConnectionClosedError(endpoint_url="http://x"), Fault.RESET),
    (ConnectionResetError(), Fault.RESET),
    (ResponseParserError("not xml"), Fault.NON_XML),
    (KeyError("x"), Fault.EXCEPTION),
])
def test_an_exception_while_sending_is_a_crash_with_its_fault(exc: Exception, fault: Fault) -> None:
    outcome = outcome_from_exception(exc, sending=True)
    assert (outcome.kind, outcome.fault) == (OutcomeKind.CRASH, fault)
    assert outcome.detail is not None and outcome.detail.startswith(type(exc).__name__)
