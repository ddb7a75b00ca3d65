"""What every emulator target shares: dummy credentials, both transports, a created world, reset modes."""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import ClientError

from conformance.targets.base import Target
from conformance.targets.errors import TargetError
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
from strategies.world import World

log = logging.getLogger(__name__)

MOTO_SEED = 20240101
LIVE_STATES = ["pending", "running", "stopping", "stopped", "shutting-down"]


class EmulatorTarget(Target):
    """A target whose world the suite creates, with botocore retries off and dummy credentials."""

    endpoint_url: str | None = None
    owner: str = ""  # the xdist worker whose world this is, when several share one server ("" otherwise)

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
        return connection

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


def _inventory(client: Any, subnets: list[str]) -> dict[str, set[str]]:
    """The ids of the leftover kinds that exist now: network interfaces, volumes, addresses; with `subnets`
    (a server other worlds share) only the network interfaces in those subnets."""
    found: dict[str, set[str]] = {}
    for kind, (call, key, id_key) in _LEFTOVER_KINDS.items():
        if subnets and kind != "network interfaces":
            found[kind] = set()
            continue
        arguments = {"Filters": [{"Name": "subnet-id", "Values": subnets}]} if subnets else {}
        try:
            found[kind] = {str(item[id_key]) for item in getattr(client, call)(**arguments).get(key, [])
                           if id_key in item}
        except ClientError as exc:  # an emulator without the call has nothing of that kind to leave behind
            log.debug("leftovers: %s not listed: %s", kind, exc)
            found[kind] = set()
    return found


_LEFTOVER_KINDS = {
    "network interfaces": ("describe_network_interfaces", "NetworkInterfaces", "NetworkInterfaceId"),
    "volumes": ("describe_volumes", "Volumes", "VolumeId"),
    "addresses": ("describe_addresses", "Addresses", "AllocationId"),
}
_DELETE = {
    "network interfaces": lambda c, i: c.delete_network_interface(NetworkInterfaceId=i),
    "volumes": lambda c, i: c.delete_volume(VolumeId=i),
    "addresses": lambda c, i: c.release_address(AllocationId=i),
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
        self.kept = _inventory(client, self.subnets)
        self.launched: set[str] = set()  # instances launched since the last clean (told by the target's send)

    def clean(self) -> int:
        """Delete everything created since; how many objects were deleted. Instances are terminated by the ids
        their launches answered (LocalStack's filtered DescribeInstances can crash on an odd leftover)."""
        launched = sorted(self.launched)
        attached = _attached_to(self.client, launched) if self.subnets else {}
        deleted = self._terminate(launched)
        self.launched.clear()
        for kind, ids in _inventory(self.client, self.subnets).items():
            for leftover in sorted((ids | attached.get(kind, set())) - self.kept[kind]):
                try:
                    _DELETE[kind](self.client, leftover)
                    deleted += 1
                except ClientError as exc:  # still attached (deleted with its instance) or already gone
                    log.debug("leftovers: %s %s not deleted: %s", kind, leftover, exc)
        return deleted

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


def _attached_to(client: Any, instance_ids: list[str]) -> dict[str, set[str]]:
    """The network interfaces, volumes and addresses these instances hold now (before they are terminated)."""
    if not instance_ids:
        return {}
    found: dict[str, set[str]] = {kind: set() for kind in _LEFTOVER_KINDS}
    try:
        pages = client.describe_instances(InstanceIds=instance_ids).get("Reservations", [])
        addresses = client.describe_addresses(Filters=[{"Name": "instance-id", "Values": instance_ids}])
    except ClientError as exc:  # one unknown id fails the call: what is left is found by the inventory
        log.debug("leftovers: instances %s not described: %s", instance_ids, exc)
        return found
    for instance in (i for r in pages for i in r.get("Instances", [])):
        found["network interfaces"] |= {n["NetworkInterfaceId"] for n in instance.get("NetworkInterfaces", [])}
        found["volumes"] |= {m["Ebs"]["VolumeId"] for m in instance.get("BlockDeviceMappings", []) if "Ebs" in m}
    found["addresses"] = {a["AllocationId"] for a in addresses.get("Addresses", []) if "AllocationId" in a}
    return found
