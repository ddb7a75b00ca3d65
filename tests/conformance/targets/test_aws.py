"""The aws target at a loopback recording endpoint: only Describe calls and DryRun RunInstances leave.

At least 1,000 generated cases (valid, invalid and wire-level, both transports) go through the
target; the recording server sees every byte. Then the inner guards are tested alone: a case with
DryRun=false handed straight to either transport is refused before it is sent. Without credentials the target
says how to give them, in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conformance.outcome import Fault, OutcomeKind
from conformance.targets import DryRunGuardError, Target, TargetError, get_target
from conformance.targets.net import free_port
from strategies.case import Case, WireEdit
from strategies.mutations import mutations, select, wire_mutations
from strategies.valid import valid_requests
from strategies.world import World
from tests.support.faults import moto_server
from tests.support.targets import (
    DRY_RUN_REPLY,
    LICENSE_ARN,
    PROFILE_ARN,
    Recorded,
    Reply,
    Server,
    error_xml,
    fake_ec2,
    serve,
)

MINIMUM_CASES = 1000
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "AKIAFAKEFAKEFAKE0000",
    "AWS_SECRET_ACCESS_KEY": "fake/secret/for/loopback/only",
    "AWS_SESSION_TOKEN": "fake-session-token",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@dataclass
class Recording:
    server: Server
    target: Target


@pytest.fixture(scope="module")
def recording() -> Iterator[Recording]:
    with pytest.MonkeyPatch.context() as patch, serve(fake_ec2) as server:
        for name, value in FAKE_CREDENTIALS.items():
            patch.setenv(name, value)
        patch.delenv("AWS_PROFILE", raising=False)
        with get_target("aws", region="us-east-1", endpoint_url=server.url, read_timeout=5.0) as target:
            yield Recording(server, target)


# The read-only calls besides EC2's Describe*: the World's account facts (written out here, not read from the
# guard, so that a guard that lets more out fails this test).
READ_ONLY_CALLS = ("GetEbsEncryptionByDefault", "ListInstanceProfiles", "ListLicenseConfigurations")


def read_only(action: str) -> bool:
    return action.startswith("Describe") or action in READ_ONLY_CALLS


def assert_only_read_only_and_dry_run(requests: list[Recorded]) -> None:
    for request in requests:
        action = request.action
        assert read_only(action) or action in ("RunInstances", ""), request.form
        if not read_only(action):  # RunInstances, or a wire mutation that dropped Action
            assert request.form.get("DryRun") == ["true"], request.form
        assert request.headers.get("Authorization", "").startswith("AWS4-HMAC-SHA256")


# generated cases ---------------------------------------------------------------------------------

DRY_RUN_VALUES = [None, "false", "False", "TRUE", "0", "", "true", "yes"]


def dry_run_edits(world: World) -> st.SearchStrategy[Case]:
    """Valid cases whose wire form tampers with DryRun (and sometimes a count): the guard's worst case."""

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        base = draw(valid_requests(world, dry_run=None))
        edits = [WireEdit("DryRun", draw(st.sampled_from(DRY_RUN_VALUES)))]
        if draw(st.booleans()):
            edits.append(
                WireEdit(draw(st.sampled_from(["MinCount", "MaxCount"])), draw(st.sampled_from([None, "x"])))
            )
        return Case(base.params, wire_edits=tuple(draw(st.permutations(edits))))

    return build()


def generated(world: World) -> list[tuple[str, st.SearchStrategy[Case], int]]:
    """(label, strategy, examples): the public generators as far as they exist, topped up to the minimum."""
    parts: list[tuple[str, st.SearchStrategy[Case], int]] = [("wire-dry-run", dry_run_edits(world), 300)]
    if select(world, wire=False):
        parts.append(("mutations", mutations(world, wire=False, dry_run=None), 250))
    if select(world, wire=True):
        parts.append(("wire-mutations", wire_mutations(world, dry_run=None), 200))
    planned = sum(count for _, _, count in parts)
    parts.append(("valid", valid_requests(world, dry_run=None), max(300, MINIMUM_CASES - planned + 50)))
    return parts


def drive(target: Target, strategy: st.SearchStrategy[Case], examples: int, kinds: dict[str, int]) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, raw=st.booleans())
    def send(case: Case, raw: bool) -> None:
        target.force_raw = raw
        outcome = target.send(case)
        kinds[outcome.kind.value] = kinds.get(outcome.kind.value, 0) + 1
        kinds["sent"] = kinds.get("sent", 0) + 1
        kinds["raw" if raw or case.wire_edits else "boto3"] = (
            kinds.get("raw" if raw or case.wire_edits else "boto3", 0) + 1
        )

    try:
        send()
    finally:
        target.force_raw = False


def test_every_run_instances_on_the_wire_is_a_dry_run(recording: Recording) -> None:
    target, server = recording.target, recording.server
    start = len(server.requests)
    kinds: dict[str, int] = {}
    for _label, strategy, examples in generated(target.world()):
        drive(target, strategy, examples, kinds)
    sent = server.requests[start:]
    assert kinds["sent"] >= MINIMUM_CASES
    assert kinds["raw"] > 100 and kinds["boto3"] > 100  # both transports were used
    assert_only_read_only_and_dry_run(server.requests)
    run_instances = [r for r in sent if not read_only(r.action)]
    # every case reached the wire exactly once, or was refused client-side before anything was sent
    assert len(run_instances) + kinds.get("rejected", 0) == kinds["sent"]
    assert kinds.get("error", 0) >= len(run_instances)  # each was answered DryRunOperation


def test_world_is_discovered_with_describe_calls_only(recording: Recording) -> None:
    world = recording.target.world()
    assert world.vpc_id == "vpc-0a1b2c3d4e5f60718" and len(world.subnets) == 2
    assert world.image_ids == ("ami-0123456789abcdef0",) and world.key_names == ("conformance-key",)
    assert_only_read_only_and_dry_run(recording.server.requests)


def test_account_facts_are_discovered_with_get_and_list_calls(recording: Recording) -> None:
    """Instance profiles (IAM), license configurations (License Manager, JSON protocol) and EBS encryption by
    default (EC2) come from their read-only calls; each call went out signed, as its own operation."""
    world = recording.target.world()
    assert world.instance_profile_arns == (PROFILE_ARN,)
    assert world.license_configuration_arns == (LICENSE_ARN,)
    assert world.ebs_encryption_by_default is False
    called = {r.action for r in recording.server.requests}
    assert set(READ_ONLY_CALLS) <= called


@pytest.mark.parametrize(("service", "call"), [
    ("iam", lambda c: c.create_instance_profile(InstanceProfileName="x")),
    ("iam", lambda c: c.delete_instance_profile(InstanceProfileName="conformance")),
    ("license-manager", lambda c: c.create_license_configuration(Name="x", LicenseCountingType="vCPU")),
    ("license-manager", lambda c: c.get_license_configuration(LicenseConfigurationArn=LICENSE_ARN)),
], ids=["iam-create", "iam-delete", "license-create", "license-get-not-listed"])
def test_other_service_clients_let_out_only_their_list_call(recording: Recording, service: str,
                                                            call: Callable[[Any], Any]) -> None:
    from conformance.targets.guard import install_read_only_guard
    from conformance.targets.transport import Connection, make_client

    client = install_read_only_guard(make_client(Connection("us-east-1", recording.server.url), service=service),
                                     service)
    before = len(recording.server.requests)
    with pytest.raises(DryRunGuardError):
        call(client)
    assert len(recording.server.requests) == before


def test_aws_target_discovers_account_facts_from_a_moto_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Against a loopback moto server (never AWS): the profile and encryption setting made there are found;
    License Manager, which moto lacks, leaves the World without license configurations instead of failing."""
    import boto3

    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with moto_server() as hostport:
        url = f"http://{hostport}"
        ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=url)
        ec2.enable_ebs_encryption_by_default()
        made = boto3.client("iam", region_name="us-east-1", endpoint_url=url).create_instance_profile(
            InstanceProfileName="found-by-discovery")["InstanceProfile"]["Arn"]
        with get_target("aws", region="us-east-1", endpoint_url=url, read_timeout=5.0) as target:
            world = target.world()
    assert made in world.instance_profile_arns
    assert world.ebs_encryption_by_default is True
    assert world.license_configuration_arns == ()
    assert {f.name for f in world.instance_type_facts} == set(world.instance_types)
    assert all(f.zones for f in world.instance_type_facts)


def test_prepare_forces_dry_run_in_params_and_query(recording: Recording) -> None:
    case = Case(
        {"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1, "DryRun": False},
        wire_edits=(WireEdit("DryRun", "false"),),
    )
    prepared = recording.target.prepare(case)
    assert prepared.params["DryRun"] is True and prepared.query["DryRun"] == "true"
    assert prepared.dry_run


def test_a_probe_goes_through_the_guard_and_nothing_else_is_asked(recording: Recording) -> None:
    """The verdict's probes reach real EC2 only as DryRun RunInstances; no side-effect listing follows an answer
    (the aws target launches nothing: it never checks what a refusal left)."""
    target, server = recording.target, recording.server
    start = len(server.requests)
    outcome = target.probe(Case({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1, "DryRun": False}))
    sent = server.requests[start:]
    assert [r.action for r in sent] == ["RunInstances"] and sent[0].form["DryRun"] == ["true"]
    assert not outcome.appeared
    terminate = Case({"MinCount": 1, "MaxCount": 1}, wire_edits=(WireEdit("Action", "TerminateInstances"),))
    assert target.probe(terminate).fault is Fault.DRY_RUN_GUARD and len(server.requests) == start + 1


# the inner guards alone -------------------------------------------------------------------------

UNSAFE = [
    Case({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1, "DryRun": False}),
    Case({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1}),
    Case(
        {"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1, "DryRun": True},
        wire_edits=(WireEdit("DryRun", "True"),),
    ),
    Case(
        {"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1, "DryRun": True},
        wire_edits=(WireEdit("DryRun", None),),
    ),
]


@pytest.mark.parametrize(
    "case", UNSAFE, ids=["dry-run-false", "no-dry-run", "dry-run-True", "dry-run-deleted"]
)
def test_transports_refuse_what_the_first_guard_did_not_see(recording: Recording, case: Case) -> None:
    target, server = recording.target, recording.server
    assert target._query is not None and target._boto3 is not None
    before = len(server.requests)
    with pytest.raises(DryRunGuardError):
        target._query.send(case)
    if not case.wire_edits:
        with pytest.raises(DryRunGuardError):
            target._boto3.send(case)
    assert len(server.requests) == before


def test_check_client_cannot_launch_or_mutate(recording: Recording) -> None:
    target, server = recording.target, recording.server
    before = len(server.requests)
    with pytest.raises(DryRunGuardError):
        target.client.run_instances(ImageId="ami-0123456789abcdef0", MinCount=1, MaxCount=1)
    with pytest.raises(DryRunGuardError):
        target.client.terminate_instances(InstanceIds=["i-0123456789abcdef0"])
    with pytest.raises(DryRunGuardError):
        target.client.create_tags(Resources=["vpc-0a1b2c3d4e5f60718"], Tags=[{"Key": "k", "Value": "v"}])
    with pytest.raises(DryRunGuardError):  # the one Get call allowed is GetEbsEncryptionByDefault
        target.client.enable_ebs_encryption_by_default()
    with pytest.raises(DryRunGuardError):
        target.client.get_password_data(InstanceId="i-0123456789abcdef0")
    with pytest.raises(TargetError):
        target.terminate_instances(["i-0123456789abcdef0"])
    with pytest.raises(TargetError):
        target.describe_instances(["i-0123456789abcdef0"])
    assert len(server.requests) == before


def test_throttling_is_retried_with_backoff() -> None:
    calls: list[str] = []

    def answer(record: Recorded) -> Reply:
        if record.action == "RunInstances":
            calls.append(record.form["DryRun"][0])
            if len(calls) < 3:
                return 503, error_xml("RequestLimitExceeded", "Request limit exceeded.")
            return DRY_RUN_REPLY
        return fake_ec2(record)

    with pytest.MonkeyPatch.context() as patch, serve(answer) as server:
        for name, value in FAKE_CREDENTIALS.items():
            patch.setenv(name, value)
        with get_target("aws", region="us-east-1", endpoint_url=server.url, throttle_backoff=0.001) as target:
            outcome = target.send(Case({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1}))
    assert (outcome.kind, outcome.code) == (OutcomeKind.ERROR, "DryRunOperation")
    assert calls == ["true", "true", "true"]


def test_aws_without_credentials_names_the_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", f"{tmp_path}/none")
    monkeypatch.setenv("AWS_CONFIG_FILE", f"{tmp_path}/none")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never ask an instance metadata service
    target = get_target("aws", region="us-east-1", endpoint_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(TargetError, match="credentials") as info:
        target.start()
    assert "AWS_PROFILE" in str(info.value) and "\n" not in str(info.value)

