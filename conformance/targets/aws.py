"""Real EC2, DryRun only: every RunInstances carries DryRun=true, the world is discovered read-only.

The guard is layered: `prepare` forces DryRun into every case (params and query); the raw transport
checks the exact bytes before and after signing; every boto3 client carries a `before-send` hook.
Anything else than a Describe call or a DryRun RunInstances raises DryRunGuardError.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any, Self

import boto3

from conformance.outcome import Fault, Outcome, OutcomeKind
from conformance.rules.core import Launch
from conformance.targets.base import Target
from conformance.targets.classify import is_throttling
from conformance.targets.discover import discover_world
from conformance.targets.errors import TargetError
from conformance.targets.guard import (
    check_wire,
    force_dry_run,
    install_boto3_guard,
    install_read_only_guard,
    launches_or_nothing,
    read_only_ec2,
)
from conformance.targets.net import check_endpoint_url
from conformance.targets.transport import Boto3Transport, QueryTransport, http_sender, make_client
from strategies.case import Case

REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")


class AwsTarget(Target):
    name = "aws"
    launches = False

    def __init__(
        self,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
        profile: str | None = None,
        throttle_retries: int = 5,
        throttle_backoff: float = 0.5,
        **options: Any,
    ) -> None:
        region = region or next((os.environ[v] for v in REGION_VARIABLES if os.environ.get(v)), None)
        if not region:
            raise TargetError("aws target needs a region: pass --region or set AWS_REGION")
        super().__init__(region=region, **options)
        self.endpoint_url = check_endpoint_url(endpoint_url) if endpoint_url else None
        self.profile = profile
        self.throttle_retries = throttle_retries
        self.throttle_backoff = throttle_backoff

    @property
    def version(self) -> str:
        return f"ec2 {self.region} (DryRun only)"

    def _credentials(self) -> Any:
        creds = boto3.session.Session(profile_name=self.profile, region_name=self.region).get_credentials()
        if creds is None:
            raise TargetError(
                "aws target: no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY (the standard credential chain)"
            )
        return creds.get_frozen_credentials()

    def start(self) -> Self:
        if self.started:
            return self
        frozen = self._credentials()
        from botocore.credentials import Credentials

        connection = self._connection(
            self.endpoint_url, credentials=Credentials(frozen.access_key, frozen.secret_key, frozen.token)
        )
        self._client = install_boto3_guard(make_client(connection, validate=True))
        self._boto3 = Boto3Transport(
            install_boto3_guard(make_client(connection, validate=False)),
            client_validation=self.client_validation,
        )
        self._query = QueryTransport(connection, http_sender(connection), wire_check=check_wire)
        self._world = discover_world(self._client, self.region, lambda service: install_read_only_guard(
            make_client(connection, service=service), service))
        return self

    def stop(self) -> None:
        self._client = self._boto3 = self._query = None

    def reset(self) -> None:
        """Nothing to reset: nothing is ever created."""

    def prepare(self, case: Case) -> Case:
        return force_dry_run(case)

    def send(self, case: Case) -> Outcome:
        action = self.prepare(case).query.get("Action", "")
        if not read_only_ec2(action) and not launches_or_nothing(action):
            detail = f"not sent to real EC2: Action={action!r} is neither RunInstances nor a Describe call"
            return Outcome(OutcomeKind.REJECTED, detail=detail, fault=Fault.DRY_RUN_GUARD)
        outcome = super().send(case)
        for attempt in range(self.throttle_retries):
            if outcome.kind is not OutcomeKind.ERROR or not is_throttling(outcome.code):
                break
            time.sleep(self.throttle_backoff * (2**attempt))
            outcome = super().send(case)
        return outcome

    def describe_instances(self, ids: list[str]) -> list[dict[str, Any]]:
        raise TargetError("aws target launches nothing (DryRun only): there are no instances to describe")

    def read_back(self, reservation: Mapping[str, Any]) -> Launch:
        """Nothing to read back: a DryRun request launches nothing (and Describe calls are not made for it)."""
        return Launch(reservation)

    def terminate_instances(self, ids: list[str]) -> None:
        raise TargetError("aws target launches nothing (DryRun only): it never terminates instances")
