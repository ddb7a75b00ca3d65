"""conformance.targets.inventory: the one listing of what exists on an emulator, and the side-effect check built on
it (a refusal or crash that launched or created something says what, a plain refusal nothing; on a server other
worlds share, only what is in this world's subnets counts)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError
from botocore.parsers import ResponseParserError

from conformance.outcome import Appeared, Fault, Outcome, OutcomeKind, Resource
from conformance.targets.inventory import LIVE_STATES, SideEffects, added, inventory

REFUSED = Outcome(OutcomeKind.ERROR, status=400, code="InvalidParameterValue", message="no")
LAUNCHED = Outcome(OutcomeKind.SUCCESS, status=200, reservation={"Instances": [{"InstanceId": "i-ok"}]})


class _Ec2:
    """Instances (id -> subnet), network interfaces (id -> subnet) and volumes, as an emulator lists them."""

    def __init__(self) -> None:
        self.instances = {"i-world": "subnet-mine"}
        self.interfaces = {"eni-world": "subnet-mine"}
        self.volumes = {"vol-world"}
        self.calls: list[str] = []
        self.broken: set[str] = set()  # calls that fail
        self.crashing: set[str] = set()  # calls the emulator answers with a non-XML 500

    def _call(self, name: str, filters: list[dict[str, Any]] | None) -> set[str] | None:
        self.calls.append(name)
        if name in self.broken:
            raise ClientError({"Error": {"Code": "InternalError", "Message": "boom"}}, name)
        if name in self.crashing:  # moto 5.2.6 describing an instance a crashed launch left half-made: HTML 500
            raise ResponseParserError("Unable to parse response (syntax error: line 1, column 0)")
        subnets = [f["Values"] for f in filters or [] if f["Name"] == "subnet-id"]
        return set(subnets[0]) if subnets else None

    def describe_instances(self, Filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        # every instance here is live; the terminated ones an emulator keeps listing are never asked for
        assert {"Name": "instance-state-name", "Values": LIVE_STATES} in (Filters or []), Filters
        within = self._call("describe_instances", Filters)
        ids = [i for i, s in self.instances.items() if within is None or s in within]
        return {"Reservations": [{"Instances": [{"InstanceId": i}]} for i in ids]}

    def describe_network_interfaces(self, Filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        within = self._call("describe_network_interfaces", Filters)
        return {"NetworkInterfaces": [{"NetworkInterfaceId": i} for i, s in self.interfaces.items()
                                      if within is None or s in within]}

    def describe_volumes(self, Filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        self._call("describe_volumes", Filters)
        return {"Volumes": [{"VolumeId": v} for v in self.volumes]}

    def describe_addresses(self, Filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        self._call("describe_addresses", Filters)
        return {"Addresses": [{"AllocationId": "eipalloc-1"}, {"PublicIp": "1.2.3.4"}]}

    def launch(self, instance: str, subnet: str = "subnet-mine") -> None:
        """An instance with its network interface and root volume."""
        self.instances[instance] = subnet
        self.interfaces[f"eni-{instance}"] = subnet
        self.volumes.add(f"vol-{instance}")


def test_inventory_lists_every_kind_and_only_this_worlds_subnets_on_a_shared_server() -> None:
    ec2 = _Ec2()
    ec2.launch("i-theirs", subnet="subnet-theirs")
    assert inventory(ec2, Resource) == {
        Resource.INSTANCE: {"i-world", "i-theirs"}, Resource.NETWORK_INTERFACE: {"eni-world", "eni-i-theirs"},
        Resource.VOLUME: {"vol-world", "vol-i-theirs"}, Resource.ADDRESS: {"eipalloc-1"}}
    shared = inventory(ec2, Resource, ["subnet-mine"])  # volumes and addresses carry no subnet: not listed
    assert shared == {Resource.INSTANCE: {"i-world"}, Resource.NETWORK_INTERFACE: {"eni-world"}}


def test_a_kind_the_emulator_cannot_list_is_absent_not_empty() -> None:
    ec2 = _Ec2()
    ec2.broken = {"describe_volumes"}
    found = inventory(ec2, (Resource.INSTANCE, Resource.VOLUME))
    assert found == {Resource.INSTANCE: {"i-world"}}
    ec2.crashing = {"describe_instances"}
    assert inventory(ec2, (Resource.INSTANCE, Resource.NETWORK_INTERFACE)) == {
        Resource.NETWORK_INTERFACE: {"eni-world"}}


def test_added_counts_only_kinds_listed_before_and_now() -> None:
    before = {Resource.INSTANCE: {"i-1"}, Resource.VOLUME: {"vol-1"}}
    now = {Resource.INSTANCE: {"i-1", "i-2"}, Resource.NETWORK_INTERFACE: {"eni-9"}, Resource.VOLUME: {"vol-1"}}
    assert added(before, now) == Appeared(((Resource.INSTANCE, "i-2"),))


def _ready(ec2: _Ec2, subnets: tuple[str, ...] = ()) -> SideEffects:
    effects = SideEffects(ec2, subnets)
    effects.remember_clean()
    return effects


def test_a_refusal_that_launched_says_what_appeared() -> None:
    ec2 = _Ec2()
    effects = _ready(ec2)
    effects.ready()
    ec2.launch("i-new")
    outcome = effects.after(REFUSED)
    assert outcome.appeared.resources == (
        (Resource.INSTANCE, "i-new"), (Resource.NETWORK_INTERFACE, "eni-i-new"), (Resource.VOLUME, "vol-i-new"))
    assert outcome.appeared.main is Resource.INSTANCE and outcome.code == REFUSED.code
    assert not effects.after(REFUSED).appeared  # counted once: the next refusal starts from there
    effects.restored()
    assert effects.before == {Resource.INSTANCE: {"i-world"}, Resource.NETWORK_INTERFACE: {"eni-world"},
                              Resource.VOLUME: {"vol-world"}}


def test_a_plain_refusal_leaves_the_answer_as_it_was() -> None:
    effects = _ready(_Ec2())
    effects.ready()
    assert effects.after(REFUSED) == REFUSED


def test_a_crash_that_left_an_interface_names_it() -> None:
    ec2 = _Ec2()
    effects = _ready(ec2)
    ec2.interfaces["eni-half"] = "subnet-mine"  # a launch that failed halfway
    crash = Outcome(OutcomeKind.CRASH, status=500, fault=Fault.SERVER_ERROR)
    assert effects.after(crash).appeared == Appeared(((Resource.NETWORK_INTERFACE, "eni-half"),))


def test_a_launch_costs_no_listing_and_the_next_request_lists_first() -> None:
    """After a launch (a state machine's step, no reset between), what it made is there before the next one."""
    ec2 = _Ec2()
    effects = _ready(ec2)
    ec2.calls.clear()
    ec2.launch("i-ok")
    assert effects.after(LAUNCHED) == LAUNCHED and ec2.calls == []
    effects.ready()
    assert ec2.calls == ["describe_instances", "describe_network_interfaces", "describe_volumes"]
    assert not effects.after(REFUSED).appeared


def test_what_never_reached_the_target_is_not_listed() -> None:
    ec2 = _Ec2()
    effects = _ready(ec2)
    ec2.calls.clear()
    rejected = Outcome(OutcomeKind.REJECTED, fault=Fault.CLIENT_VALIDATION)
    unreachable = Outcome(OutcomeKind.CRASH, fault=Fault.UNREACHABLE)
    assert effects.after(rejected) == rejected and effects.after(unreachable) == unreachable
    assert ec2.calls == []


def test_a_listing_that_fails_judges_nothing() -> None:
    ec2 = _Ec2()
    ec2.broken = {"describe_instances"}
    effects = _ready(ec2)  # instances not listed before: an instance after proves nothing
    ec2.broken = set()
    ec2.launch("i-new")
    assert effects.after(REFUSED).appeared == Appeared(
        ((Resource.NETWORK_INTERFACE, "eni-i-new"), (Resource.VOLUME, "vol-i-new")))


def test_on_a_shared_server_only_this_worlds_subnets_count() -> None:
    """Another worker's launch meanwhile, in its own subnet, is not this example's side effect."""
    ec2 = _Ec2()
    effects = _ready(ec2, ("subnet-mine",))
    ec2.launch("i-theirs", subnet="subnet-theirs")
    assert not effects.after(REFUSED).appeared
    ec2.launch("i-mine")
    assert effects.after(REFUSED).appeared == Appeared(
        ((Resource.INSTANCE, "i-mine"), (Resource.NETWORK_INTERFACE, "eni-i-mine")))
    effects.settle({Resource.INSTANCE: {"i-mine"}, Resource.ADDRESS: {"eipalloc-1"}})  # a cleanup's listing
    assert effects.before == {Resource.INSTANCE: {"i-mine"}}


def test_a_probes_requests_list_nothing_and_the_next_judged_request_lists_first() -> None:
    """A probe's answer only locates a refusal: no listing after it; what it launched is there before the next
    judged request (listed first, unless a reset comes between)."""
    ec2 = _Ec2()
    effects = _ready(ec2)
    ec2.calls.clear()
    with effects.paused():
        effects.ready()
        ec2.launch("i-probe")
        assert effects.after(REFUSED) == REFUSED and ec2.calls == []
    effects.ready()
    assert len(ec2.calls) == 3
    ec2.launch("i-mine")
    assert effects.after(REFUSED).appeared.ids(Resource.INSTANCE) == ("i-mine",)
