"""One protocol for every target: start, world, reset, send a case, describe and terminate, stop."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from conformance.outcome import Outcome
from conformance.rules.core import Launch
from conformance.targets.errors import TargetError
from conformance.targets.launch_reader import instance_ids, read_launch
from conformance.targets.transport import DEFAULT_TIMEOUT, Boto3Transport, Connection, QueryTransport
from strategies.case import Case
from strategies.world import World


class Target(ABC):
    """A place RunInstances requests go. Use as a context manager, or call start() and stop().

    `send` never raises for what the target did (every outcome is classified); it raises only
    DryRunGuardError. Cases with wire edits go over the raw Query transport, others over boto3
    (`force_raw=True` sends everything raw).
    """

    name: ClassVar[str]
    launches: ClassVar[bool] = True  # False: every request is a DryRun one (real EC2), nothing is ever launched

    def __init__(
        self,
        *,
        region: str = "us-east-1",
        force_raw: bool = False,
        client_validation: bool = False,
        connect_timeout: float = DEFAULT_TIMEOUT,
        read_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.region = region
        self.force_raw = force_raw
        self.client_validation = client_validation
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._world: World | None = None
        self._client: Any = None
        self._boto3: Boto3Transport | None = None
        self._query: QueryTransport | None = None

    # lifecycle -------------------------------------------------------------------------------
    @property
    @abstractmethod
    def version(self) -> str:
        """The target's software version (e.g. moto's), or what is known of it."""

    @abstractmethod
    def start(self) -> Self:
        """Bring the target up, build its transports and its world. Raises TargetError."""

    @abstractmethod
    def stop(self) -> None:
        """Release everything start() took (servers, mocks); safe to call twice."""

    @abstractmethod
    def reset(self) -> None:
        """Put the target back to the state it had right after its world was made."""

    @property
    def forgets_between_examples(self) -> bool:
        """True when reset() makes the target forget everything (ClientTokens included); False for emulators
        without a reset API, whose resets only delete what examples created."""
        return True

    @classmethod
    def prepare_shared(cls, **options: Any) -> None:
        """Once, in the xdist controller, before workers that share this target's one server start (each with
        its own `owner`); nothing for targets whose workers each start their own."""
        return None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} region={self.region}>"

    # shared plumbing -------------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._client is not None

    def _require_started(self) -> None:
        if not self.started:
            raise TargetError(
                f"target {self.name} is not started: call start() or use it as a context manager"
            )

    def _connection(self, endpoint_url: str | None, **overrides: Any) -> Connection:
        return Connection(
            region=self.region,
            endpoint_url=endpoint_url,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            **overrides,
        )

    def world(self) -> World:
        self._require_started()
        assert self._world is not None
        return self._world

    @property
    def client(self) -> Any:
        """A boto3 EC2 client for checks (parameter validation on, retries off)."""
        self._require_started()
        return self._client

    # sending ---------------------------------------------------------------------------------
    def prepare(self, case: Case) -> Case:
        """The case exactly as this target will send it (the `aws` target forces DryRun)."""
        return case

    def send(self, case: Case) -> Outcome:
        self._require_started()
        assert self._boto3 is not None and self._query is not None
        prepared = self.prepare(case)
        transport = self._query if (prepared.wire_edits or self.force_raw) else self._boto3
        return transport.send(prepared)

    def probe(self, case: Case) -> Outcome:
        """A follow-up request the verdict's probes ask (conformance.probes): sent as `send` sends it, guards and
        cleanup included, without the checks only an example's own answer gets (what a refusal left behind)."""
        return self.send(case)

    def describe_instances(self, ids: list[str]) -> list[dict[str, Any]]:
        """What DescribeInstances answers for an instance-id filter on these ids: those instances, and whatever
        else a target that ignores the filter adds (read_launch keeps those apart, for R-PROTO-8 alone)."""
        if not ids:
            return []
        pages = self.client.get_paginator("describe_instances").paginate(
            Filters=[{"Name": "instance-id", "Values": list(ids)}]
        )
        return [i for page in pages for r in page.get("Reservations", []) for i in r.get("Instances", [])]

    def read_back(self, reservation: Mapping[str, Any]) -> Launch:
        """What the target shows of a launch after RunInstances answered: DescribeInstances, then the
        attributes, volumes and network interfaces of the launched instances (conformance.targets.launch_reader)."""
        ids = instance_ids(reservation)
        described: list[Mapping[str, Any]] = list(self.describe_instances(ids))
        return read_launch(self.client, reservation, described)

    def terminate_instances(self, ids: list[str]) -> None:
        if ids:
            self.client.terminate_instances(InstanceIds=list(ids))
