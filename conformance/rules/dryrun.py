"""The global DryRun rules: R-DRY-1..6 (catalogue section 0).

They have no predicate: a DryRun request is not a violation. The oracle applies them through each rule's
`dry_run` field (R-DRY-3) and its own DryRunOperation answer for valid requests (R-DRY-1).
"""

from __future__ import annotations

from conformance.rules.core import (
    Citation,
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Rule,
    RuleClass,
)

FAMILY = "dryrun"
MEMBERS = ("DryRun",)

RULES: tuple[Rule, ...] = (
    Rule(
        id="R-DRY-1",
        family=FAMILY,
        members=MEMBERS,
        summary="DryRun=true, permitted, otherwise valid -> DryRunOperation, HTTP 412, nothing launched",
        kind=Kind.PROTOCOL,
        rule_class=RuleClass.STATIC,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[BC]", "If you have the required permissions, the error response is DryRunOperation."),
            Citation("[ERR]", "The user has the required permissions, so the request would have succeeded, "
                     "but the DryRun parameter was used."),
            Citation("OBS-DRYRUN-OK", "HTTP/1.1 412 Precondition Failed … Request would have succeeded, but "
                     "DryRun flag is set."),
            Citation("OBS-DRYRUN-412-RI", "RunInstances dry runs: 412 DryRunOperation"),
        ),
        outcome=ErrorOutcome(frozenset({"DryRunOperation"}), 412),
        reason="the code is documented; the 412 status comes from OBS-DRYRUN-OK and OBS-DRYRUN-412-RI",
    ),
    Rule(
        id="R-DRY-2",
        family=FAMILY,
        members=MEMBERS,
        summary="DryRun=true, caller not permitted -> UnauthorizedOperation, HTTP 403",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        citations=(
            Citation("[BC]", "Otherwise, it is UnauthorizedOperation."),
            Citation("OBS-UNAUTH", "403 UnauthorizedOperation: You are not authorized to perform this "
                     "operation."),
        ),
        outcome=ErrorOutcome(frozenset({"UnauthorizedOperation"}), 403),
        reason="depends on the caller's IAM permissions, which no request or world records",
    ),
    Rule(
        id="R-DRY-3",
        family=FAMILY,
        members=MEMBERS,
        summary="DryRun does not skip validation: an invalid request gets its rule's error, not "
        "DryRunOperation",
        kind=Kind.PROTOCOL,
        rule_class=RuleClass.STATIC,
        confidence=Confidence.OBSERVED,
        citations=(
            Citation("OBS-DRYRUN-VALIDATES-TAGSPEC", "The same resource type may not be specified more than "
                     "once in tag specifications"),
            Citation("OBS-DRYRUN-VALIDATES-VPC", "No default VPC for this user. GroupName is only supported "
                     "for EC2-Classic and default VPC."),
        ),
        reason="applied through every rule's dry_run field; no document orders permission checks and "
        "validation",
    ),
    Rule(
        id="R-DRY-4",
        family=FAMILY,
        members=MEMBERS,
        summary="DryRun permission checks use IAM condition keys from the request's own parameters",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        citations=(
            Citation("OBS-DRYRUN-CONDKEYS", "IAM condition keys (ec2:MetadataHttpTokens) are evaluated from "
                     "request-level MetadataOptions, not from the referenced launch template"),
        ),
        outcome=ErrorOutcome(frozenset({"UnauthorizedOperation"}), 403),
        reason="depends on the account's IAM policies and SCPs, which the suite cannot see",
    ),
    Rule(
        id="R-DRY-5",
        family=FAMILY,
        members=MEMBERS,
        summary="quota/capacity errors under DryRun: unknown (DryRunOperation or the quota code)",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        confidence=Confidence.INFERRED,
        citations=(
            Citation("catalogue", "Quota/capacity outcomes … under DryRun: unknown. Nothing documents or "
                     "records them"),
        ),
        dry_run=DryRun.UNKNOWN,
        reason="neither docs nor recordings decide; capacity and quotas are environmental",
    ),
    Rule(
        id="R-DRY-6",
        family=FAMILY,
        members=(*MEMBERS, "ClientToken"),
        summary="whether a DryRun call consumes its ClientToken: unknown",
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.INFERRED,
        citations=(
            Citation("catalogue", "Whether a DryRun call 'consumes' a ClientToken … unknown. Only an "
                     "emulator (floci-io/floci#3598) asserts it does not."),
        ),
        dry_run=DryRun.UNKNOWN,
        reason="a property of a sequence of requests, and neither docs nor recordings decide it",
        tags=frozenset({"stateful"}),
    ),
)
