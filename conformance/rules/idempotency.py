"""ClientToken and idempotency: R-IDEM-1..8 (catalogue section 8).

R-IDEM-2..7 are properties of a sequence of requests (tag "stateful"). R-IDEM-2, 3 and 6 are decided by the
state machine in conformance/suite/test_stateful.py (Kind.STATEFUL); the others stay undecidable.
"""

from __future__ import annotations

from functools import partial

from conformance.findings import FailedCheck
from conformance.rules._readers import family_rule, launched
from conformance.rules._request import sent
from conformance.rules.core import Citation, Confidence, DryRun, ErrorOutcome, Kind, Launch, Role, Rule, RuleClass
from strategies.case import Case
from strategies.limits import CLIENT_TOKEN_MAX
from strategies.world import World

FAMILY = "idempotency"
MEMBERS = ("ClientToken",)
STATEFUL = frozenset({"stateful"})
_SEQUENCE = "a property of a sequence of requests; exercised by the stateful idempotency test"


def _token_invalid(case: Case, world: World) -> bool:
    token = sent(case, "ClientToken")
    return token is not None and (len(token) > CLIENT_TOKEN_MAX or not token.isascii())


def _token_echoed(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    token = sent(case, "ClientToken")
    if token is None:
        return []
    return [
        FailedCheck("ClientToken",
                f"{where} {instance.get('InstanceId')}: ClientToken {instance.get('ClientToken')!r}, sent {token!r}")
        for where, instance in launched(launch.reservation, launch.described)
        if instance.get("ClientToken") != token
    ]


def _stateful(rule_id: str, summary: str, citations: tuple[Citation, ...], *,
              outcome: ErrorOutcome | None = None, dry_run: DryRun = DryRun.UNKNOWN,
              confidence: Confidence = Confidence.DOCUMENTED, rule_class: RuleClass = RuleClass.RESOURCE,
              members: tuple[str, ...] = MEMBERS, why: str = _SEQUENCE, role: Role | None = None) -> Rule:
    """A rule about a sequence of requests; judged by the state machine when it plays a `role` there."""
    judged = role is not None
    return Rule(
        id=rule_id,
        family=FAMILY,
        members=members,
        summary=summary,
        kind=Kind.STATEFUL if judged else Kind.UNDECIDABLE,
        rule_class=rule_class,
        confidence=confidence,
        citations=citations,
        outcome=outcome,
        dry_run=dry_run,
        reason="" if judged else why,
        tags=STATEFUL,
        role=role,
    )


_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-IDEM-1", MEMBERS,
        f"ClientToken longer than {CLIENT_TOKEN_MAX} characters or not ASCII -> client error (code "
        "undocumented: InvalidClientToken or InvalidParameterValue)",
        (("[BC]", "Constraints: Maximum 64 ASCII characters"),
         ("[IDEM]", "A client token is a unique, case-sensitive string of up to 64 ASCII "
                    "characters."),
         ("[ERR]", "InvalidClientToken: The specified client token is not valid.")),
        outcome=ErrorOutcome(frozenset({"InvalidClientToken", "InvalidParameterValue"})),
        violated=_token_invalid,
        reason="code undocumented",
    ),
    _stateful(
        "R-IDEM-2",
        "retry with the same token and parameters after success -> success, no new instances, the same "
        "reservation",
        (Citation("[IDEM]", "If you retry a request that completed successfully using the same client token "
                  "and the same parameters, the retry succeeds without performing any further actions."),),
        role=Role.IDEMPOTENT_RETRY,
    ),
    _stateful(
        "R-IDEM-3",
        "same token, different parameters (other than Region/AZ) -> IdempotentParameterMismatch",
        (
            Citation("[IDEM]", "…but one or more of the parameters are different, other than the Region or "
                     "Availability Zone, the retry fails with an IdempotentParameterMismatch error."),
            Citation("OBS-IDEMP-MISMATCH", "Arguments on this idempotent request are inconsistent with "
                     "arguments used in previous request(s)."),
        ),
        outcome=ErrorOutcome(frozenset({"IdempotentParameterMismatch"})),
        role=Role.RETRY_CHANGED,
    ),
    _stateful(
        "R-IDEM-4",
        "token reused with another Availability Zone (explicit or through the subnet) -> a new launch there "
        "(zonal idempotency)",
        (Citation("[IDEM]", "If you explicitly specify an Availability Zone using the AvailabilityZone "
                  "parameter in the Placement data type · If you implicitly specify an Availability "
                  "Zone using the SubnetId parameter"),),
        dry_run=DryRun.NOT_APPLICABLE,
        members=(*MEMBERS, "Placement.AvailabilityZone", "SubnetId"),
    ),
    _stateful(
        "R-IDEM-5",
        "no Availability Zone, explicit or implied -> Regional idempotency",
        (Citation("[IDEM]", "If you do not explicitly or implicitly specify an Availability Zone, "
                  "the request uses Regional idempotency."),),
        dry_run=DryRun.NOT_APPLICABLE,
        why=_SEQUENCE + " across Regions, which one target cannot observe",
    ),
    _stateful(
        "R-IDEM-6",
        "token of a launch whose instance is now terminated -> IdempotentInstanceTerminated",
        (
            Citation("[ERR]", "The request to launch an instance uses the same client token as a previous "
                     "request for which the instance has been terminated."),
            Citation("OBS-IDEMP-TERMINATED", "The client token you have provided is associated with a "
                     "terminated instance."),
        ),
        outcome=ErrorOutcome(frozenset({"IdempotentInstanceTerminated"})),
        role=Role.RETRY_OF_TERMINATED,
    ),
    _stateful(
        "R-IDEM-7",
        "ClientToken omitted -> a random token is used, so two calls are never retries of each other",
        (Citation("[BC]", "If you do not specify a client token, a randomly generated token is used for the "
                  "request to ensure idempotency."),),
        dry_run=DryRun.NOT_APPLICABLE,
        rule_class=RuleClass.STATIC,
    ),
    _rule(
        "R-IDEM-8", MEMBERS,
        "success with a ClientToken -> every instance's ClientToken echoes it",
        (("[BC]", "The idempotency token you provided when you launched the instance, if "
                  "applicable."),),
        kind=Kind.POSTCONDITION,
        confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_token_echoed,
    ),
)
