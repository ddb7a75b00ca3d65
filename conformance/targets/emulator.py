"""What every emulator target shares: dummy credentials, both transports, a created world, reset modes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from conformance.outcome import Outcome, Resource
from conformance.targets.base import Target
from conformance.targets.errors import TargetError
from conformance.targets.inventory import LIVE_STATES, Inventory, SideEffects, inventory
from conformance.targets.net import request
from conformance.targets.transport import (
    Boto3Transport,
    Connection,
    QueryTransport,
    Sender,
    emulator_session,
    http_sender,
    make_client,
)
from conformance.targets.world_build import build_world
from strategies.case import Case
from strategies.world import World

log = logging.getLogger(__name__)

MOTO_SEED = 20240101


class EmulatorTarget(Target):
    """A target whose world the suite creates, with botocore retries off and dummy credentials."""

    endpoint_url: str | None = None
    owner: str = ""  # the xdist worker whose world this is, when several share one server ("" otherwise)
    _effects: SideEffects

    def _open_transports(self, sender: Sender | None = None) -> Connection:
        connection = self._connection(self.endpoint_url)
        fresh = self.endpoint_url is None  # moto in-process: clients must carry moto's hook
        self._clients: dict[str, Any] = {}
        self._client = make_client(connection, validate=True, fresh_session=fresh)
        self._boto3 = Boto3Transport(
            make_client(connection, validate=False, fresh_session=fresh),
            client_validation=self.client_validation,
        )
        self._query = QueryTransport(connection, sender or http_sender(connection))
        self._effects = SideEffects(self._client)
        return connection

    def send(self, case: Case) -> Outcome:
        """The answer; after a refusal or crash, what it created anyway (`Outcome.appeared`: SideEffects)."""
        self._require_started()
        self._effects.ready()
        return self._effects.after(self.exchange(case))

    def probe(self, case: Case) -> Outcome:
        """As `send`, without listing what a refusal left: a probe's answer only locates a refusal."""
        with self._effects.paused():
            return self.send(case)

    def exchange(self, case: Case) -> Outcome:
        """The request and its classified answer, nothing else (what a faulty-emulator test replaces)."""
        return super().send(case)

    def _client_for(self, service: str) -> Any:
        if service == "ec2":
            return self._client
        if service not in self._clients:
            self._clients[service] = make_client_for(service, self._connection(self.endpoint_url))
        return self._clients[service]

    def _build_world(self) -> World:
        return build_world(self.region, self._client_for, self.owner, roomy=self.keeps_addresses)

    @property
    def keeps_addresses(self) -> bool:
        """The target is never reset: what its examples launch stays (and may keep its addresses)."""
        return False

    def _close_transports(self) -> None:
        self._client = self._boto3 = self._query = None


def make_client_for(service: str, connection: Connection) -> Any:
    """A client for another service (KMS, IAM) at the same endpoint, for building the world."""
    from botocore.config import Config

    creds = connection.credentials
    assert creds is not None
    config = Config(retries={"total_max_attempts": 1}, ignore_configured_endpoint_urls=True)
    return emulator_session(
        aws_access_key_id=creds.access_key,
        aws_secret_access_key=creds.secret_key,
        region_name=connection.region,
    ).client(service, endpoint_url=connection.endpoint_url, config=config)


class MotoApiReset:
    """Reset a moto server over HTTP: reset, seed, re-create the world, and check the ids came back."""

    def __init__(self, base_url: str, rebuild: Any) -> None:
        self.base_url = base_url
        self.rebuild = rebuild

    def first(self) -> World:
        # On a moto server whose process already holds backends from earlier use, the first reset and
        # seed do not yet give the world that every later reset gives (seen: another default VPC id, so
        # the run stopped at its first example). After one world build, a reset starts where all later
        # resets start.
        self.reset_and_seed()
        self.rebuild()
        self.reset_and_seed()
        world: World = self.rebuild()
        return world

    def __call__(self, expected: World) -> None:
        self.reset_and_seed()
        world = self.rebuild()
        if world != expected:  # backends made lazily since the last reset consumed seeded ids: once more
            world = self.first()
        if world != expected:
            raise TargetError(
                f"moto server at {self.base_url}: the world came back with other ids after reset"
            )

    def reset_and_seed(self) -> None:
        """moto's own reset, then its id seed: the ids every world built next starts from."""
        status, _ = request("POST", f"{self.base_url}/moto-api/reset")
        seeded, _ = request("POST", f"{self.base_url}/moto-api/seed?a={MOTO_SEED}")
        if status != 200 or seeded != 200:
            raise TargetError(
                f"moto server at {self.base_url}: reset answered {status}, seed answered {seeded}"
            )


def terminate_live_instances(client: Any) -> list[str]:
    """Terminate every instance that is not terminated yet; the ids terminated."""
    reservations = client.describe_instances(Filters=[{"Name": "instance-state-name", "Values": LIVE_STATES}])
    ids = [i["InstanceId"] for r in reservations.get("Reservations", []) for i in r.get("Instances", [])]
    if ids:
        client.terminate_instances(InstanceIds=ids)
    return ids


_DELETE: dict[Resource, Callable[[Any, str], object]] = {
    Resource.NETWORK_INTERFACE: lambda c, i: c.delete_network_interface(NetworkInterfaceId=i),
    Resource.VOLUME: lambda c, i: c.delete_volume(VolumeId=i),
    Resource.ADDRESS: lambda c, i: c.release_address(AllocationId=i),
}


class Leftovers:
    """Reset for emulators without a reset API: delete what examples created since the world was built
    (instances terminated; their network interfaces, volumes and addresses deleted), never the world's own.
    A refusal is left behind quietly; an unreachable target raises (the runner stops the run).

    `subnets`: the server is shared with other worlds (xdist workers), so only what this world's examples
    made is deleted: the network interfaces that appeared in these subnets, and the network interfaces,
    volumes and addresses of the instances its examples launched (read before they are terminated)."""

    def __init__(self, client: Any, subnets: list[str] | None = None) -> None:
        self.client = client
        self.subnets = list(subnets or [])
        self.kept = inventory(client, Resource, self.subnets)
        self.now = dict(self.kept)  # what the last clean left (the side-effect check's `before`, SideEffects)
        self.launched: set[str] = set()  # instances launched since the last clean (told by the target's send)

    def clean(self, known: Mapping[Resource, set[str]] | None = None) -> int:
        """Delete everything created since; how many objects were deleted. Instances are terminated by the ids
        their launches answered (LocalStack's filtered DescribeInstances can crash on an odd leftover).
        `known`: what the side-effect check listed after the last request (SideEffects.before): when nothing was
        launched since and it holds nothing the world did not, there is nothing to delete and nothing to list."""
        if known is not None and not self.launched and self._nothing_new(known):
            self.now = {**self.now, **{kind: set(ids) for kind, ids in known.items()}}
            return 0
        launched = sorted(self.launched)
        attached = _attached_to(self.client, launched) if self.subnets else {}
        deleted = self._terminate(launched)
        self.launched.clear()
        # only a launch could come with an address (a refusal's launch included): none, none to list
        kinds = [kind for kind in Resource if launched or kind is not Resource.ADDRESS]
        addresses = {Resource.ADDRESS: self.now[Resource.ADDRESS]} if Resource.ADDRESS in self.now else {}
        self.now = {**addresses, **inventory(self.client, kinds, self.subnets)}
        for kind, delete in _DELETE.items():
            found = self.now.get(kind, set())
            for leftover in sorted((found | attached.get(kind, set())) - self.kept.get(kind, set())):
                try:
                    delete(self.client, leftover)
                    deleted += 1
                    found.discard(leftover)
                except ClientError as exc:  # still attached (deleted with its instance) or already gone
                    log.debug("leftovers: %s %s not deleted: %s", kind.value, leftover, exc)
        return deleted

    def _nothing_new(self, known: Mapping[Resource, set[str]]) -> bool:
        """`known` lists every kind a refusal can create that this cleanup lists, and nothing beyond what it keeps."""
        kinds = [kind for kind in self.now if kind is not Resource.ADDRESS]  # a launch never allocates an address
        return all(kind in known and known[kind] <= self.kept.get(kind, set()) for kind in kinds)

    def _terminate(self, ids: list[str]) -> int:
        if not ids:
            return 0
        try:
            self.client.terminate_instances(InstanceIds=ids)
            return len(ids)
        except ClientError as exc:  # one unknown id fails the whole call: one by one then
            log.debug("leftovers: terminating %s together failed: %s", ids, exc)
        done = 0
        for instance_id in ids:
            try:
                self.client.terminate_instances(InstanceIds=[instance_id])
                done += 1
            except ClientError as exc:
                log.debug("leftovers: instance %s not terminated: %s", instance_id, exc)
        return done


def _attached_to(client: Any, instance_ids: list[str]) -> Inventory:
    """The network interfaces, volumes and addresses these instances hold now (before they are terminated)."""
    if not instance_ids:
        return {}
    found: Inventory = {kind: set() for kind in _DELETE}
    try:
        pages = client.describe_instances(InstanceIds=instance_ids).get("Reservations", [])
        addresses = client.describe_addresses(Filters=[{"Name": "instance-id", "Values": instance_ids}])
    except ClientError as exc:  # one unknown id fails the call: what is left is found by the inventory
        log.debug("leftovers: instances %s not described: %s", instance_ids, exc)
        return found
    for instance in (i for r in pages for i in r.get("Instances", [])):
        found[Resource.NETWORK_INTERFACE] |= {n["NetworkInterfaceId"] for n in instance.get("NetworkInterfaces", [])}
        found[Resource.VOLUME] |= {m["Ebs"]["VolumeId"] for m in instance.get("BlockDeviceMappings", []) if "Ebs" in m}
    found[Resource.ADDRESS] = {a["AllocationId"] for a in addresses.get("Addresses", []) if "AllocationId" in a}
    return found
