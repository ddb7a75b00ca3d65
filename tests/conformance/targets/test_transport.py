"""The two transports (boto3 and the signed Query) against scripted loopback servers: broken answers and hangs
are crashes with their fault, throttling is an error, and the error envelope is parsed from the wire."""

from __future__ import annotations

import pytest

from conformance.outcome import Outcome, OutcomeKind
from conformance.targets.transport import Boto3Transport, Connection, QueryTransport, http_sender, make_client
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
