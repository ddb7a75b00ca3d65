"""conformance.targets.emulator: what emulator targets share. Leftovers deletes what examples made since the world
was built and never the world's own (only this world's, on a shared server); a refusal is left behind quietly.
MotoApiReset resets and seeds a moto server and checks the world came back with the same ids."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from conformance.outcome import Resource
from conformance.targets import TargetError
from conformance.targets.emulator import Leftovers, MotoApiReset, terminate_live_instances
from conformance.targets.inventory import LIVE_STATES
from strategies.world import World, example_world
from tests.support.targets import Recorded, Reply, serve


def _refusal(operation: str) -> ClientError:
    return ClientError({"Error": {"Code": "InvalidParameterValue", "Message": "no"}}, operation)


class _Ec2:
    """An emulator's EC2 as lists of network interfaces, volumes and addresses, and instances."""

    def __init__(self) -> None:
        self.interfaces: dict[str, str] = {"eni-world": "subnet-mine"}  # id -> subnet
        self.volumes = {"vol-world"}
        self.addresses = {"eipalloc-world"}
        self.instances: dict[str, dict[str, Any]] = {}
        self.refuse: set[str] = set()  # ids whose deletion or termination is refused
        self.no_addresses = False
        self.calls: list[str] = []

    def describe_network_interfaces(self, Filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        subnets = set(Filters[0]["Values"]) if Filters else None
        return {"NetworkInterfaces": [{"NetworkInterfaceId": i} for i, s in self.interfaces.items()
                                      if subnets is None or s in subnets]}

    def describe_volumes(self) -> dict[str, Any]:
        return {"Volumes": [{"VolumeId": v} for v in self.volumes]}

    def describe_addresses(self, Filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        if self.no_addresses:
            raise _refusal("DescribeAddresses")
        held = {a for i in self.instances.values() for a in i.get("addresses", ())}
        wanted = held if Filters else self.addresses
        return {"Addresses": [{"AllocationId": a} for a in sorted(wanted)] + [{"PublicIp": "1.2.3.4"}]}

    def describe_instances(self, **kwargs: Any) -> dict[str, Any]:
        if "InstanceIds" in kwargs:
            ids = kwargs["InstanceIds"]
        elif kwargs.get("Filters", [{}])[0].get("Name") == "subnet-id":  # the inventory on a shared server
            subnets = set(kwargs["Filters"][0]["Values"])
            ids = [i for i, v in self.instances.items() if self.interfaces.get(v["enis"][0]) in subnets]
        elif kwargs:
            assert kwargs["Filters"] == [{"Name": "instance-state-name", "Values": LIVE_STATES}]
            ids = [i for i, v in self.instances.items() if v["state"] != "terminated"]
        else:  # the inventory: every instance, terminated ones too
            ids = list(self.instances)
        return {"Reservations": [{"Instances": [{
            "InstanceId": i, "NetworkInterfaces": [{"NetworkInterfaceId": n} for n in self.instances[i]["enis"]],
            "BlockDeviceMappings": [{"Ebs": {"VolumeId": v}} for v in self.instances[i]["volumes"]]}]}
            for i in ids]}

    def terminate_instances(self, InstanceIds: list[str]) -> None:
        self.calls.append(f"terminate {','.join(InstanceIds)}")
        if self.refuse & set(InstanceIds):
            raise _refusal("TerminateInstances")
        for instance in InstanceIds:
            self.instances[instance]["state"] = "terminated"

    def _delete(self, kind: str, item: str, pool: set[str] | dict[str, str]) -> None:
        self.calls.append(f"delete {kind} {item}")
        if item in self.refuse:
            raise _refusal(kind)
        if isinstance(pool, dict):
            del pool[item]
        else:
            pool.discard(item)

    def delete_network_interface(self, NetworkInterfaceId: str) -> None:
        self._delete("interface", NetworkInterfaceId, self.interfaces)

    def delete_volume(self, VolumeId: str) -> None:
        self._delete("volume", VolumeId, self.volumes)

    def release_address(self, AllocationId: str) -> None:
        self._delete("address", AllocationId, self.addresses)

    def launch(self, instance: str, eni: str, volume: str, subnet: str = "subnet-mine",
               address: str | None = None) -> None:
        self.instances[instance] = {"state": "running", "enis": [eni], "volumes": [volume],
                                    "addresses": [address] if address else []}
        self.interfaces[eni] = subnet
        self.volumes.add(volume)
        if address:
            self.addresses.add(address)


def test_clean_deletes_what_examples_made_and_keeps_the_worlds_own() -> None:
    ec2 = _Ec2()
    leftovers = Leftovers(ec2)
    ec2.launch("i-1", "eni-1", "vol-1", address="eipalloc-1")
    leftovers.launched.add("i-1")
    assert leftovers.clean() == 1 + 3  # the instance, then its interface, volume and address
    assert ec2.instances["i-1"]["state"] == "terminated" and not leftovers.launched
    assert ec2.interfaces == {"eni-world": "subnet-mine"} and ec2.volumes == {"vol-world"}
    assert ec2.addresses == {"eipalloc-world"}
    assert leftovers.clean() == 0  # nothing new: nothing deleted, nothing terminated
    assert ec2.calls[0] == "terminate i-1" and ec2.calls.count("terminate i-1") == 1


def test_a_refused_deletion_is_left_behind_and_one_bad_id_does_not_stop_the_others() -> None:
    ec2 = _Ec2()
    leftovers = Leftovers(ec2)
    ec2.launch("i-1", "eni-1", "vol-1")
    ec2.launch("i-2", "eni-2", "vol-2")
    ec2.refuse = {"i-2", "vol-1"}
    leftovers.launched |= {"i-1", "i-2"}
    assert leftovers.clean() == 1 + 3  # i-1 alone, then eni-1, eni-2, vol-2 (vol-1 refused)
    assert ec2.calls[:3] == ["terminate i-1,i-2", "terminate i-1", "terminate i-2"]
    assert ec2.volumes == {"vol-world", "vol-1"}


def test_a_target_without_a_listing_has_none_of_that_kind_to_leave() -> None:
    ec2 = _Ec2()
    ec2.no_addresses = True
    leftovers = Leftovers(ec2)
    assert Resource.ADDRESS not in leftovers.kept  # not listed: none of its own to keep
    ec2.launch("i-1", "eni-1", "vol-1")
    leftovers.launched.add("i-1")
    assert leftovers.clean() == 3


def test_on_a_shared_server_only_this_worlds_leftovers_go() -> None:
    ec2 = _Ec2()
    ec2.launch("i-theirs", "eni-theirs", "vol-theirs", subnet="subnet-theirs")
    ec2.volumes.add("vol-loose")  # made by another world: not this world's to delete
    leftovers = Leftovers(ec2, subnets=["subnet-mine"])
    # in this world's subnets only: not their instance, no volumes or addresses (they carry no subnet)
    assert leftovers.kept == {Resource.INSTANCE: set(), Resource.NETWORK_INTERFACE: {"eni-world"}}
    ec2.launch("i-1", "eni-1", "vol-1", address="eipalloc-1")
    ec2.interfaces["eni-stray"] = "subnet-mine"  # appeared in this world's subnet
    leftovers.launched.add("i-1")
    assert leftovers.clean() == 1 + 4
    assert set(ec2.interfaces) == {"eni-world", "eni-theirs"}
    assert ec2.volumes == {"vol-world", "vol-theirs", "vol-loose"} and ec2.addresses == {"eipalloc-world"}
    assert ec2.instances["i-theirs"]["state"] == "running"


def test_terminate_live_instances_terminates_what_is_not_terminated_yet() -> None:
    ec2 = _Ec2()
    assert terminate_live_instances(ec2) == [] and ec2.calls == []
    ec2.launch("i-1", "eni-1", "vol-1")
    ec2.launch("i-2", "eni-2", "vol-2")
    ec2.instances["i-2"]["state"] = "terminated"
    assert terminate_live_instances(ec2) == ["i-1"] and ec2.calls == ["terminate i-1"]


class _Rebuild:
    """World builds that give the worlds listed, one per call (then the last again)."""

    def __init__(self, *worlds: World) -> None:
        self.worlds = list(worlds)
        self.calls = 0

    def __call__(self) -> World:
        self.calls += 1
        return self.worlds[min(self.calls, len(self.worlds)) - 1]


def _moto_api(status: int = 200) -> Any:
    def answer(record: Recorded) -> Reply:
        return (status if record.path.startswith("/moto-api/reset") else 200), "{}"

    return serve(answer)


WORLD = example_world()
OTHER = example_world(region="eu-west-1")


def test_the_first_world_is_built_after_two_resets_and_seeds() -> None:
    with _moto_api() as server:
        rebuild = _Rebuild(OTHER, WORLD)
        assert MotoApiReset(server.url, rebuild).first() == WORLD
        assert [r.path for r in server.requests] == ["/moto-api/reset", "/moto-api/seed?a=20240101"] * 2
        assert rebuild.calls == 2


def test_a_reset_that_brings_the_same_world_back_is_one_build() -> None:
    with _moto_api() as server:
        rebuild = _Rebuild(WORLD)
        MotoApiReset(server.url, rebuild)(WORLD)
        assert rebuild.calls == 1 and len(server.requests) == 2


def test_other_ids_after_a_reset_are_tried_once_more_then_refused() -> None:
    with _moto_api() as server:
        recovered = _Rebuild(OTHER, OTHER, WORLD)
        MotoApiReset(server.url, recovered)(WORLD)
        assert recovered.calls == 3
        never = _Rebuild(OTHER)
        with pytest.raises(TargetError, match="the world came back with other ids after reset"):
            MotoApiReset(server.url, never)(WORLD)


def test_a_failed_reset_names_both_answers() -> None:
    with _moto_api(status=500) as server, pytest.raises(TargetError) as raised:
        MotoApiReset(server.url, _Rebuild(WORLD)).reset_and_seed()
    assert str(raised.value) == f"moto server at {server.url}: reset answered 500, seed answered 200"


def _listings(ec2: _Ec2) -> list[str]:
    """The Describe calls made on `ec2` from now on."""
    made: list[str] = []

    def counting(name: str) -> Any:
        call = getattr(ec2, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            made.append(name)
            return call(*args, **kwargs)
        return counted

    for name in ("describe_instances", "describe_network_interfaces", "describe_volumes", "describe_addresses"):
        setattr(ec2, name, counting(name))
    return made


def test_the_side_effect_listing_spares_the_cleanups_own_when_nothing_appeared() -> None:
    ec2 = _Ec2()
    leftovers = Leftovers(ec2)
    made = _listings(ec2)
    known: dict[Resource, set[str]] = {kind: set(ids) for kind, ids in leftovers.kept.items()
                                       if kind is not Resource.ADDRESS}
    assert leftovers.clean(known) == 0 and made == []  # what the refusal's listing saw: the world's own
    ec2.interfaces["eni-stray"] = "subnet-mine"  # a refusal left an interface: the cleanup lists and deletes
    assert leftovers.clean({**known, Resource.NETWORK_INTERFACE: {"eni-world", "eni-stray"}}) == 1
    assert set(ec2.interfaces) == {"eni-world"} and "describe_network_interfaces" in made


def test_addresses_are_listed_only_after_a_launch() -> None:
    ec2 = _Ec2()
    leftovers = Leftovers(ec2)
    made = _listings(ec2)
    assert leftovers.clean() == 0 and "describe_addresses" not in made and made
    assert leftovers.now[Resource.ADDRESS] == {"eipalloc-world"}  # what the last listing saw, kept
    ec2.launch("i-1", "eni-1", "vol-1", address="eipalloc-1")
    leftovers.launched.add("i-1")
    assert leftovers.clean() == 1 + 3 and "describe_addresses" in made
