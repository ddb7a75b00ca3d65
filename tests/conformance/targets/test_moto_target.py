"""moto in-process: valid and invalid cases classified, wire edits raw, crashes, reset, strict mode; moto-server the
same over HTTP."""

from __future__ import annotations

import gc
import threading
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

from conformance.outcome import Outcome, OutcomeKind, Resource
from conformance.targets import Target, get_target
from conformance.targets.emulator import EmulatorTarget
from strategies.case import Case, WireEdit
from strategies.world import World
from tests.support.targets import check_target_classifies, one_launch_params


@pytest.fixture(scope="module")
def moto() -> Iterator[Target]:
    with get_target("moto") as target:
        yield target


@pytest.fixture
def target(moto: Target) -> Target:
    moto.reset()
    return moto


def valid_params(world: World) -> dict[str, Any]:
    return {
        "ImageId": world.images[0].image_id,
        "MinCount": 1,
        "MaxCount": 2,
        "InstanceType": world.instance_types[0],
        "SubnetId": world.subnets[0].subnet_id,
    }


@pytest.mark.parametrize("force_raw", [False, True], ids=["boto3", "query"])
def test_valid_case_succeeds_and_is_visible(target: Target, force_raw: bool) -> None:
    target.force_raw = force_raw
    try:
        outcome = target.send(Case(valid_params(target.world())))
    finally:
        target.force_raw = False
    assert outcome.kind is OutcomeKind.SUCCESS, outcome
    assert outcome.status == 200 and outcome.transport == ("query" if force_raw else "boto3")
    assert outcome.reservation and outcome.reservation["ReservationId"].startswith("r-")
    described = target.describe_instances(outcome.instance_ids)
    assert sorted(i["InstanceId"] for i in described) == sorted(outcome.instance_ids)
    assert all(i["SubnetId"] == target.world().subnets[0].subnet_id for i in described)


def test_invalid_case_gets_an_aws_shaped_error(target: Target) -> None:
    outcome = target.send(Case({**valid_params(target.world()), "SubnetId": "subnet-0000000000000000f"}))
    assert outcome.kind is OutcomeKind.ERROR
    assert (outcome.status, outcome.normalized_code) == (400, "InvalidSubnetID.NotFound")
    assert outcome.message and outcome.request_id and outcome.raw_body
    assert outcome.envelope == "ec2"
    assert not outcome.appeared  # a plain refusal leaves nothing


def launches_then_refuses(target: Target, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the target's emulator launch a valid request before it answers any request with a refusal (as moto
    did for an unknown instance profile, getmoto/moto#6902); the ids it launched so far."""
    assert isinstance(target, EmulatorTarget)
    exchange, launched = target.exchange, []

    def buggy(case: Case) -> Outcome:
        launched.extend(exchange(Case(valid_params(target.world()))).instance_ids)
        return Outcome(OutcomeKind.ERROR, status=400, code="NoSuchEntity", message="no such profile")

    monkeypatch.setattr(target, "exchange", buggy)
    return launched


@pytest.mark.parametrize("name", ["moto", "moto_server"])
def test_a_refusal_that_launched_anyway_names_what_it_left(name: str, request: pytest.FixtureRequest,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target: Target = request.getfixturevalue(name)
    target.reset()
    launched = launches_then_refuses(target, monkeypatch)
    outcome = target.send(Case({**valid_params(target.world()), "IamInstanceProfile": {"Name": "none"}}))
    assert outcome.kind is OutcomeKind.ERROR and launched
    assert outcome.appeared.ids(Resource.INSTANCE) == tuple(sorted(launched))
    assert outcome.appeared.main is Resource.INSTANCE and outcome.appeared.ids(Resource.NETWORK_INTERFACE)
    target.reset()
    assert not target.probe(Case(valid_params(target.world()))).appeared  # a probe's answer is not judged
    assert target.send(Case(valid_params(target.world()))).appeared.ids(Resource.INSTANCE) == (launched[-1],)
    monkeypatch.undo()
    target.reset()  # the snapshot restored: the launch is gone, and so is what the check counts from
    assert not target.send(Case({**valid_params(target.world()), "SubnetId": "subnet-0000000000000000f"})).appeared


def test_dry_run_is_an_error_412(target: Target) -> None:
    outcome = target.send(Case({**valid_params(target.world()), "DryRun": True}))
    assert (outcome.kind, outcome.status, outcome.code) == (OutcomeKind.ERROR, 412, "DryRunOperation")


def test_wire_edit_goes_raw_and_moto_answers_an_error(target: Target) -> None:
    params = {**valid_params(target.world()), "UserData": "echo hi"}
    case = Case(params, wire_edits=(WireEdit("UserData", "!!not base64!!"),))
    outcome = target.send(case)
    assert outcome.transport == "query"
    assert (outcome.kind, outcome.status) == (OutcomeKind.ERROR, 400)
    assert outcome.normalized_code == "InvalidUserData.Malformed"


def test_missing_min_count_reaches_moto_over_the_wire(target: Target) -> None:
    case = Case(valid_params(target.world()), wire_edits=(WireEdit("MinCount", None),))
    assert "MinCount" not in case.query
    outcome = target.send(case)
    assert outcome.transport == "query"
    assert outcome.kind in (
        OutcomeKind.SUCCESS,
        OutcomeKind.ERROR,
    )  # moto fills the default: a finding, not a crash


def test_python_exception_inside_moto_is_a_crash(target: Target) -> None:
    case = Case(valid_params(target.world()), wire_edits=(WireEdit("MinCount", "one"),))
    outcome = target.send(case)
    assert outcome.kind is OutcomeKind.CRASH
    assert outcome.detail and "ValueError" in outcome.detail
    assert outcome.fault == "exception"


def test_type_mistake_is_sent_anyway_with_validation_recorded(target: Target) -> None:
    outcome = target.send(Case({**valid_params(target.world()), "MaxCount": "two"}))
    assert outcome.client_validation
    assert outcome.kind is not OutcomeKind.REJECTED


def test_client_validation_mode_rejects_before_sending(target: Target) -> None:
    assert target._boto3 is not None
    target._boto3.client_validation = True
    try:
        outcome = target.send(Case({**valid_params(target.world()), "MaxCount": "two"}))
    finally:
        target._boto3.client_validation = False
    assert outcome.kind is OutcomeKind.REJECTED and outcome.detail and "MaxCount" in outcome.detail


def test_reset_gives_the_same_world_and_forgets_the_example(target: Target) -> None:
    world = target.world()
    launched = target.send(Case(valid_params(world))).instance_ids
    extra_group = target.client.create_security_group(
        GroupName="leftover", Description="x", VpcId=world.vpc_id
    )["GroupId"]
    target.reset()
    assert target.world() == world
    assert target.describe_instances(launched) == []
    ids = {g["GroupId"] for g in target.client.describe_security_groups()["SecurityGroups"]}
    assert extra_group not in ids and {g.group_id for g in world.security_groups} <= ids
    subnets = target.client.describe_subnets(SubnetIds=[s.subnet_id for s in world.subnets])["Subnets"]
    assert len(subnets) == len(world.subnets)


def test_restores_do_not_keep_earlier_copies_alive(target: Target) -> None:
    from moto.ec2.models import EC2Backend

    def backends_alive() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o) is EC2Backend)  # type(): weak proxies may be dead

    def launch_and_reset(times: int) -> None:
        for _ in range(times):
            assert target.send(Case(valid_params(target.world()))).kind is OutcomeKind.SUCCESS
            target.reset()

    launch_and_reset(3)
    before = backends_alive()
    launch_and_reset(20)
    assert backends_alive() <= before + 1


def test_reset_makes_examples_repeat(target: Target) -> None:
    first = target.send(Case(valid_params(target.world()))).instance_ids
    target.reset()
    second = target.send(Case(valid_params(target.world()))).instance_ids
    assert first == second and first


def test_world_has_the_promised_resources(target: Target) -> None:
    world = target.world()
    assert len({s.availability_zone for s in world.subnets}) == 2
    stacks = [(bool(s.cidr_block), bool(s.ipv6_cidr_block)) for s in world.subnets]
    assert stacks == [(True, True), (True, True), (True, False), (False, True)]  # dual, dual, v4-only, v6-only
    assert world.key_names and world.launch_templates and world.snapshot_ids
    in_vpc = [g for g in world.security_groups if g.vpc_id == world.vpc_id]
    elsewhere = [g for g in world.security_groups if g.vpc_id == world.default_vpc_id != world.vpc_id]
    assert len(in_vpc) == 2 and len(elsewhere) == 1  # a group of another VPC, for R-NET-11/12
    images = target.client.describe_images(ImageIds=list(world.image_ids))["Images"]
    assert {i["ImageId"] for i in images} == set(world.image_ids)


def test_terminate_instances(target: Target) -> None:
    ids = target.send(Case(valid_params(target.world()))).instance_ids
    target.terminate_instances(ids)
    assert {i["State"]["Name"] for i in target.describe_instances(ids)} <= {"shutting-down", "terminated"}


def test_strict_mode_checks_the_image() -> None:
    with get_target("moto-strict") as strict:
        assert "strict" in strict.version
        params = {**valid_params(strict.world()), "ImageId": "ami-00000000000000000"}
        outcome = strict.send(Case(params))
    assert outcome.kind is OutcomeKind.ERROR and outcome.normalized_code == "InvalidAMIID.NotFound"
    with get_target("moto") as lax:
        assert (
            lax.send(Case({**params, "SubnetId": lax.world().subnets[0].subnet_id})).kind
            is OutcomeKind.SUCCESS
        )


def test_in_process_clients_never_reach_the_network(target: Target) -> None:
    from conformance.targets.moto_target import served_by_moto
    from conformance.targets.transport import Connection, make_client

    assert target._boto3 is not None
    assert served_by_moto(target.client) and served_by_moto(target._boto3.client)
    assert served_by_moto(make_client(Connection(region="us-east-1"), fresh_session=True))


def test_two_worlds_on_one_endpoint_do_not_collide() -> None:
    """xdist workers (or runs against a long-lived emulator) build their worlds side by side."""
    import boto3
    from moto import mock_aws

    from conformance.targets.world_build import build_world

    with mock_aws():
        def client_for(service: str) -> Any:
            return boto3.client(service, region_name="us-east-1", aws_access_key_id="testing",
                                aws_secret_access_key="testing")

        first, second = build_world("us-east-1", client_for), build_world("us-east-1", client_for)
    foreign = [[g for g in w.security_groups if g.vpc_id != w.vpc_id] for w in (first, second)]
    assert all(len(groups) == 1 for groups in foreign), foreign
    assert foreign[0][0].group_id != foreign[1][0].group_id and first.vpc_id != second.vpc_id


def test_moto_runs_at_one_depth_whatever_the_caller(target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    """CPython 3.11 maps and unmaps a frame chunk on every hot call that sits on a chunk boundary, and where
    the boundaries fall depends on the caller's depth; moto's calls start on a thread of their own."""
    from moto.ec2.models.instances import InstanceBackend

    seen: list[tuple[str, int]] = []
    launch = InstanceBackend.run_instances

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append((threading.current_thread().name, len(traceback.extract_stack())))
        return launch(self, *args, **kwargs)

    monkeypatch.setattr(InstanceBackend, "run_instances", spy)
    case = Case(valid_params(target.world()))

    def nested(depth: int) -> None:
        if depth:
            nested(depth - 1)
        else:
            target.send(case)

    target.send(case)
    nested(40)
    assert len(seen) == 2 and seen[0][0].startswith("moto")
    assert seen[0] == seen[1]


# moto-server: the same moto over HTTP ---------------------------------------------------------------------

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
        Case(one_launch_params(moto_server.world()), wire_edits=(WireEdit("MaxCount", "x"),))
    )
    assert outcome.kind is OutcomeKind.CRASH and outcome.status is not None and outcome.status >= 500

