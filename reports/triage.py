"""What to fix first: a run's divergence signatures grouped into problems, in the order a maintainer acts.

A *problem* is one observed answer: the same crash class and message shape, or the same error code and message
shape, whatever rule it was charged to (73 identical HTTP 500s are one problem); a request that was answered
with success (an accepted invalid request, a broken post-condition), and a refusal that launched or created
something anyway (a side effect), is one problem per rule and kind.
Problems are ordered by tier (new signatures first, then crashes, known or not, then accepted invalid
requests and side effects: what was refused was launched all the same, then wrong codes, the rest), then
severity, then how many examples showed them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from conformance.findings import BaselineStatus, Divergence, Severity
from conformance.outcome import OutcomeKind
from reports.results import Results, SignatureResult, natural_key

_UNLISTED = (BaselineStatus.NEW, BaselineStatus.CHANGED)  # the baseline does not list them as they are now


class Tier(Enum):
    """Triage order: the first tier is fixed first."""

    NEW = "new"
    CRASH = "crash"
    ACCEPTED_INVALID = "accepted invalid request"
    WRONG_CODE = "wrong code"
    OTHER = "other"

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


_KIND_TIER = {Divergence.CRASH: Tier.CRASH, Divergence.THROTTLED: Tier.CRASH,
              Divergence.ACCEPTED_INVALID: Tier.ACCEPTED_INVALID, Divergence.SIDE_EFFECT: Tier.ACCEPTED_INVALID,
              Divergence.WRONG_CODE: Tier.WRONG_CODE, Divergence.WRONG_STATUS: Tier.WRONG_CODE}

# Ids, quoted values and numbers differ from example to example; the message's shape does not.
_SHAPES = (
    (re.compile(r"\b[a-z]{1,12}-[0-9a-f]{8,17}\b"), "<id>"),
    (re.compile(r"arn:aws[\w:/.-]*"), "<arn>"),
    (re.compile(r"'[^']*'|\"[^\"]*\""), "<value>"),
    (re.compile(r"\d+(\.\d+)?"), "<n>"),
)
SHAPE_LENGTH = 160


def message_shape(message: str | None) -> str:
    """A message with ids, ARNs, quoted values and numbers replaced: `invalid literal for int(): <value>`."""
    text = " ".join((message or "").split())
    for pattern, placeholder in _SHAPES:
        text = pattern.sub(placeholder, text)
    return text[:SHAPE_LENGTH]


def kind_tier(signature: SignatureResult) -> Tier:
    return _KIND_TIER.get(signature.signature.kind, Tier.OTHER)


def answer_of(signature: SignatureResult) -> str:
    """What the target answered, as a problem is named: `crash HTTP 500: ValueError: <shape>`,
    `error MissingParameter HTTP 400: <shape>`, or for an answer that was a success `accepted invalid request
    (R-ENUM-1)`, for a side effect what it left `side effect: instance (R-IAM-1)`."""
    sig = signature.signature
    example = signature.counterexample
    if sig.kind is Divergence.SIDE_EFFECT:
        return f"{sig.kind.value}: {sig.observed} ({sig.rule_id})"
    if example is None or example.observed.kind is OutcomeKind.SUCCESS:
        return f"{sig.kind.value} ({sig.rule_id})"
    observed = example.observed
    head = " ".join(p for p in (observed.kind.value, observed.code or "",
                                f"HTTP {observed.status}" if observed.status else "") if p)
    shape = message_shape(observed.message)
    if sig.kind.is_crash and sig.observed and sig.observed not in head and not shape.startswith(sig.observed):
        shape = f"{sig.observed}: {shape}" if shape else sig.observed
    return f"{head}: {shape}" if shape else head


def group_key(signature: SignatureResult) -> tuple[str, ...]:
    """Signatures with the same key are one problem (see the module docstring)."""
    sig = signature.signature
    example = signature.counterexample
    if example is None or example.observed.kind is OutcomeKind.SUCCESS or sig.kind is Divergence.SIDE_EFFECT:
        return (OutcomeKind.SUCCESS.value, sig.kind.value, sig.rule_id)
    crash = "crash" if sig.kind.is_crash else "answer"
    return (crash, answer_of(signature))


@dataclass(frozen=True)
class Problem:
    """One observed answer and every signature that showed it."""

    answer: str
    signatures: tuple[SignatureResult, ...]  # most severe first

    @property
    def is_new(self) -> bool:
        """Any of its signatures is one the baseline does not list as it is (new, or changed)."""
        return any(s.status in _UNLISTED for s in self.signatures)

    @property
    def status(self) -> BaselineStatus:
        """NEW when any of its signatures is new, CHANGED when one changed, else KNOWN."""
        statuses = {s.status for s in self.signatures}
        return next((s for s in _UNLISTED if s in statuses), BaselineStatus.KNOWN)

    @property
    def kinds(self) -> tuple[Divergence, ...]:
        return tuple(dict.fromkeys(s.signature.kind for s in self.signatures))

    @property
    def is_crash(self) -> bool:
        return any(s.signature.kind.is_crash for s in self.signatures)

    @property
    def tier(self) -> Tier:
        """NEW for a problem with a new signature; otherwise the tier of its most urgent kind."""
        if self.is_new:
            return Tier.NEW
        return min((kind_tier(s) for s in self.signatures), key=lambda t: t.rank)

    @property
    def severity(self) -> Severity:
        return min((s.severity for s in self.signatures), key=lambda s: s.rank)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(sorted({s.signature.rule_id for s in self.signatures}, key=natural_key))

    @property
    def examples(self) -> int:
        return sum(s.examples for s in self.signatures)

    @property
    def example(self) -> SignatureResult:
        """The signature whose (smallest) counterexample the report shows: a new one first, then the smallest."""
        with_example = [s for s in self.signatures if s.counterexample is not None] or list(self.signatures)
        return min(with_example, key=lambda s: (s.status not in _UNLISTED, len(repr(s.counterexample))))

    @property
    def anchor(self) -> str:
        """A stable HTML/Markdown anchor."""
        first = self.signatures[0].signature
        text = f"p-{first.rule_id}-{first.kind.value}-{first.check}-{first.observed}".lower()
        return re.sub(r"[^a-z0-9]+", "-", text).strip("-")

    def sort_key(self) -> tuple[int, int, int, tuple[object, ...]]:
        return (self.tier.rank, self.severity.rank, -self.examples, natural_key(self.rules[0]))


def problems(results: Results) -> list[Problem]:
    """The run's divergence signatures (new and known; fixed ones are listed apart) as problems, fix-first order."""
    groups: dict[tuple[str, ...], list[SignatureResult]] = {}
    for signature in results.signatures:
        if signature.status is not BaselineStatus.FIXED:
            groups.setdefault(group_key(signature), []).append(signature)
    found = []
    for members in groups.values():
        ordered = sorted(members, key=lambda s: (s.status not in _UNLISTED, s.severity.rank, -s.examples,
                                                 natural_key(s.signature.rule_id), str(s.signature)))
        found.append(Problem(answer_of(ordered[0]), tuple(ordered)))
    return sorted(found, key=Problem.sort_key)


def fixed(results: Results) -> tuple[SignatureResult, ...]:
    """Exactly the ratchet's fixed signatures (they fail the run until the baseline drops them)."""
    return results.signatures_by_status(BaselineStatus.FIXED)
