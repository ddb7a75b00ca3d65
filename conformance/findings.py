"""The judging vocabulary, shared by the verdict, the baselines, the results and the reports (a leaf: stdlib only).

- `ExampleVerdict`: a rule's verdict for one example; `RuleStatus`: a rule's status in a run.
- `Divergence`: how a target diverged; `Undetermined`: why no verdict was reached.
- `Severity`: how much a divergence weighs.
- `FailedCheck`: one failed check of a post-condition (the member path or check name, and what was seen).
- `Signature`: what tells one root cause from another, stable across runs, seeds and worker counts.
- `Finding`: one rule's verdict for one example, with its signature when it diverges.
- `EvidenceMatch`: the real EC2 observation a conforming answer matched, where only an observation (not the
  documentation) makes its code acceptable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import total_ordering
from typing import Any

UNDETERMINED = "undetermined"  # the one spelling: an expectation, a verdict, a rule status, a reason, a rule tag


class Expect(Enum):
    """What the oracle expects of a case."""

    SUCCESS = "success"  # a launch, with its post-conditions
    ERROR = "error"  # one of the expectation's codes, with one of its statuses
    UNDETERMINED = UNDETERMINED  # neither docs nor observations decide: recorded, never asserted


class ExampleVerdict(Enum):
    """A rule's verdict for one example."""

    CONFORMS = "conforms"
    DIVERGES = "diverges"
    CRASH = "target crash"
    UNDETERMINED = UNDETERMINED

    @property
    def rank(self) -> int:
        """A rule's status in a run is its examples' highest-ranked verdict."""
        return _VERDICT_RANK[self]

    @property
    def diverges(self) -> bool:
        return self in (ExampleVerdict.DIVERGES, ExampleVerdict.CRASH)


_VERDICT_RANK = {verdict: rank for rank, verdict in enumerate(
    (ExampleVerdict.UNDETERMINED, ExampleVerdict.CONFORMS, ExampleVerdict.DIVERGES, ExampleVerdict.CRASH))}


class RuleStatus(Enum):
    """A rule's status in a run: its examples' most severe verdict, held against the baseline."""

    CONFORMS = "conforms"
    DIVERGES = "diverges"
    CRASH = "target crash"
    UNDETERMINED = UNDETERMINED
    NOT_EXERCISED = "not exercised"
    KNOWN_DIVERGENCE = "known divergence"  # every divergence of the rule is in the baseline
    FIXED = "fixed"  # the rule shows none of its baseline signatures any more

    @classmethod
    def of(cls, verdict: ExampleVerdict) -> RuleStatus:
        return cls(verdict.value)

    @property
    def is_divergence(self) -> bool:
        return self in (RuleStatus.DIVERGES, RuleStatus.CRASH, RuleStatus.KNOWN_DIVERGENCE)

    @property
    def is_conforming(self) -> bool:
        return self in (RuleStatus.CONFORMS, RuleStatus.FIXED)

    @property
    def is_decided(self) -> bool:
        """The rule was exercised and the run reached a verdict on it."""
        return self.is_divergence or self.is_conforming

    def held_against(self, signatures: Iterable[BaselineStatus]) -> RuleStatus:
        """This status with the baseline's word on the rule's signatures (conformance.baseline.Ratchet decided
        each): a rule whose every divergence the baseline lists is a known divergence; a rule that shows none of
        its baseline signatures any more, and no other divergence, is fixed. A crash stays a crash, baselined or
        not (its signatures say whether the baseline lists it)."""
        statuses = set(signatures)
        unlisted = {BaselineStatus.NEW, BaselineStatus.CHANGED}
        if self is RuleStatus.DIVERGES and statuses and not unlisted & statuses:
            return RuleStatus.KNOWN_DIVERGENCE if BaselineStatus.KNOWN in statuses else self
        if not self.is_divergence and BaselineStatus.FIXED in statuses:
            return RuleStatus.FIXED
        return self


class Severity(Enum):
    """How much a divergence weighs (reports order by it, most severe first)."""

    SEVERE = "severe"  # accepts what EC2 refuses, launches under DryRun or on a refusal, crashes
    MAJOR = "major"  # a wrong answer of another family, a refused valid request, a broken post-condition
    MINOR = "minor"  # a code EC2 itself has used for the same mistake elsewhere, an envelope detail

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.SEVERE: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


class Divergence(Enum):
    """How a target diverged from what EC2 documents or was observed to do."""

    ACCEPTED_INVALID = "accepted invalid request"
    WRONG_CODE = "wrong code"
    WRONG_STATUS = "wrong status"
    REFUSED_VALID = "refused valid request"
    LAUNCHED_UNDER_DRY_RUN = "launched under DryRun"
    DRY_RUN_SKIPPED_VALIDATION = "DryRun skipped validation"
    MALFORMED_ENVELOPE = "malformed error envelope"
    POSTCONDITION = "post-condition"
    CRASH = "target crash"
    THROTTLED = "target throttled"
    IDEMPOTENCY = "idempotent retry broken"
    LIFECYCLE = "lifecycle"
    SIDE_EFFECT = "side effect"  # a refusal or crash that launched or created something anyway

    @property
    def severity(self) -> Severity:
        """The default weight of this kind of divergence (the oracle may lower a wrong code's)."""
        return _SEVERITY.get(self, Severity.MAJOR)

    @property
    def is_crash(self) -> bool:
        return self in (Divergence.CRASH, Divergence.THROTTLED)


_SEVERITY = {
    Divergence.ACCEPTED_INVALID: Severity.SEVERE,
    Divergence.LAUNCHED_UNDER_DRY_RUN: Severity.SEVERE,
    Divergence.SIDE_EFFECT: Severity.SEVERE,
    Divergence.DRY_RUN_SKIPPED_VALIDATION: Severity.SEVERE,
    Divergence.CRASH: Severity.SEVERE,
    Divergence.THROTTLED: Severity.MINOR,
    Divergence.MALFORMED_ENVELOPE: Severity.MINOR,
    Divergence.WRONG_STATUS: Severity.MINOR,
}


class Undetermined(Enum):
    """Why an example reached no verdict on a rule."""

    NOT_SENT = "not sent"  # the client refused to send it
    MASKED = "masked by a refusal"  # the target refused another, valid part of the request
    ORIGIN_REFUSED = "valid origin refused too"  # the same answer came back for the unmutated request
    ENVIRONMENTAL = "environmental"  # capacity, quota: no request decides it
    UNDECIDED = UNDETERMINED  # neither the docs nor observations decide
    EXHAUSTED = "target exhausted"  # leftovers (a full subnet, a quota) decided the answer, not the rule
    NOT_VALIDATED = "not validated without DryRun"  # DryRun skipped nothing: the plain request is accepted too


@dataclass(frozen=True)
class FailedCheck:
    """One failed check of a post-condition or answer check: `check` names the member path or check (stable),
    `text` says what was seen."""

    check: str
    text: str

    def __str__(self) -> str:
        return self.text


_INDEX = re.compile(r"\[\d+\]")


def member_pattern(path: str) -> str:
    """`BlockDeviceMappings[1].Ebs.Iops` -> `BlockDeviceMappings[].Ebs.Iops`: list indices never matter."""
    return _INDEX.sub("[]", path)


_SEPARATOR = " | "


@total_ordering
@dataclass(frozen=True)
class Signature:
    """What tells one divergence from another: rule, kind, the member or check that failed, and (where it
    matters) the observed code or crash class. Never ids, random values or counts."""

    # metadata: each field's meaning in results.json (reports.schema_gen)
    rule_id: str = field(metadata={"doc": "the rule that diverged", "json": "rule", "nonempty": True})
    kind: Divergence = field(metadata={"doc": "how it diverged"})
    check: str = field(default="", metadata={"doc": "the member path or check that failed (empty: none)"})
    observed: str = field(default="", metadata={
        "doc": "the observed code or crash class, where it tells causes apart (else empty)"})

    def __str__(self) -> str:
        """`R-LT-3 | post-condition | KeyName`, `R-NET-13 | target crash | - | HTTP 500` (`-`: no check)."""
        parts = [self.rule_id, self.kind.value, self.check or "-", self.observed]
        return _SEPARATOR.join(parts if self.observed else parts[:3] if self.check else parts[:2])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Signature):
            return NotImplemented
        return self._key() < other._key()

    def _key(self) -> tuple[str, str, str, str]:
        return (self.rule_id, self.kind.value, self.check, self.observed)

    @classmethod
    def parse(cls, text: str) -> Signature:
        """The inverse of `str()`; raises ValueError on a string that is not a signature."""
        parts = text.split(_SEPARATOR)
        if len(parts) < 2 or len(parts) > 4 or not parts[0].startswith("R-"):
            raise ValueError(f"not a divergence signature: {text!r} (expected 'R-ID | kind | check | observed')")
        if parts[1] not in {d.value for d in Divergence}:
            raise ValueError(f"not a divergence signature: {text!r} ({parts[1]!r} is not a divergence kind)")
        check = parts[2] if len(parts) > 2 and parts[2] != "-" else ""
        observed = parts[3] if len(parts) > 3 else ""
        return cls(parts[0], Divergence(parts[1]), check, observed)

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule_id, "kind": self.kind.value, "check": self.check, "observed": self.observed}


class BaselineStatus(StrEnum):
    """A run's signature held against the target's baseline (decided once, by conformance.baseline.Ratchet)."""

    NEW = "new"  # not in the baseline: the run fails
    KNOWN = "known"  # in the baseline
    FIXED = "fixed"  # in the baseline, had its chances and did not show: the run fails until it is removed
    CHANGED = "changed"  # in the baseline, no longer shows, while its rule, kind and check still diverge with
    # another code or crash class: the run fails until the baseline is updated; never called fixed

    @property
    def fails(self) -> bool:
        return self is not BaselineStatus.KNOWN


def stamp_text(stamp: Mapping[str, str]) -> str:
    """A version stamp (a baseline's or a run's `recorded_with`) as `moto 5.2.6 (botocore 1.44.18)`; `-` for none."""
    if not stamp:
        return "-"
    return f"{stamp.get('target', 'unknown')} (botocore {stamp.get('botocore', 'unknown')})"


def same_divergence(one: Signature, other: Signature) -> bool:
    """The same rule, kind and check: two signatures that differ at most in the observed code or crash class."""
    return (one.rule_id, one.kind, one.check) == (other.rule_id, other.kind, other.check)


def chance_key(rule_id: str, check: str = "") -> str:
    """Where a run counts the judged examples of a rule (or of one member it checks): how often a baseline
    signature had the chance to show."""
    return f"{rule_id}|{check}"


@dataclass(frozen=True, order=True)
class EvidenceMatch:
    """The observation behind an accepted code: the code, when and where EC2 answered it, and its recorded id."""

    # metadata: each field's meaning in results.json (reports.schema_gen)
    code: str = field(metadata={"doc": "the code EC2 answered", "nonempty": True})
    date: str = field(metadata={"doc": "when it answered it"})
    source: str = field(metadata={"doc": "where it was observed", "nonempty": True})
    observation: str = field(default="", metadata={
        "doc": "the id in conformance/evidence (empty for evidence recorded in the rule itself)"})

    def describe(self) -> str:
        """`MissingParameter (2020, https://github.com/getmoto/moto/pull/2949)`."""
        where = f"{self.observation}, " if self.observation else ""
        return f"{self.code} ({where}{self.date}, {self.source})"

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "date": self.date, "source": self.source, "observation": self.observation}

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> EvidenceMatch:
        return cls(str(doc["code"]), str(doc["date"]), str(doc["source"]), str(doc.get("observation", "")))


@dataclass(frozen=True)
class Finding:
    """One rule's verdict for one example.

    `kind` says how it diverged (a Divergence) or why it stayed open (an Undetermined); `check` is the member
    path or check that failed, `observed` the code or crash class where it tells causes apart. `covers` are
    the checks this example exercised for the rule (how often a baseline signature had a chance to show).
    `matched` is the evidence a conforming answer's code was accepted on, where the documentation does not
    name that code. `alone`, for a post-condition divergence: whether the same request, sent alone to the
    freshly reset target, showed it again (None: not replayed; conformance.runner).
    """

    rule_id: str
    status: ExampleVerdict
    kind: Divergence | Undetermined | None = None
    problems: tuple[str, ...] = ()
    check: str = ""
    observed: str = ""
    severity: Severity | None = None
    covers: tuple[str, ...] = ()
    matched: tuple[EvidenceMatch, ...] = ()
    alone: bool | None = None

    @property
    def diverges(self) -> bool:
        return self.status.diverges

    @property
    def signature(self) -> Signature | None:
        if not self.diverges or not isinstance(self.kind, Divergence):
            return None
        return Signature(self.rule_id, self.kind, self.check, self.observed)

    @property
    def weight(self) -> Severity | None:
        """The finding's severity: its own, else its kind's (None for a finding that does not diverge)."""
        if not self.diverges or not isinstance(self.kind, Divergence):
            return None
        return self.severity or self.kind.severity

    @property
    def kind_text(self) -> str:
        return "" if self.kind is None else self.kind.value


__all__ = [
    "UNDETERMINED",
    "BaselineStatus",
    "Divergence",
    "EvidenceMatch",
    "ExampleVerdict",
    "Expect",
    "FailedCheck",
    "Finding",
    "RuleStatus",
    "Severity",
    "Signature",
    "Undetermined",
    "chance_key",
    "member_pattern",
]
