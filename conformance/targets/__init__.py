"""Targets: where cases are sent. `get_target(name, **options)` builds one by name.

Names: moto (in-process, the default), moto-strict (moto with AMI and instance-type validation),
moto-server, endpoint, ministack, aws.
"""

from __future__ import annotations

from typing import Any

from conformance.targets.base import Target
from conformance.targets.errors import DryRunGuardError, TargetError

TARGET_NAMES = ("moto", "moto-strict", "moto-server", "endpoint", "ministack", "aws")


def get_target(name: str, **options: Any) -> Target:
    """A target by name, not started. Unknown names raise a one-line TargetError."""
    if name in ("moto", "moto-strict"):
        from conformance.targets.moto_target import MotoTarget

        if name == "moto-strict":
            options["strict"] = True
        return MotoTarget(**options)
    if name == "moto-server":
        from conformance.targets.moto_target import MotoServerTarget

        return MotoServerTarget(**options)
    if name == "endpoint":
        from conformance.targets.http_target import EndpointTarget

        return EndpointTarget(**options)
    if name == "ministack":
        from conformance.targets.http_target import MinistackTarget

        return MinistackTarget(**options)
    if name == "aws":
        from conformance.targets.aws import AwsTarget

        return AwsTarget(**options)
    raise TargetError(f"unknown target {name!r}: use one of {', '.join(TARGET_NAMES)}")


__all__ = ["TARGET_NAMES", "DryRunGuardError", "Target", "TargetError", "get_target"]
