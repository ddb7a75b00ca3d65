"""Targets: where cases are sent. `TARGETS` is the registry: each entry says how its target is built and which
defaults it owns (region, endpoint, environment variables); `get_target(name, **options)` builds one, not started.

Names: moto (in-process, the default), moto-strict (moto with AMI and instance-type validation),
moto-server, endpoint, ministack, localstack, aws.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from conformance.targets.base import Target
from conformance.targets.errors import DryRunGuardError, TargetError

ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_EC2"
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")
EMULATOR_REGION = "us-east-1"
# An emulator needs no AWS profile (moto reads one at import): a missing `AWS_PROFILE` must not stop its run.
EMULATOR_ENVIRONMENT: Mapping[str, str | None] = {"AWS_PROFILE": None, "AWS_DEFAULT_PROFILE": None}


class Endpoint(Enum):
    """What a target does with --endpoint-url."""

    NONE = "none"  # the target starts its own server (or runs in-process): an endpoint is ignored
    REQUIRED = "required"  # the target is a server someone else runs
    OPTIONAL = "optional"  # real EC2, or a loopback stand-in for it in tests


@dataclass(frozen=True)
class TargetSpec:
    """One registry entry: how to build the target and the option defaults it owns."""

    name: str
    factory: str  # "module:Class"
    summary: str
    default_region: str | None = EMULATOR_REGION  # None: the region must be given (real EC2)
    endpoint: Endpoint = Endpoint.NONE
    fixed: Mapping[str, Any] = field(default_factory=dict)  # options this name always passes
    shares_server: bool = False  # one server for every xdist worker: each builds its own world (TargetSpec.owner)
    launches: bool = True  # False: DryRun only, nothing is ever created
    environment: Mapping[str, str | None] = field(default_factory=lambda: EMULATOR_ENVIRONMENT)  # None: unset

    def options(self, *, region: str | None, endpoint_url: str | None,
                environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
        """The keyword options of this target from the command line (None: not given) and the environment."""
        region = region or next((environ[v] for v in REGION_VARIABLES if environ.get(v)), None) or self.default_region
        if region is None:
            raise TargetError(f"{self.name} target needs a region: pass --region or set AWS_REGION")
        options: dict[str, Any] = {"region": region}
        if self.endpoint is not Endpoint.NONE:
            url = endpoint_url or environ.get(ENDPOINT_VARIABLE)
            if self.endpoint is Endpoint.REQUIRED and not url:
                raise TargetError(f"--target={self.name} needs --endpoint-url URL (or {ENDPOINT_VARIABLE})")
            if url:
                options["endpoint_url"] = url
        return options

    def target_class(self) -> type[Target]:
        module, _, cls = self.factory.partition(":")
        found: type[Target] = getattr(importlib.import_module(module), cls)
        return found

    def build(self, **options: Any) -> Target:
        return self.target_class()(**{**options, **self.fixed})

    def prepare_shared(self, **options: Any) -> None:
        """Before xdist workers share this target's one server: reset it once (Target.prepare_shared)."""
        self.target_class().prepare_shared(**{**options, **self.fixed})


_SPECS = (
    TargetSpec("moto", "conformance.targets.moto_target:MotoTarget", "moto in-process (the default)"),
    TargetSpec("moto-strict", "conformance.targets.moto_target:MotoTarget",
               "moto in-process with AMI and instance-type validation", fixed={"strict": True}),
    TargetSpec("moto-server", "conformance.targets.moto_target:MotoServerTarget",
               "moto's threaded server on 127.0.0.1 (started by the suite)"),
    TargetSpec("endpoint", "conformance.targets.http_target:EndpointTarget",
               "any EC2-compatible URL you run (--endpoint-url)", endpoint=Endpoint.REQUIRED, shares_server=True),
    TargetSpec("ministack", "conformance.targets.http_target:MinistackTarget",
               "ministack, installed into its own venv and started on 127.0.0.1"),
    TargetSpec("localstack", "conformance.targets.http_target:LocalstackTarget",
               "LocalStack core, installed into its own venv and started on 127.0.0.1"),
    TargetSpec("aws", "conformance.targets.aws:AwsTarget", "real EC2, DryRun only (needs a region and credentials)",
               default_region=None, endpoint=Endpoint.OPTIONAL, launches=False, environment={}),
)
TARGETS: dict[str, TargetSpec] = {spec.name: spec for spec in _SPECS}
TARGET_NAMES = tuple(TARGETS)


@contextmanager
def target_environment(spec: TargetSpec) -> Iterator[None]:
    """The process environment the target runs in (its variables set or unset), restored afterwards."""
    saved = {name: os.environ.get(name) for name in spec.environment}
    _apply(spec.environment)
    try:
        yield
    finally:
        _apply(saved)


def _apply(values: Mapping[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def spec_of(name: str) -> TargetSpec:
    """The registry entry of `name`; unknown names raise a one-line TargetError naming the valid ones."""
    try:
        return TARGETS[name]
    except KeyError:
        raise TargetError(f"unknown target {name!r}: use one of {', '.join(TARGET_NAMES)}") from None


def get_target(name: str, **options: Any) -> Target:
    """A target by name, not started. Unknown names raise a one-line TargetError."""
    return spec_of(name).build(**options)


__all__ = ["TARGETS", "TARGET_NAMES", "DryRunGuardError", "Endpoint", "Target", "TargetError", "TargetSpec",
           "get_target", "spec_of", "target_environment"]
