"""MinCount / MaxCount: R-COUNT-1..8 (catalogue section 2). Counts are read from the Query sent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from conformance.findings import FailedCheck
from conformance.rules._launch_views import dicts
from conformance.rules._readers import family_rule
from conformance.rules._request import sent, valid_count
from conformance.rules.core import (
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Launch,
    Role,
    Rule,
    RuleClass,
)
from strategies.case import Case
from strategies.world import World

FAMILY = "counts"
COUNTS = ("MinCount", "MaxCount")


def _count_missing(case: Case, world: World) -> bool:
    return any(sent(case, key) is None for key in COUNTS)


def _count_below_one(case: Case, world: World) -> bool:
    """Present but not a decimal integer >= 1 (zero, negative, fractional, text)."""
    return any(sent(case, key) is not None and valid_count(case, key) is None for key in COUNTS)


def _min_above_max(case: Case, world: World) -> bool:
    low, high = valid_count(case, "MinCount"), valid_count(case, "MaxCount")
    return low is not None and high is not None and low > high


def _launched_within_counts(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    low, high = valid_count(case, "MinCount"), valid_count(case, "MaxCount")
    launched = launch.reservation.get("Instances")
    count = len(launched) if isinstance(launched, list) else 0
    if low is None or high is None:
        return []
    if not low <= count <= high:
        check = "MinCount" if count < low else "MaxCount"
        return [FailedCheck(check, f"{count} instances launched, expected between MinCount={low} and MaxCount={high}")]
    return []


def _own_values(instance: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(member, value) for what must belong to this instance alone: its id, address, interfaces and volumes."""
    yield "InstanceId", instance.get("InstanceId")
    yield "PrivateIpAddress", instance.get("PrivateIpAddress")
    for interface in dicts(instance.get("NetworkInterfaces")):
        yield "NetworkInterfaces[].NetworkInterfaceId", interface.get("NetworkInterfaceId")
    for mapping in dicts(instance.get("BlockDeviceMappings")):
        ebs = mapping.get("Ebs")
        yield "BlockDeviceMappings[].Ebs.VolumeId", ebs.get("VolumeId") if isinstance(ebs, Mapping) else None


def _shared(answer: str, instances: list[Mapping[str, Any]]) -> list[FailedCheck]:
    """One failed check per value that two instances of the same answer both carry."""
    owners = Counter((member, value) for instance in instances
                     for member, value in set(_own_values(instance)) if isinstance(value, str) and value)
    return [FailedCheck(f"{member} (shared)", f"{answer}: {value} belongs to {count} launched instances")
            for (member, value), count in sorted(owners.items()) if count > 1]


def _each_its_own(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    launched = dicts(launch.reservation.get("Instances"))
    return _shared("RunInstances", launched) + _shared("DescribeInstances", list(launch.described))


_BC_RANGE = (
    "[BC]", "Constraints: Between 1 and the quota for the specified instance type for your account for this "
    "Region."
)

_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-COUNT-1", COUNTS,
        "MinCount or MaxCount absent on the wire -> MissingParameter",
        (("[BC]", "required: ['MaxCount','MinCount']"),
         ("[ERR]", "MissingParameter: The request is missing a required parameter.")),
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"MissingParameter"})),
        violated=_count_missing,
    ),
    _rule(
        "R-COUNT-2", COUNTS,
        "MinCount or MaxCount not an integer >= 1 (zero, negative, not decimal) -> "
        "InvalidParameterValue",
        (_BC_RANGE,
         ("OBS-MAXCOUNT-0", "InvalidParameterValue: Maximum instance count must be greater than "
                            "zero")),
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(
            frozenset({"InvalidParameterValue", "InvalidParameter", "MalformedQueryString"})
        ),
        violated=_count_below_one,
        reason="InvalidParameterValue observed for MaxCount=0; for non-decimal text the code is undocumented",
    ),
    _rule(
        "R-COUNT-3", COUNTS,
        "MinCount > MaxCount -> client error (code undocumented)",
        (("[BC]", "MaxCount: … launches the largest possible number of instances above the "
                  "specified minimum count"),),
        outcome=ErrorOutcome(frozenset({"InvalidParameterValue", "InvalidParameterCombination"})),
        violated=_min_above_max,
        reason="code undocumented (InvalidParameterValue expected)",
    ),
    _rule(
        "R-COUNT-4", COUNTS,
        "success -> MinCount <= instances launched <= MaxCount",
        (("[BC]", "If you specify a value that is more capacity than Amazon EC2 can "
                  "provide in the target Availability Zone, Amazon EC2 does not launch any instances."),
         ("[BC]", "MaxCount: … launches the largest possible number of instances above the "
                  "specified minimum count.")),
        kind=Kind.POSTCONDITION,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_launched_within_counts, role=Role.LAUNCH_SUCCEEDS,
    ),
    _rule(
        "R-COUNT-5", ("MinCount",),
        "capacity below MinCount -> no instances, InsufficientInstanceCapacity",
        (("[ERR]", "There is not enough capacity to fulfill your request."),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"InsufficientInstanceCapacity"}), 500),
        dry_run=DryRun.UNKNOWN,
        reason="capacity is environmental; no request decides it (R-DRY-5 under DryRun)",
    ),
    _rule(
        "R-COUNT-6", (*COUNTS, "InstanceType"),
        "above the account quota -> InstanceLimitExceeded / VcpuLimitExceeded",
        (("[ERR]", "You've reached the limit on the number of instances you can run "
                   "concurrently."),
         ("[ERR]", "VcpuLimitExceeded … based on the total number of vCPUs")),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"InstanceLimitExceeded", "VcpuLimitExceeded"})),
        dry_run=DryRun.UNKNOWN,
        reason="account quotas are not part of the request or the world",
    ),
    _rule(
        "R-COUNT-7", ("MaxCount",),
        "more instances than one request allows -> ResourceCountExceeded",
        (("[ERR]", "…if you try to launch more instances than AWS allows in a single "
                   "request. This limit is separate from your individual resource limit."),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"ResourceCountExceeded"})),
        dry_run=DryRun.UNKNOWN,
        reason="the per-request limit is not published, so no request can be judged to exceed it",
    ),
    _rule(
        "R-COUNT-8", COUNTS,
        "success with more than one instance -> each has its own instance id, primary private address, "
        "network interfaces and volumes",
        (("[BC]", "AmiLaunchIndex: The AMI launch index, which can be used to find this instance in the launch "
                  "group."),
         ("[BC]", "PrivateIpAddress: … You cannot specify this option if you're launching more than one instance "
                  "in the request."),
         ("[BC]", "Ipv6Addresses: … You cannot specify this option if you've specified a minimum number of "
                  "instances to launch.")),
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.INFERRED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_each_its_own,
        reason="inferred: one address or interface cannot be primary for two instances, which is why a request "
        "may not name one for several",
    ),
)
