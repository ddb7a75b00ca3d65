"""Errors a target raises (as opposed to outcomes it reports)."""

from __future__ import annotations


class TargetError(Exception):
    """The target cannot be used as configured (bad name, bad URL, unreachable, no credentials...).

    The message is one line that names the problem and the fix.
    """


class DryRunGuardError(TargetError):
    """A request to real EC2 would have gone out without DryRun=true, or was not read-only. The run stops."""
