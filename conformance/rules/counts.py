"""MinCount / MaxCount: R-COUNT-1..7 (catalogue section 2). Counts are read from the Query sent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conformance.rules._request import sent, valid_count
from conformance.rules.core import (
    Citation,
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
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


def _launched_within_counts(
    case: Case, world: World, reservation: Mapping[str, Any], described: list[Mapping[str, Any]]
) -> list[str]:
    low, high = valid_count(case, "MinCount"), valid_count(case, "MaxCount")
    launched = reservation.get("Instances")
    count = len(launched) if isinstance(launched, list) else 0
    if low is None or high is None:
        return []
    if not low <= count <= high:
        return [f"{count} instances launched, expected between MinCount={low} and MaxCount={high}"]
    return []


_BC_RANGE = Citation(
    "[BC]", "Constraints: Between 1 and the quota for the specified instance type for your account for this "
    "Region."
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="R-COUNT-1",
        family=FAMILY,
        members=COUNTS,
        summary="MinCount or MaxCount absent on the wire -> MissingParameter",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.STATIC,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[BC]", "required: ['MaxCount','MinCount']"),
            Citation("[ERR]", "MissingParameter: The request is missing a required parameter."),
        ),
        outcome=ErrorOutcome(frozenset({"MissingParameter"})),
        violated=_count_missing,
    ),
    Rule(
        id="R-COUNT-2",
        family=FAMILY,
        members=COUNTS,
        summary="MinCount or MaxCount not an integer >= 1 (zero, negative, not decimal) -> "
        "InvalidParameterValue",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.STATIC,
        confidence=Confidence.OBSERVED,
        citations=(
            _BC_RANGE,
            Citation("OBS-MAXCOUNT-0", "InvalidParameterValue: Maximum instance count must be greater than "
                     "zero"),
        ),
        outcome=ErrorOutcome(
            frozenset({"InvalidParameterValue", "InvalidParameter", "MalformedQueryString"})
        ),
        violated=_count_below_one,
        reason="InvalidParameterValue observed for MaxCount=0; for non-decimal text the code is undocumented",
    ),
    Rule(
        id="R-COUNT-3",
        family=FAMILY,
        members=COUNTS,
        summary="MinCount > MaxCount -> client error (code undocumented)",
        kind=Kind.VALIDATION,
        rule_class=RuleClass.STATIC,
        confidence=Confidence.INFERRED,
        citations=(
            Citation("[BC]", "MaxCount: … launches the largest possible number of instances above the "
                     "specified minimum count"),
        ),
        outcome=ErrorOutcome(frozenset({"InvalidParameterValue", "InvalidParameterCombination"})),
        violated=_min_above_max,
        reason="code undocumented (InvalidParameterValue expected)",
    ),
    Rule(
        id="R-COUNT-4",
        family=FAMILY,
        members=COUNTS,
        summary="success -> MinCount <= instances launched <= MaxCount",
        kind=Kind.POSTCONDITION,
        rule_class=RuleClass.STATIC,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[BC]", "If you specify a value that is more capacity than Amazon EC2 can "
                     "provide in the target Availability Zone, Amazon EC2 does not launch any instances."),
            Citation("[BC]", "MaxCount: … launches the largest possible number of instances above the "
                     "specified minimum count."),
        ),
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_launched_within_counts,
    ),
    Rule(
        id="R-COUNT-5",
        family=FAMILY,
        members=("MinCount",),
        summary="capacity below MinCount -> no instances, InsufficientInstanceCapacity",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[ERR]", "There is not enough capacity to fulfill your request."),
        ),
        outcome=ErrorOutcome(frozenset({"InsufficientInstanceCapacity"}), 500),
        dry_run=DryRun.UNKNOWN,
        reason="capacity is environmental; no request decides it (R-DRY-5 under DryRun)",
    ),
    Rule(
        id="R-COUNT-6",
        family=FAMILY,
        members=(*COUNTS, "InstanceType"),
        summary="above the account quota -> InstanceLimitExceeded / VcpuLimitExceeded",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[ERR]", "You've reached the limit on the number of instances you can run "
                     "concurrently."),
            Citation("[ERR]", "VcpuLimitExceeded … based on the total number of vCPUs"),
        ),
        outcome=ErrorOutcome(frozenset({"InstanceLimitExceeded", "VcpuLimitExceeded"})),
        dry_run=DryRun.UNKNOWN,
        reason="account quotas are not part of the request or the world",
    ),
    Rule(
        id="R-COUNT-7",
        family=FAMILY,
        members=("MaxCount",),
        summary="more instances than one request allows -> ResourceCountExceeded",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[ERR]", "…if you try to launch more instances than AWS allows in a single "
                     "request. This limit is separate from your individual resource limit."),
        ),
        outcome=ErrorOutcome(frozenset({"ResourceCountExceeded"})),
        dry_run=DryRun.UNKNOWN,
        reason="the per-request limit is not published, so no request can be judged to exceed it",
    ),
)
