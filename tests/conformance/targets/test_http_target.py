"""Targets over HTTP (conformance.targets.http_target): `endpoint` against a moto server resets through moto's API;
targets without a reset API delete what each example created, and a subnet that leftovers filled makes the
example undetermined with the reason, never a crash charged to a rule; `ministack`, installed on first use into
its own virtual environment and started on loopback (the first run installs ministack from PyPI, ~10 s; skipped
with the reason only when the install itself is impossible here)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from conformance.findings import Divergence, ExampleVerdict, Undetermined
from conformance.oracle import expect
from conformance.outcome import Outcome, OutcomeKind, Resource
from conformance.targets import Target, TargetError, get_target, spec_of
from conformance.targets.http_target import EndpointTarget, _may_be_exhaustion
from conformance.targets.world_build import OWNER_TAG
from conformance.verdict import judge
from strategies.case import Call, Case
from tests.support.faults import moto_server, proxy_to
from tests.support.targets import check_target_classifies, one_launch_params


def _launch(world: Any, subnet: str) -> Case:
    return Case({"ImageId": world.images[0].image_id, "InstanceType": world.instance_types[0], "MinCount": 1,
                 "MaxCount": 1, "SubnetId": subnet})


def _free(client: Any, subnet: str) -> int:
    return int(client.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["AvailableIpAddressCount"])


def test_reset_deletes_what_examples_left_behind() -> None:
    with moto_server() as upstream, proxy_to(upstream, plain=True) as proxy:
        target = get_target("endpoint", endpoint_url=proxy.url).start()
        try:
            assert not target.forgets_between_examples  # moto's reset API is hidden: cleanup mode
            world, client = target.world(), target.client
            subnet = world.subnets[0].subnet_id
            before = _free(client, subnet)
            launched = target.send(_launch(world, subnet))
            assert launched.kind is OutcomeKind.SUCCESS
            client.create_network_interface(SubnetId=subnet)
            client.create_volume(AvailabilityZone=world.availability_zones[0].name, Size=1)
            assert _free(client, subnet) < before
            target.reset()
            assert _free(client, subnet) == before
            states = [i["State"]["Name"] for i in target.describe_instances(launched.instance_ids)]
            assert set(states) <= {"shutting-down", "terminated"}
        finally:
            target.stop()


def test_an_exhausted_subnet_makes_the_example_undetermined_not_a_crash() -> None:
    full = {"now": False}

    def empty_500_when_full(_n: int) -> tuple[int, str] | None:
        return (500, "") if full["now"] else None  # what LocalStack answers once a subnet has no address left

    with moto_server() as upstream, proxy_to(upstream, fault=empty_500_when_full, plain=True) as proxy:
        target = get_target("endpoint", endpoint_url=proxy.url).start()
        try:
            world, client = target.world(), target.client
            subnet = world.subnets[0].subnet_id
            while _free(client, subnet) > 0:
                client.create_network_interface(SubnetId=subnet)
            assert isinstance(target, EndpointTarget)
            target._effects.forget()  # as earlier examples' leftovers a reset could not delete: there before
            full["now"] = True
            case = _launch(world, subnet)
            outcome = target.send(case)
            assert outcome.kind is OutcomeKind.CRASH
            verdict = judge(case, world, expect(case, world), outcome)
        finally:
            target.stop()
    assert verdict.findings and not verdict.divergences
    for finding in verdict.findings:
        assert finding.status is ExampleVerdict.UNDETERMINED and finding.kind is Undetermined.EXHAUSTED
        assert subnet in " ".join(map(str, finding.problems)) and "0 free addresses" in " ".join(map(str,
                                                                                                   finding.problems))


def _owned(client: Any, owner: str) -> set[str]:
    """The ids of the VPCs tagged as that worker's world."""
    vpcs = client.describe_vpcs(Filters=[{"Name": f"tag:{OWNER_TAG}", "Values": [owner]}])["Vpcs"]
    return {v["VpcId"] for v in vpcs}


@contextmanager
def _two_workers() -> Iterator[tuple[Target, Target]]:
    """Two xdist workers' targets on one moto server (gw0, gw1), stopped at the end."""
    with moto_server() as upstream:
        url = f"http://{upstream}"
        spec_of("endpoint").prepare_shared(endpoint_url=url)
        first = get_target("endpoint", endpoint_url=url, owner="gw0").start()
        second = get_target("endpoint", endpoint_url=url, owner="gw1").start()
        try:
            yield first, second
        finally:
            first.stop()
            second.stop()


def test_workers_sharing_one_server_keep_their_own_worlds_and_clean_up_only_their_own() -> None:
    """Two xdist workers on one server: each world is its own (names carry the worker id, its VPC is tagged
    with it), and a worker's reset deletes what its examples left, never the other world's resources."""
    with _two_workers() as (first, second):
        mine, theirs = first.world(), second.world()
        assert mine.key_names == ("conformance-gw0-key",) and theirs.key_names == ("conformance-gw1-key",)
        assert _owned(first.client, "gw0") == {mine.vpc_id} and _owned(first.client, "gw1") == {theirs.vpc_id}
        assert not first.forgets_between_examples  # a shared server is never reset mid-run
        their_subnet, my_subnet = theirs.subnets[0].subnet_id, mine.subnets[0].subnet_id
        their_launch = second.send(_launch(theirs, their_subnet))
        their_leftover = second.client.create_network_interface(SubnetId=their_subnet)["NetworkInterface"]
        free = _free(first.client, their_subnet)
        my_launch = first.send(_launch(mine, my_subnet))
        assert my_launch.kind is OutcomeKind.SUCCESS and their_launch.kind is OutcomeKind.SUCCESS
        my_before = _free(first.client, my_subnet)
        first.reset()
        assert _free(first.client, my_subnet) == my_before + 1 and _free(first.client, their_subnet) == free
        their_states = [i["State"]["Name"] for i in second.describe_instances(their_launch.instance_ids)]
        assert their_states == ["running"]
        interfaces = first.client.describe_network_interfaces()["NetworkInterfaces"]
        assert their_leftover["NetworkInterfaceId"] in {n["NetworkInterfaceId"] for n in interfaces}
        assert set(theirs.network_interface_ids) <= {n["NetworkInterfaceId"] for n in interfaces}


def test_on_a_shared_server_a_refusal_that_launched_counts_only_what_is_in_its_own_worlds_subnets(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """-n 2 on one server: a worker's emulator launches in that worker's subnet and answers a refusal, while the
    other worker launches in its own. The refusal names its own instance and interface (volumes carry no subnet:
    not counted on a shared server), not the other worker's; its reset cleans the launch up."""
    with _two_workers() as (first, second):
        assert isinstance(first, EndpointTarget)
        mine, theirs = first.world(), second.world()
        case, exchange = _launch(mine, mine.subnets[0].subnet_id), first.exchange

        def launches_then_refuses(sent: Case) -> Outcome:
            assert second.send(_launch(theirs, theirs.subnets[0].subnet_id)).kind is OutcomeKind.SUCCESS
            exchange(sent)
            return Outcome(OutcomeKind.ERROR, status=400, code="NoSuchEntity", message="no such profile")

        monkeypatch.setattr(first, "exchange", launches_then_refuses)
        outcome = first.send(case)
        monkeypatch.undo()
        (instance,) = outcome.appeared.ids(Resource.INSTANCE)
        assert outcome.appeared.kinds == (Resource.INSTANCE, Resource.NETWORK_INTERFACE)
        verdict = judge(case, mine, expect(case, mine), outcome)
        assert {(s.kind, s.observed) for s in verdict.signatures} >= {(Divergence.SIDE_EFFECT, "instance")}
        first.reset()
        assert first.describe_instances([instance])[0]["State"]["Name"] in ("shutting-down", "terminated")
        refused = Case({**case.params, "SubnetId": "subnet-0000000000000000f"})
        assert first.send(refused).kind is OutcomeKind.ERROR and not first.send(refused).appeared


def test_a_crash_after_the_run_took_a_subnets_addresses_is_undetermined() -> None:
    """The subnet still says it has free addresses (as LocalStack's does); the launches the target saw decide."""
    full = {"now": False}

    def empty_500_when_full(_n: int) -> tuple[int, str] | None:
        return (500, "") if full["now"] else None

    with moto_server() as upstream, proxy_to(upstream, fault=empty_500_when_full, plain=True) as proxy:
        target = get_target("endpoint", endpoint_url=proxy.url).start()
        try:
            assert isinstance(target, EndpointTarget)
            world = target.world()
            subnet = world.subnets[0].subnet_id
            launched = target.send(_launch(world, subnet))
            assert launched.kind is OutcomeKind.SUCCESS
            capacity = target._ledger.capacity[subnet]  # a /20 here: the proxy hides moto's reset API
            target._ledger.taken[subnet] = capacity  # as after that many launches
            full["now"] = True
            outcome = target.send(_launch(world, subnet))
        finally:
            target.stop()
    assert outcome.kind is OutcomeKind.CRASH
    assert capacity == 4096 - 5
    assert f"{subnet} ({capacity} of {capacity} addresses taken" in outcome.left_behind.exhausted


def test_a_crash_at_an_address_an_earlier_example_held_is_undetermined_where_addresses_are_kept() -> None:
    """LocalStack answers HTTP 500 "IP already in use" at an address a terminated instance of the run held."""
    held: dict[str, Any] = {"address": "", "answer": IN_USE}

    def crash_at_held_address(_n: int) -> tuple[int, str] | None:
        return held["answer"] if held["address"] else None

    with moto_server() as upstream, proxy_to(upstream, fault=crash_at_held_address, plain=True) as proxy:
        target = get_target("endpoint", endpoint_url=proxy.url).start()
        try:
            assert isinstance(target, EndpointTarget) and target.keeps_addresses
            world = target.world()
            subnet = world.subnets[0].subnet_id
            launched = target.send(_launch(world, subnet))
            assert launched.kind is OutcomeKind.SUCCESS and launched.reservation is not None
            held["address"] = launched.reservation["Instances"][0]["PrivateIpAddress"]
            target.reset()  # terminates it, as between examples
            again = _launch(world, subnet)
            again = Case({**again.params, "PrivateIpAddress": held["address"]})
            outcome = target.send(again)
            elsewhere = target.send(Case({**again.params, "PrivateIpAddress": _other_address(held["address"])}))
            held["answer"] = MISSING  # an answer about another part of the request stays judged
            unrelated = target.send(again)
        finally:
            target.stop()
    assert outcome.kind is OutcomeKind.CRASH
    assert outcome.left_behind.held_addresses == (held["address"],)
    assert [(b.call, b.params.get("PrivateIpAddress")) for b in outcome.left_behind.before] == [
        (Call.RUN, held["address"]), (Call.TERMINATE, None)], outcome.left_behind  # what a reproducer makes first
    verdict = judge(again, world, expect(again, world), outcome)
    assert {f.status for f in verdict.findings} == {ExampleVerdict.UNDETERMINED}
    assert all(f"address {held['address']} was held by an instance an earlier example" in " ".join(f.problems)
               for f in verdict.findings), verdict.findings  # a valid request: the address decided
    several = Case({**again.params, "MinCount": 2, "MaxCount": 2})  # R-NET-8: refused whatever the state
    assert expect(several, world).kind.value == "error"
    crashed = judge(several, world, expect(several, world), outcome)
    assert ExampleVerdict.CRASH in {f.status for f in crashed.findings}  # no state makes an HTTP 500 right
    assert elsewhere.kind is OutcomeKind.CRASH and not elsewhere.left_behind.exhausted  # a crash stays a crash
    assert unrelated.code == "MissingParameter" and not unrelated.left_behind


def _error_body(code: str, message: str) -> str:
    return (f"<?xml version='1.0' encoding='utf-8'?><Response><Errors><Error><Code>{code}</Code><Message>{message}"
            "</Message></Error></Errors><RequestID>r-1</RequestID></Response>")


IN_USE = (500, _error_body("InternalError", "exception while calling ec2.RunInstances: IP already in use"))
MISSING = (400, _error_body("MissingParameter", "The request must contain the parameter CoreCount"))


def _other_address(address: str) -> str:
    head, last = address.rsplit(".", 1)
    return f"{head}.{int(last) + 100}"


# endpoint against a moto server -------------------------------------------------------------------------

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
            launched = target.send(Case(one_launch_params(target.world())))
            target.reset()
            assert target.describe_instances(launched.instance_ids) == []  # moto's own reset forgets them
    finally:
        server.stop()


# ministack ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ministack() -> Iterator[Target]:
    target = get_target("ministack")
    try:
        target.process.install()  # type: ignore[attr-defined]
    except TargetError as exc:
        pytest.skip(f"ministack cannot be installed here: {exc}")
    with target:
        yield target


def test_ministack_sends_and_classifies(ministack: Target) -> None:
    world = ministack.world()
    assert ministack.version.startswith("ministack ")
    params = {
        "ImageId": world.images[0].image_id,
        "MinCount": 1,
        "MaxCount": 1,
        "InstanceType": world.instance_types[0],
        "SubnetId": world.subnets[0].subnet_id,
    }
    ok = ministack.send(Case(params))
    assert ok.kind is OutcomeKind.SUCCESS and len(ok.instance_ids) == 1
    assert [i["InstanceId"] for i in ministack.describe_instances(ok.instance_ids)] == ok.instance_ids
    bad = ministack.send(Case({**params, "MinCount": 3, "MaxCount": 2}))
    assert bad.kind in (OutcomeKind.ERROR, OutcomeKind.SUCCESS)  # classified either way, never raised


def test_ministack_ignores_dry_run(ministack: Target) -> None:
    world = ministack.world()
    outcome = ministack.send(
        Case({"ImageId": world.images[0].image_id, "MinCount": 1, "MaxCount": 1, "DryRun": True})
    )
    assert outcome.kind is OutcomeKind.SUCCESS  # the divergence this suite exists to show (EC2: 412)


def test_ministack_reset_keeps_the_world_and_ends_instances(ministack: Target) -> None:
    world = ministack.world()
    ids = ministack.send(
        Case({"ImageId": world.images[0].image_id, "MinCount": 1, "MaxCount": 1})
    ).instance_ids
    ministack.reset()
    assert ministack.world() == world
    states = {i["State"]["Name"] for i in ministack.describe_instances(ids)}
    assert states <= {"shutting-down", "terminated"}
    subnets = ministack.client.describe_subnets(SubnetIds=[s.subnet_id for s in world.subnets])["Subnets"]
    assert len(subnets) == len(world.subnets)



def test_only_an_answer_exhaustion_could_explain_asks_the_subnets() -> None:
    """A crash, or a code or message about addresses or capacity, could come from a subnet out of addresses;
    a refusal that names another part of the request could not (no DescribeSubnets after it)."""
    assert _may_be_exhaustion(Outcome(OutcomeKind.CRASH, status=500))
    assert _may_be_exhaustion(Outcome(OutcomeKind.ERROR, 400, "InsufficientFreeAddressesInSubnet", "no"))
    assert _may_be_exhaustion(Outcome(OutcomeKind.ERROR, 400, "InvalidIPAddress.InUse", "Address is in use"))
    assert not _may_be_exhaustion(Outcome(OutcomeKind.ERROR, 400, "InvalidParameterValue", "bad tag"))
