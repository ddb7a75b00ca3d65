"""Targets without a reset API: what each example created is deleted, and a subnet that leftovers filled makes
the example undetermined with the reason, never a crash charged to a rule."""

from __future__ import annotations

from typing import Any

from faults_support import moto_server, proxy_to

from conformance.findings import Status, Undetermined
from conformance.oracle import expect
from conformance.outcome import OutcomeKind
from conformance.targets import get_target
from conformance.verdict import judge
from strategies.case import Case


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
        assert finding.status is Status.UNDETERMINED and finding.kind is Undetermined.EXHAUSTED
        assert subnet in " ".join(map(str, finding.problems)) and "0 free addresses" in " ".join(map(str,
                                                                                                   finding.problems))
