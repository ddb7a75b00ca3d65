"""What exists on an emulator, by kind (instances, network interfaces, volumes, addresses): the one listing that
both the cleanup between examples (`conformance.targets.emulator.Leftovers`) and the side-effect check
(`SideEffects`: a refused or crashed request must leave nothing behind) read.

Marks: on a target one world has to itself, everything counts. On a server other worlds share (xdist workers on one
endpoint), only what is in this world's subnets counts: instances and network interfaces. Volumes and addresses
carry no subnet, so they are not listed there, and neither is a launch into another subnet or a default VPC.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from botocore.exceptions import ClientError
from botocore.parsers import ResponseParserError

from conformance.outcome import SIDE_EFFECT_KINDS, Appeared, Outcome, OutcomeKind, Resource

log = logging.getLogger(__name__)

Inventory = dict[Resource, set[str]]  # the kinds listed; a kind the target could not list is absent
# the states of an instance that is not terminated (a refusal's launch among them): the only ones listed
LIVE_STATES = ["pending", "running", "stopping", "stopped", "shutting-down"]

# per kind: the Describe call, the answer's list, the id's key, and whether it filters by subnet
_LISTINGS: dict[Resource, tuple[str, str, str, bool]] = {
    Resource.INSTANCE: ("describe_instances", "Reservations", "InstanceId", True),
    Resource.NETWORK_INTERFACE: ("describe_network_interfaces", "NetworkInterfaces", "NetworkInterfaceId", True),
    Resource.VOLUME: ("describe_volumes", "Volumes", "VolumeId", False),
    Resource.ADDRESS: ("describe_addresses", "Addresses", "AllocationId", False),
}


def inventory(client: Any, kinds: Iterable[Resource], subnets: Iterable[str] = ()) -> Inventory:
    """The ids of these kinds that exist now; with `subnets` (a server other worlds share) only the instances and
    network interfaces in those subnets. A kind the emulator cannot list (or, shared, that has no subnet) is absent."""
    within = list(subnets)
    found: Inventory = {}
    for kind in kinds:
        call, key, id_key, by_subnet = _LISTINGS[kind]
        if within and not by_subnet:
            continue
        filters = [{"Name": "subnet-id", "Values": within}] if within else []
        if kind is Resource.INSTANCE:  # a launch is live: never list the terminated ones emulators keep (thousands)
            filters.append({"Name": "instance-state-name", "Values": LIVE_STATES})
        arguments = {"Filters": filters} if filters else {}
        try:
            items = getattr(client, call)(**arguments).get(key, [])
        except (ClientError, ResponseParserError) as exc:  # no such call, or it crashed (moto 5.2.6 on an
            log.debug("inventory: %s not listed: %s", kind.value, exc)  # instance a crashed launch left half-made)
            continue
        if kind is Resource.INSTANCE:
            items = [i for reservation in items for i in reservation.get("Instances", [])]
        found[kind] = {str(item[id_key]) for item in items if id_key in item}
    return found


def added(before: Mapping[Resource, set[str]], now: Mapping[Resource, set[str]]) -> Appeared:
    """What `now` holds that `before` did not, for the kinds both listed."""
    return Appeared.of({kind: ids - before[kind] for kind, ids in now.items() if kind in before})


class SideEffects:
    """An error launches nothing: after a refusal or crash, what appeared since the request was sent (instances,
    network interfaces, volumes) goes into its `Outcome.appeared`, for the verdict to judge.

    `before` is what was there when the request went out: what a reset restores (`restored`), what the cleanup
    left (`settle`), or, after a launch changed the target without a reset since (a state machine's steps), a
    listing taken right before the next request. A refusal costs one listing per kind afterwards; a launch
    none; a probe's request none (`paused`). Best effort: a listing that fails leaves the answer as it was (a
    target that stops answering is noticed by the runner, from the answers themselves). `subnets`: see the
    module docstring."""

    def __init__(self, client: Any, subnets: Iterable[str] = ()) -> None:
        self.client = client
        self.subnets = list(subnets)
        self.before: Inventory | None = None
        self._clean: Inventory | None = None
        self._paused = False

    def take(self) -> Inventory | None:
        try:
            return inventory(self.client, SIDE_EFFECT_KINDS, self.subnets)
        except Exception as exc:  # the check is best effort: the answer still counts
            log.debug("side effects: listing failed: %s", exc)
            return None

    def remember_clean(self) -> None:
        """The state every reset restores (a snapshot target): listed once, now."""
        self._clean = self.take()
        self.before = self._clean

    def restored(self) -> None:
        """The target is back at the remembered state."""
        self.before = self._clean

    def settle(self, found: Mapping[Resource, set[str]]) -> None:
        """What is there now, as another listing saw it (the cleanup's)."""
        self.before = {kind: set(found[kind]) for kind in SIDE_EFFECT_KINDS if kind in found}

    def forget(self) -> None:
        """Something changed the target: list it again before the next request."""
        self.before = None

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Requests whose answers are not judged for side effects (the probes' follow-ups): nothing is listed, and
        what they did is listed again before the next request that is judged, unless a reset comes first."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False

    def ready(self) -> None:
        if self.before is None and not self._paused:
            self.before = self.take()

    def after(self, outcome: Outcome) -> Outcome:
        """The answer, with what a refusal or crash created (a launch makes `before` stale instead)."""
        if outcome.kind is OutcomeKind.SUCCESS or self._paused:
            self.forget()
            return outcome
        if outcome.kind is OutcomeKind.REJECTED or outcome.unreachable:
            return outcome  # never reached the target
        before, now = self.before, self.take()
        self.before = now
        appeared = added(before, now) if before is not None and now is not None else Appeared()
        return replace(outcome, appeared=appeared) if appeared else outcome
