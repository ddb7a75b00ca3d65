"""Targets without a reset API: what each example created is deleted, and a subnet that leftovers filled makes
the example undetermined with the reason, never a crash charged to a rule."""

from __future__ import annotations

from typing import Any

from conformance.findings import ExampleVerdict, Undetermined
from conformance.oracle import expect
from conformance.outcome import OutcomeKind
from conformance.targets import get_target, spec_of
from conformance.targets.addresses import AddressLedger
from conformance.targets.http_target import EndpointTarget
from conformance.targets.world_build import OWNER_TAG
from conformance.verdict import judge
from strategies.case import Call, Case
from strategies.world import Subnet
from tests.support.faults import moto_server, proxy_to


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


def test_workers_sharing_one_server_keep_their_own_worlds_and_clean_up_only_their_own() -> None:
    """Two xdist workers on one server: each world is its own (names carry the worker id, its VPC is tagged
    with it), and a worker's reset deletes what its examples left, never the other world's resources."""
    with moto_server() as upstream:
        url = f"http://{upstream}"
        spec_of("endpoint").prepare_shared(endpoint_url=url)
        first = get_target("endpoint", endpoint_url=url, owner="gw0").start()
        second = get_target("endpoint", endpoint_url=url, owner="gw1").start()
        try:
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
        finally:
            first.stop()
            second.stop()


def test_a_target_that_never_frees_addresses_is_exhausted_by_what_the_run_launched() -> None:
    """LocalStack's subnets report every address free while its launches fail: the run's own count decides."""
    subnet = Subnet("subnet-1", "vpc-1", "us-east-1a", "10.0.0.0/28")  # 16 addresses, 11 usable
    ledger = AddressLedger([subnet, Subnet("subnet-2", "vpc-1", "us-east-1a", "10.0.1.0/24")])
    one = {"Instances": [{"SubnetId": "subnet-1", "NetworkInterfaces": [{"SubnetId": "subnet-1"}]}]}
    for _ in range(10):
        ledger.record(one)
    assert ledger.worn() == []
    ledger.record({"Instances": [{"SubnetId": "subnet-1"}]})  # no interfaces listed: the instance's subnet
    assert ledger.worn() == ["subnet-1 (11 of 11 addresses taken by this run's launches)"]
    prefixed = {"Instances": [{"NetworkInterfaces": [{"SubnetId": "subnet-2", "Ipv4Prefixes": [{}] * 15}]}]}
    ledger.record(prefixed)
    assert ledger.taken["subnet-2"] == 1 + 15 * 16 and ledger.worn() == [ledger.worn()[0]]


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


def test_the_ledger_knows_which_named_addresses_earlier_launches_held() -> None:
    ledger = AddressLedger([Subnet("subnet-1", "vpc-1", "us-east-1a", "10.0.0.0/24")])
    ledger.record({"Instances": [{"SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.4", "NetworkInterfaces": [
        {"SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.4",
         "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.4"}, {"PrivateIpAddress": "10.0.0.9"}]}]}]})
    assert ledger.held_before({"PrivateIpAddress": "10.0.0.4"}) == ["10.0.0.4"]
    assert ledger.held_before({"NetworkInterfaces": [{"PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.9"}]},
                                                     {"PrivateIpAddress": "10.0.0.5"}]}) == ["10.0.0.9"]
    assert ledger.held_before({"PrivateIpAddress": "10.0.0.5"}) == []


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
