"""What every emulator target shares: dummy credentials, both transports, a created world, reset modes."""

from __future__ import annotations

import logging
from typing import Any

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
        return build_world(self.region, self._client_for)

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
        self._reset_and_seed()
        self.rebuild()
        self._reset_and_seed()
        world: World = self.rebuild()
        return world

    def __call__(self, expected: World) -> None:
        self._reset_and_seed()
        world = self.rebuild()
        if world != expected:
            raise TargetError(
                f"moto server at {self.base_url}: the world came back with other ids after reset"
            )

    def _reset_and_seed(self) -> None:
        status, _ = request("POST", f"{self.base_url}/moto-api/reset")
        seeded, _ = request("POST", f"{self.base_url}/moto-api/seed?a={MOTO_SEED}")
        if status != 200 or seeded != 200:
            raise TargetError(
                f"moto server at {self.base_url}: reset answered {status}, seed answered {seeded}"
            )


def terminate_live_instances(client: Any) -> None:
    """Terminate every instance that is not terminated yet (reset for emulators without one)."""
    reservations = client.describe_instances(Filters=[{"Name": "instance-state-name", "Values": LIVE_STATES}])
    ids = [i["InstanceId"] for r in reservations.get("Reservations", []) for i in r.get("Instances", [])]
    if ids:
        client.terminate_instances(InstanceIds=ids)
