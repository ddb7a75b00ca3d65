"""Errors a target raises (as opposed to outcomes it reports)."""

from __future__ import annotations


class TargetError(Exception):
    """The target cannot be used as configured (bad name, bad URL, unreachable, no credentials...).

    The message is one line that names the problem and the fix.
    """


class DryRunGuardError(TargetError):
    """A request to real EC2 would have gone out without DryRun=true, or was not read-only. The run stops."""


def start_failure(exc: BaseException) -> tuple[str, int] | None:
    """(one line naming the problem and the fix, exit code) for a target that could not start; None for a bug.

    Exit 3: the target is configured wrongly (TargetError, a missing AWS profile); exit 2: it did not answer."""
    from botocore.exceptions import BotoCoreError, ClientError, ProfileNotFound
    from botocore.exceptions import ConnectionError as BotocoreConnectionError

    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, TargetError):
        return first_line, 3
    if isinstance(exc, ProfileNotFound):
        return f"{first_line}: unset AWS_PROFILE or create that profile (aws configure --profile NAME)", 3
    if isinstance(exc, BotocoreConnectionError | OSError):
        return f"the target did not answer while starting ({first_line}): start it, or check --endpoint-url " \
               "and the network", 2
    if isinstance(exc, ClientError | BotoCoreError):
        return f"the target refused the suite's set-up calls ({first_line}): check its credentials and " \
               "that it implements EC2", 2
    return None
