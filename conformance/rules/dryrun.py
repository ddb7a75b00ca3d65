"""The global DryRun rules: R-DRY-1..6 (catalogue section 0).

They have no predicate: a DryRun request is not a violation. The oracle applies them through each rule's
`dry_run` field (R-DRY-3) and its own DryRunOperation answer for valid requests (R-DRY-1).
"""

from __future__ import annotations

from functools import partial

from conformance.rules._readers import family_rule
from conformance.rules.core import (
    Confidence,
    DryRun,
    ErrorOutcome,
    Kind,
    Role,
    Rule,
    RuleClass,
)

FAMILY = "dryrun"
MEMBERS = ("DryRun",)

_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-DRY-1", MEMBERS,
        "DryRun=true, permitted, otherwise valid -> DryRunOperation, HTTP 412, nothing launched",
        (("[BC]", "If you have the required permissions, the error response is DryRunOperation."),
         ("[ERR]", "The user has the required permissions, so the request would have succeeded, "
                   "but the DryRun parameter was used."),
         ("OBS-DRYRUN-OK", "HTTP/1.1 412 Precondition Failed … Request would have succeeded, but "
                           "DryRun flag is set."),
         ("OBS-DRYRUN-412-RI", "RunInstances dry runs: 412 DryRunOperation")),
        kind=Kind.PROTOCOL,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"DryRunOperation"}), 412),
        role=Role.DRY_RUN_ANSWER,
        reason="the code is documented; the 412 status comes from OBS-DRYRUN-OK and OBS-DRYRUN-412-RI",
    ),
    _rule(
        "R-DRY-2", MEMBERS,
        "DryRun=true, caller not permitted -> UnauthorizedOperation, HTTP 403",
        (("[BC]", "Otherwise, it is UnauthorizedOperation."),
         ("OBS-UNAUTH", "403 UnauthorizedOperation: You are not authorized to perform this "
                        "operation.")),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.DOCUMENTED,
        outcome=ErrorOutcome(frozenset({"UnauthorizedOperation"}), 403),
        reason="depends on the caller's IAM permissions, which no request or world records",
    ),
    _rule(
        "R-DRY-3", MEMBERS,
        "DryRun does not skip validation: an invalid request gets its rule's error, not "
        "DryRunOperation",
        (("OBS-DRYRUN-VALIDATES-TAGSPEC", "The same resource type may not be specified more than "
                                          "once in tag specifications"),
         ("OBS-DRYRUN-VALIDATES-VPC", "No default VPC for this user. GroupName is only supported "
                                      "for EC2-Classic and default VPC.")),
        kind=Kind.PROTOCOL,
        confidence=Confidence.OBSERVED,
        role=Role.DRY_RUN_VALIDATES,
        reason="applied through every rule's dry_run field; no document orders permission checks and "
        "validation",
    ),
    _rule(
        "R-DRY-4", MEMBERS,
        "DryRun permission checks use IAM condition keys from the request's own parameters",
        (("OBS-DRYRUN-CONDKEYS", "IAM condition keys (ec2:MetadataHttpTokens) are evaluated from "
                                 "request-level MetadataOptions, not from the referenced launch template"),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        confidence=Confidence.OBSERVED,
        outcome=ErrorOutcome(frozenset({"UnauthorizedOperation"}), 403),
        reason="depends on the account's IAM policies and SCPs, which the suite cannot see",
    ),
    _rule(
        "R-DRY-5", MEMBERS,
        "quota/capacity errors under DryRun: unknown (DryRunOperation or the quota code)",
        (("catalogue", "Quota/capacity outcomes … under DryRun: unknown. Nothing documents or "
                       "records them"),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.ENVIRONMENTAL,
        dry_run=DryRun.UNKNOWN,
        reason="neither docs nor recordings decide; capacity and quotas are environmental",
    ),
    _rule(
        "R-DRY-6", (*MEMBERS, "ClientToken"),
        "whether a DryRun call consumes its ClientToken: unknown",
        (("catalogue", "Whether a DryRun call 'consumes' a ClientToken … unknown. Only an "
                       "emulator (floci-io/floci#3598) asserts it does not."),),
        kind=Kind.UNDECIDABLE,
        rule_class=RuleClass.RESOURCE,
        dry_run=DryRun.UNKNOWN,
        reason="a property of a sequence of requests, and neither docs nor recordings decide it",
        tags=frozenset({"stateful"}),
    ),
)
