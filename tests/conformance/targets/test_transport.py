"""The two transports (boto3 and the signed Query) against scripted loopback servers: broken answers and hangs
are crashes with their fault, throttling is an error, and the error envelope is parsed from the wire. Then the
Query transport with a fake sender (signed, checked before and after signing, a guard's refusal stops it) and the
boto3 transport's own parameter validation."""

from __future__ import annotations

import pytest
from botocore.awsrequest import AWSPreparedRequest

from conformance.outcome import Fault, Outcome, OutcomeKind
from conformance.targets import DryRunGuardError
from conformance.targets.net import free_port
from conformance.targets.transport import (
    Boto3Transport,
    Connection,
    HttpReply,
    QueryTransport,
    Sender,
    WireCheck,
    http_sender,
    make_client,
)
from strategies.case import Case
from tests.support.targets import Recorded, Reply, error_xml, hang, serve

# crash classification against scripted loopback servers ---------------------------------------

CASE = Case({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1})


def send_both(url: str, timeout: float = 2.0) -> list[Outcome]:
    connection = Connection(
        region="us-east-1", endpoint_url=url, connect_timeout=timeout, read_timeout=timeout
    )
    boto3_transport = Boto3Transport(make_client(connection, validate=False))
    query_transport = QueryTransport(connection, http_sender(connection))
    return [boto3_transport.send(CASE), query_transport.send(CASE)]


SCRIPTS: dict[str, tuple[Reply, str]] = {
    "500": ((500, error_xml("InternalError", "boom")), "5xx"),
    "500-not-xml": ((500, "Traceback (most recent call last): KeyError"), "5xx"),
    "200-not-xml": ((200, "<html><body>hello"), "non-xml"),
    "400-not-xml": ((400, "bad request"), "non-xml"),
    "200-other-document": ((200, "<ListAllMyBucketsResult/>"), "unexpected-document"),
    "reset-mid-response": ((0, ""), "reset"),
}


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_broken_answers_are_crashes(script: str) -> None:
    reply, fault = SCRIPTS[script]
    with serve(lambda _record: reply) as server:
        outcomes = send_both(server.url)
    for outcome in outcomes:
        assert outcome.kind is OutcomeKind.CRASH, (outcome.transport, outcome)
        assert outcome.fault == fault, (outcome.transport, outcome)


def test_hung_endpoint_times_out() -> None:
    with serve(lambda _record: hang(3.0)) as server:
        outcomes = send_both(server.url, timeout=0.3)
    for outcome in outcomes:
        assert outcome.kind is OutcomeKind.CRASH and outcome.fault == "timeout", outcome
        assert outcome.elapsed_ms < 2500


def test_throttling_is_an_error_not_a_crash() -> None:
    with serve(lambda _record: (503, error_xml("RequestLimitExceeded", "slow down"))) as server:
        outcomes = send_both(server.url)
    for outcome in outcomes:
        assert outcome.kind is OutcomeKind.ERROR and outcome.throttled, outcome


def test_error_envelope_is_parsed_from_the_wire() -> None:
    def answer(record: Recorded) -> Reply:
        return 400, error_xml("InvalidParameterValue", f"MinCount={record.form['MinCount'][0]}")

    with serve(answer) as server:
        outcomes = send_both(server.url)
        signed = [r.headers.get("Authorization", "") for r in server.requests]
    assert all(h.startswith("AWS4-HMAC-SHA256") for h in signed) and len(signed) == 2
    for outcome in outcomes:
        assert (outcome.kind, outcome.status, outcome.code) == (
            OutcomeKind.ERROR,
            400,
            "InvalidParameterValue",
        )
        assert (outcome.message, outcome.request_id, outcome.envelope) == (
            "MinCount=1",
            "req-1",
            "ec2",
        )


# the Query transport with a fake sender, and the boto3 transport's own validation ---------------------------

def _query(sender: Sender, wire_check: WireCheck | None = None) -> QueryTransport:
    return QueryTransport(Connection(region="eu-west-1", endpoint_url="http://127.0.0.1:9/base"), sender,
                          wire_check=wire_check)


def test_a_connection_without_endpoint_goes_to_the_regions_ec2() -> None:
    assert Connection(region="eu-west-1").url == "https://ec2.eu-west-1.amazonaws.com"
    assert Connection(region="eu-west-1", endpoint_url="http://h:1").url == "http://h:1"


def test_the_query_is_form_encoded_signed_and_checked_before_and_after_signing() -> None:
    sent: list[AWSPreparedRequest] = []
    checked: list[tuple[str, bytes | str | None]] = []

    def sender(request: AWSPreparedRequest) -> HttpReply:
        sent.append(request)
        return 400, {}, error_xml("InvalidParameterValue", "no").encode()

    outcome = _query(sender, lambda url, body: checked.append((url, body))).send(CASE)
    assert (outcome.kind, outcome.code, outcome.transport) == (OutcomeKind.ERROR, "InvalidParameterValue", "query")
    assert outcome.elapsed_ms >= 0
    (request,) = sent
    assert request.url == "http://127.0.0.1:9/base/" and request.method == "POST"
    assert request.headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=testing/")
    assert "/eu-west-1/ec2/aws4_request" in request.headers["Authorization"]
    body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
    assert "Action=RunInstances" in body and "ImageId=ami-0123456789abcdef0" in body
    assert [url for url, _ in checked] == ["http://127.0.0.1:9/base/"] * 2


def test_a_guard_refusal_stops_the_send_and_other_errors_are_classified() -> None:
    def refuse(_url: str, _body: bytes | str | None) -> None:
        raise DryRunGuardError("no DryRun")

    def never(_request: AWSPreparedRequest) -> HttpReply:
        raise AssertionError("sent")

    with pytest.raises(DryRunGuardError):
        _query(never, refuse).send(CASE)

    def broken_check(_url: str, _body: bytes | str | None) -> None:
        raise ValueError("cannot encode")

    refused = _query(never, broken_check).send(CASE)
    assert (refused.kind, refused.fault) == (OutcomeKind.REJECTED, Fault.CLIENT)

    def reset(_request: AWSPreparedRequest) -> HttpReply:
        raise ConnectionResetError("peer reset")

    crashed = _query(reset).send(CASE)
    assert (crashed.kind, crashed.fault, crashed.transport) == (OutcomeKind.CRASH, Fault.RESET, "query")


def test_boto3_with_client_validation_refuses_without_sending() -> None:
    connection = Connection(region="us-east-1", endpoint_url=f"http://127.0.0.1:{free_port()}", connect_timeout=0.5)
    transport = Boto3Transport(make_client(connection, validate=False), client_validation=True)
    outcome = transport.send(Case({"ImageId": "ami-0123456789abcdef0", "MinCount": "one", "MaxCount": 1}))
    assert (outcome.kind, outcome.fault, outcome.transport) == (
        OutcomeKind.REJECTED, Fault.CLIENT_VALIDATION, "boto3")
    assert outcome.detail is not None and "MinCount" in outcome.detail


def test_boto3_without_client_validation_sends_and_records_what_botocore_would_have_refused() -> None:
    with serve(lambda _record: (400, error_xml("InvalidParameterValue", "MinCount"))) as server:
        connection = Connection(region="us-east-1", endpoint_url=server.url)
        transport = Boto3Transport(make_client(connection, validate=False))
        outcome = transport.send(Case({"ImageId": "ami-0123456789abcdef0", "MinCount": "one", "MaxCount": 1}))
        valid = transport.send(CASE)
    assert (outcome.kind, outcome.code) == (OutcomeKind.ERROR, "InvalidParameterValue")
    assert "MinCount" in outcome.client_validation and valid.client_validation == ""
    assert [r.form["MinCount"] for r in server.requests] == [["one"], ["1"]]
