"""What a rule is. Rule objects are the single source of truth for the oracle, strategies and reports."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from conformance.evidence import Evidence, Standing
from conformance.findings import UNDETERMINED, FailedCheck, Severity
from conformance.outcome import Outcome
from strategies.case import Case
from strategies.limits import UNSETTLED_MEMBERS
from strategies.world import World

_DOCS = "https://docs.aws.amazon.com/AWSEC2/latest"
# The public pages behind the catalogue's source tags (see runinstances-rules.md, "Sources and legend").
SOURCE_PAGES = {
    "[BC]": f"{_DOCS}/APIReference/API_RunInstances.html",
    "[OP]": f"{_DOCS}/APIReference/API_RunInstances.html",
    "[ERR]": f"{_DOCS}/APIReference/errors-overview.html",
    "[IDEM]": f"{_DOCS}/devguide/ec2-api-idempotency.html",
    "[QRY]": f"{_DOCS}/APIReference/Query-Requests.html",
    "[UG-TAG]": f"{_DOCS}/UserGuide/Using_Tags.html",
    "[UG-BDM]": f"{_DOCS}/UserGuide/block-device-mapping-concepts.html",
    "[UG-DEV]": f"{_DOCS}/UserGuide/device_naming.html",
    "[UG-UD]": f"{_DOCS}/UserGuide/user-data.html",
    "[UG-HIB]": f"{_DOCS}/UserGuide/hibernating-prerequisites.html",
    "[UG-CPU]": f"{_DOCS}/UserGuide/instance-cpu-options-rules.html",
    "[UG-SPOT]": f"{_DOCS}/UserGuide/spot-requests.html",
    "[UG-IOPS]": "https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html",
    "[UG-EBS]": "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html",
    "[API-SVAZ]": f"{_DOCS}/APIReference/API_StandbyVolumeAvailabilityZoneRequest.html",
    "[SDK-MAZ]": "https://docs.aws.amazon.com/sdk-for-ruby/v3/api/Aws/EC2/Types/"
    "MultiAvailabilityZoneVolumeConfigurationRequest.html",
    # TerminateInstances' API description, as AWS's SDK documentation carries it
    "[TI]": "https://docs.aws.amazon.com/sdkfornet1/latest/apidocs/html/T_Amazon_EC2_Model_TerminateInstancesRequest.htm",
}


def documentation_page(citations: tuple[Citation, ...]) -> str:
    """The documentation page of the first citation whose source tag names a public page."""
    for citation in citations:
        page = SOURCE_PAGES.get(citation.source.split()[0])
        if page:
            return page
    return ""


class RuleClass(Enum):
    """The catalogue's Class column."""

    STATIC = "S"  # decided by the request alone
    RESOURCE = "R"  # depends on account resources (the world)
    ENVIRONMENTAL = "E"  # capacity, quota: never a conformance failure
    RESERVED = "-"  # "Reserved", "Deprecated": no behaviour to check


class Confidence(Enum):
    DOCUMENTED = "documented"  # AWS documentation names the behaviour (and the code, if an error)
    OBSERVED = "observed"  # seen in a real AWS response (recorded/observed_aws_messages.json)
    INFERRED = "inferred"  # the docs state the constraint but not the code; codes are the plausible set


class DryRun(Enum):
    """What DryRun=true changes for a request that breaks this rule."""

    VALIDATES = "validates"  # the rule's error still comes back (observed or presumed)
    UNKNOWN = "unknown"  # neither docs nor recordings decide: error or DryRunOperation both accepted
    NOT_APPLICABLE = "n/a"


class Role(Enum):
    """A part a rule plays in judging every example, whatever the request: engine code finds rules by role
    (`conformance.rules.by_role`), never by id."""

    DRY_RUN_ANSWER = "valid DryRun answer"  # a valid DryRun request gets DryRunOperation and launches nothing
    DRY_RUN_VALIDATES = "DryRun validates"  # an invalid DryRun request gets its rule's error, not DryRunOperation
    ERROR_ENVELOPE = "error envelope"  # every error answer carries EC2's envelope (its `answer_check`)
    LAUNCH_SUCCEEDS = "valid launch succeeds"  # a refusal no validation rule explains is charged here
    SERVER_ERRORS = "server errors"  # throttling and other server-side answers no request decides
    # the steps of the state machine (conformance/suite/test_stateful.py): a state, not the request, decides them
    IDEMPOTENT_RETRY = "idempotent retry"  # the same token and parameters give the first launch back
    RETRY_CHANGED = "changed retry"  # the same token with other parameters is refused
    RETRY_OF_TERMINATED = "retry of a terminated launch"  # the token of a terminated launch is refused
    ADDRESS_IN_USE = "address in use"  # a launch at the address a running instance holds is refused
    LIFECYCLE = "lifecycle"  # DescribeInstances agrees with the launches and terminations so far


class Kind(Enum):
    VALIDATION = "validation"  # a request that breaks it must get an error
    POSTCONDITION = "postcondition"  # a successful launch must satisfy it
    PROTOCOL = "protocol"  # envelope, encoding, status codes
    STATEFUL = "stateful"  # decided by a sequence of requests (conformance/suite/test_stateful.py)
    UNDECIDABLE = "undecidable"  # listed with the reason it cannot be decided from a request


@dataclass(frozen=True)
class Citation:
    source: str  # catalogue source tag: "[BC]", "[ERR]", "[UG-TAG]", "OBS-TAG-AWS", ...
    quote: str


@dataclass(frozen=True)
class ErrorOutcome:
    """The acceptable error codes (without any `Client.` prefix) and HTTP status."""

    codes: frozenset[str]
    status: int = 400


@dataclass(frozen=True)
class Launch:
    """What a successful launch left to read back: the RunInstances answer and what the target shows after it.

    `described` are the launched instances as DescribeInstances shows them (only those: what the rules judge);
    `unasked` are the ids of any other instance DescribeInstances answered for the launched ids' filter (a target
    that ignores the filter), judged once, by R-PROTO-8; `attributes` maps an instance id to its
    DescribeInstanceAttribute answers (attribute -> parsed answer); `volumes` and `interfaces` are what
    DescribeVolumes and DescribeNetworkInterfaces show for the launched instances. `unreadable` names each
    read-back the target answered with an error (`DescribeInstanceAttribute userData`, `DescribeVolumes`, ...)
    and that error: the post-conditions that need it report `<member> (not readable)`.
    """

    reservation: Mapping[str, Any]
    described: list[Mapping[str, Any]] = field(default_factory=list)
    attributes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    volumes: list[Mapping[str, Any]] = field(default_factory=list)
    interfaces: list[Mapping[str, Any]] = field(default_factory=list)
    unreadable: Mapping[str, str] = field(default_factory=dict)
    unasked: tuple[str, ...] = ()


def launch_as_described(reservation: Mapping[str, Any], described: list[Mapping[str, Any]]) -> Launch:
    """A launch as DescribeInstances showed it: the launched instances, and apart (by id) any other instance
    the answer held (a target that ignores the instance-id filter): only R-PROTO-8 judges those."""
    ids = {i.get("InstanceId") for i in reservation.get("Instances", []) or [] if isinstance(i, Mapping)}
    mine = [d for d in described if d.get("InstanceId") in ids]
    return Launch(reservation, mine, unasked=tuple(sorted({str(d.get("InstanceId")) for d in described} - ids)))


# an error answer -> the envelope problems it has (empty when it conforms).
AnswerCheck = Callable[[Outcome], list[FailedCheck]]
# (case, world) -> True when the request breaks the rule.
Predicate = Callable[[Case, World], bool]
# (case, world, launch) -> the checks that failed (empty when the rule holds); each FailedCheck names its member.
PostCheck = Callable[[Case, World, Launch], list[FailedCheck]]


@dataclass(frozen=True)
class Rule:
    id: str  # the catalogue id, e.g. "R-TAG-6"
    family: str  # member family used to group tests and reports, e.g. "tags"
    members: tuple[str, ...]  # member paths it concerns
    summary: str  # one line: the condition and the outcome
    kind: Kind
    rule_class: RuleClass
    confidence: Confidence
    citations: tuple[Citation, ...]
    outcome: ErrorOutcome | None = None
    dry_run: DryRun = DryRun.VALIDATES
    violated: Predicate | None = None
    postcondition: PostCheck | None = None
    reason: str = ""  # for UNDECIDABLE rules: why; otherwise notes (e.g. "codes inferred")
    doc_url: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)
    role: Role | None = None
    answer_check: AnswerCheck | None = None  # checked on every error answer (R-PROTO-5's envelope)
    # every code real EC2 answered for this mistake, with its date and source (conformance.evidence)
    evidence: tuple[Evidence, ...] = ()
    # the part the docs leave open: where it holds for a case, the broken rule is not asserted (the
    # rule-wide form is the tag "undetermined")
    open_when: Predicate | None = None
    severity: Severity | None = None  # the weight of its post-condition findings, when not their kind's

    def __post_init__(self) -> None:
        if self.kind in (Kind.VALIDATION, Kind.PROTOCOL) and self.violated is not None and self.outcome is None:
            raise ValueError(f"{self.id}: a rule with a predicate needs an error outcome")
        if self.kind is Kind.POSTCONDITION and self.postcondition is None:
            raise ValueError(f"{self.id}: a postcondition rule needs a postcondition check")
        if self.kind is Kind.UNDECIDABLE and not self.reason:
            raise ValueError(f"{self.id}: an undecidable rule must say why")
        if not self.citations:
            raise ValueError(f"{self.id}: every rule needs a citation")
        if ("unsettled" in self.tags) != (self.id in UNSETTLED_MEMBERS) or not set(
            UNSETTLED_MEMBERS.get(self.id, ())
        ) <= set(self.members):
            raise ValueError(f"{self.id}: tag 'unsettled' and strategies.limits.UNSETTLED_MEMBERS disagree")
        if self.evidence and self.outcome is None:
            raise ValueError(f"{self.id}: evidence of an error code needs an error outcome")
        if self.open_when is not None and UNDETERMINED in self.tags:
            raise ValueError(f"{self.id}: open everywhere (tag) and open in part (open_when) at once")
        if not self.doc_url:
            object.__setattr__(self, "doc_url", documentation_page(self.citations))

    @property
    def decidable(self) -> bool:
        return self.kind is not Kind.UNDECIDABLE

    @property
    def accepted_codes(self) -> frozenset[str]:
        """The documented codes and every code RunInstances was observed to answer for this mistake."""
        documented = self.outcome.codes if self.outcome is not None else frozenset()
        return documented | {e.code for e in self.evidence if e.standing is Standing.ACCEPTED}

    @property
    def elsewhere_codes(self) -> frozenset[str]:
        """Codes EC2 used for this mistake in another operation or period: wrong here, but only minor."""
        return frozenset(e.code for e in self.evidence if e.standing is Standing.ELSEWHERE) - self.accepted_codes

    def evidence_for(self, code: str) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.code == code)

    def observed_only(self, code: str) -> tuple[Evidence, ...]:
        """The observations that make `code` acceptable where the documentation does not name it (empty for a
        documented code)."""
        documented = self.outcome.codes if self.outcome is not None else frozenset()
        if code in documented:
            return ()
        return tuple(e for e in self.evidence_for(code) if e.standing is Standing.ACCEPTED)

    @property
    def citation_text(self) -> str:
        return "; ".join(f'{c.source} "{c.quote}"' for c in self.citations)
