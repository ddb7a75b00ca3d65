"""Targets over HTTP: moto-server, endpoint (against a moto server), and crash/timeout classification."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conformance.outcome import Outcome, OutcomeKind
from conformance.targets import Target, get_target
from conformance.targets.transport import Boto3Transport, Connection, QueryTransport, http_sender, make_client
from strategies.case import Case, WireEdit
from strategies.world import World
from tests.support.targets import Recorded, Reply, error_xml, hang, serve


def valid_params(world: World) -> dict[str, Any]:
    return {
        "ImageId": world.images[0].image_id,
        "MinCount": 1,
        "MaxCount": 1,
        "InstanceType": world.instance_types[0],
        "SubnetId": world.subnets[1].subnet_id,
    }


def check_target_classifies(target: Target) -> None:
    world = target.world()
    ok = target.send(Case(valid_params(world)))
    assert ok.kind is OutcomeKind.SUCCESS and len(ok.instance_ids) == 1
    bad = target.send(Case({**valid_params(world), "SecurityGroupIds": ["sg-00000000000000000"]}))
    assert bad.kind is OutcomeKind.ERROR and bad.status == 400 and bad.code and bad.request_id
    wire = target.send(Case(valid_params(world), wire_edits=(WireEdit("UserData", "%%%"),)))
    assert wire.transport == "query" and wire.kind is OutcomeKind.ERROR
    target.reset()
    assert target.world() == world
    left = target.describe_instances(ok.instance_ids)  # gone after a full reset, terminated after a cleanup
    assert {i["State"]["Name"] for i in left} <= {"shutting-down", "terminated"}, left


@pytest.fixture(scope="module")
def moto_server() -> Iterator[Target]:
    with get_target("moto-server") as target:
        yield target


def test_moto_server_classifies(moto_server: Target) -> None:
    assert moto_server.version
    check_target_classifies(moto_server)


def test_moto_server_crash_is_a_5xx_crash(moto_server: Target) -> None:
    moto_server.reset()
    outcome = moto_server.send(
        Case(valid_params(moto_server.world()), wire_edits=(WireEdit("MaxCount", "x"),))
    )
    assert outcome.kind is OutcomeKind.CRASH and outcome.status is not None and outcome.status >= 500


def test_endpoint_against_a_moto_server_resets_through_its_api() -> None:
    from moto.server import ThreadedMotoServer

    from conformance.targets.net import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        with get_target("endpoint", endpoint_url=f"http://127.0.0.1:{port}", full_reset_every=1) as target:
            assert target.version.startswith("moto at ") and target.forgets_between_examples
            check_target_classifies(target)
            launched = target.send(Case(valid_params(target.world())))
            target.reset()
            assert target.describe_instances(launched.instance_ids) == []  # moto's own reset forgets them
    finally:
        server.stop()


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
