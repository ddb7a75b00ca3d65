"""The results of ONE conformance run: run metadata, one entry per rule, member coverage; JSON I/O.

`ResultsBuilder` (reports.builder) produces a `Results`; `Results.to_json()` writes the document described
in reports/SCHEMA.md and reports/results.schema.json; `Results.from_json()` reads it back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from conformance.example import ExampleResult, Expected, Observed
from conformance.findings import (
    BaselineStatus,
    EvidenceMatch,
    ExampleVerdict,
    Finding,
    RuleStatus,
    Severity,
    Signature,
)
from strategies.case import Before, Call

SCHEMA_ID = "ec2-conformance/results"
SCHEMA_VERSION = 5  # 3: rules[].matched_evidence; 4: counterexample.before; 5: version stamps, changed


@dataclass(frozen=True)
class RunMeta:
    """Who was tested with what. No hostnames, no paths, no credentials."""

    target_name: str
    target_version: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    profile: str = ""
    seed: str | None = None
    started: str = ""  # ISO 8601, UTC
    finished: str = ""
    duration_s: float = 0.0
    examples: int = 0
    # botocore, boto3, moto, hypothesis, suite, python (name -> version)
    versions: Mapping[str, str] = field(default_factory=dict)
    stopped: str = ""  # why the run stopped before it finished ("" for a run that finished)
    recorded_with: Mapping[str, str] = field(default_factory=dict)  # {"target", "botocore"}: what was measured
    baseline_recorded_with: Mapping[str, str] = field(default_factory=dict)  # the baseline's stamp ({}: none)
    version_drift: str = ""  # "baseline recorded with X, this run: Y" when they differ (conformance.baseline)

    @property
    def complete(self) -> bool:
        """The run finished: every test ran (a run cut short has partial numbers)."""
        return not self.stopped

    def to_json(self) -> dict[str, Any]:
        return {
            "target": {"name": self.target_name, "version": self.target_version,
                       "endpoint_url": self.endpoint_url, "region": self.region},
            "profile": self.profile,
            "seed": self.seed,
            "started": self.started,
            "finished": self.finished,
            "duration_s": self.duration_s,
            "examples": self.examples,
            "versions": dict(sorted(self.versions.items())),
            "complete": self.complete,
            "stopped": self.stopped,
            "recorded_with": dict(sorted(self.recorded_with.items())),
            "baseline": {"recorded_with": dict(sorted(self.baseline_recorded_with.items())),
                         "version_drift": self.version_drift},
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> RunMeta:
        target = doc["target"]
        return cls(
            target_name=target["name"], target_version=target["version"],
            endpoint_url=target.get("endpoint_url"), region=target.get("region"),
            profile=doc["profile"], seed=doc["seed"], started=doc["started"], finished=doc["finished"],
            duration_s=doc["duration_s"], examples=doc["examples"], versions=dict(doc["versions"]),
            stopped=doc.get("stopped", ""), recorded_with=dict(doc.get("recorded_with", {})),
            baseline_recorded_with=dict(doc.get("baseline", {}).get("recorded_with", {})),
            version_drift=doc.get("baseline", {}).get("version_drift", ""),
        )

    @property
    def label(self) -> str:
        """`name version`, how reports name the target; a version that already starts with the name (a server's
        own `localstack 4.14.0`) is not prefixed with it twice."""
        if self.target_version.split(" ", 1)[0] == self.target_name:
            return self.target_version
        return f"{self.target_name} {self.target_version}".strip()


@dataclass(frozen=True)
class Counterexample:
    """The smallest example with the rule's status: the request, its wire edits, the mutation, the outcomes.

    `params` are redacted; UserData is `{"size", "sha256"}` unless the run showed user data.
    `wire_edits` are `(key, value)` pairs, value None meaning "deleted".
    """

    params: Mapping[str, Any]
    expected: Expected
    observed: Observed
    wire_edits: tuple[tuple[str, str | None], ...] = ()
    mutation: Mapping[str, str] | None = None  # {"rule_id", "path", "name"}
    node_id: str = ""
    finding: str = ""  # how the rule diverged: "wrong code", "accepted invalid request", ...
    problems: tuple[str, ...] = ()
    signature: str = ""  # the divergence signature this example shows ("" when it does not diverge)
    before: tuple[Before, ...] = ()  # the calls its answer depends on, made first (a stateful example)

    @classmethod
    def of(cls, example: ExampleResult, finding: Finding | None = None) -> Counterexample:
        """The example as a report shows it, about one of its findings."""
        signature = finding.signature if finding is not None else None
        return cls(
            params=example.params, wire_edits=example.wire_edits, mutation=example.mutation,
            expected=example.expected, observed=example.observed, node_id=example.node_id, before=example.before,
            finding=finding.kind_text if finding is not None else "",
            problems=finding.problems if finding is not None else (),
            signature=str(signature) if signature is not None else "",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "params": dict(self.params),
            "before": [{"call": b.call.value, "params": dict(b.params)} for b in self.before],
            "wire_edits": [{"key": k, "value": v} for k, v in self.wire_edits],
            "mutation": dict(self.mutation) if self.mutation is not None else None,
            "expected": self.expected.to_json(),
            "observed": self.observed.to_json(),
            "finding": self.finding,
            "problems": list(self.problems),
            "signature": self.signature,
            "node_id": self.node_id,
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Counterexample:
        return cls(
            params=dict(doc["params"]),
            wire_edits=tuple((e["key"], e["value"]) for e in doc["wire_edits"]),
            mutation=dict(doc["mutation"]) if doc["mutation"] is not None else None,
            expected=Expected.from_json(doc["expected"]),
            observed=Observed.from_json(doc["observed"]),
            finding=doc["finding"],
            problems=tuple(doc["problems"]),
            signature=doc.get("signature", ""),
            node_id=doc["node_id"],
            before=tuple(Before(Call(b["call"]), dict(b["params"])) for b in doc.get("before", [])),
        )


@dataclass(frozen=True)
class RuleResult:
    """One rule in one run. Descriptive fields are copied from the Rule object, never restated."""

    id: str
    family: str
    summary: str
    kind: str
    decidable: bool
    citations: tuple[tuple[str, str], ...]  # (source, quote)
    doc_url: str
    status: RuleStatus
    examples: int = 0
    verdicts: Mapping[ExampleVerdict, int] = field(default_factory=dict)  # examples per verdict
    counterexample: Counterexample | None = None
    # the observations (not the documentation) that made the target's conforming codes acceptable, with the
    # examples that matched each
    matched_evidence: tuple[tuple[EvidenceMatch, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "family": self.family, "summary": self.summary, "kind": self.kind,
            "decidable": self.decidable,
            "citations": [{"source": s, "quote": q} for s, q in self.citations],
            "doc_url": self.doc_url, "status": self.status.value, "examples": self.examples,
            "verdicts": {v.value: n for v, n in sorted(self.verdicts.items(), key=lambda item: item[0].value)},
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "matched_evidence": [{**e.to_json(), "examples": n} for e, n in self.matched_evidence],
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> RuleResult:
        example = doc["counterexample"]
        return cls(
            id=doc["id"], family=doc["family"], summary=doc["summary"], kind=doc["kind"],
            decidable=doc["decidable"], citations=tuple((c["source"], c["quote"]) for c in doc["citations"]),
            doc_url=doc["doc_url"], status=RuleStatus(doc["status"]), examples=doc["examples"],
            verdicts={ExampleVerdict(v): n for v, n in doc["verdicts"].items()},
            counterexample=Counterexample.from_json(example) if example is not None else None,
            matched_evidence=tuple((EvidenceMatch.from_json(m), m["examples"]) for m in doc["matched_evidence"]),
        )

    @property
    def citation_text(self) -> str:
        return "; ".join(f'{source} "{quote}"' for source, quote in self.citations)


SIGNATURE_STATUSES = tuple(BaselineStatus)


@dataclass(frozen=True)
class SignatureResult:
    """One divergence signature of a run, held against the target's baseline (conformance.baseline.Ratchet).

    `status` (conformance.findings.BaselineStatus): new (not in the baseline: the run fails), known (in the
    baseline), fixed (in the baseline, had its chances in this run and did not show: the run fails until the
    baseline drops it), changed (in the baseline, now seen as `now`, the same rule, kind and check with another
    code or crash class: the run fails until the baseline is updated).
    """

    signature: Signature
    status: BaselineStatus
    severity: Severity
    examples: int = 0
    counterexample: Counterexample | None = None
    now: Signature | None = None  # a changed signature's replacement

    def to_json(self) -> dict[str, Any]:
        return {
            "signature": str(self.signature), **self.signature.to_json(), "status": self.status.value,
            "now": str(self.now) if self.now is not None else "",
            "severity": self.severity.value, "examples": self.examples,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> SignatureResult:
        example = doc["counterexample"]
        return cls(
            signature=Signature.parse(doc["signature"]), status=BaselineStatus(doc["status"]),
            severity=Severity(doc["severity"]), examples=doc["examples"],
            counterexample=Counterexample.from_json(example) if example is not None else None,
            now=Signature.parse(doc["now"]) if doc.get("now") else None,
        )


@dataclass(frozen=True)
class Coverage:
    """Examples that used each top-level member (all 44 listed) and each nested leaf path; `read_back`:
    of those, the examples whose launch was read back (a valid request that launched)."""

    members: Mapping[str, int]
    leaves: Mapping[str, int]
    read_back: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"members": dict(self.members), "leaves": dict(self.leaves), "read_back": dict(self.read_back)}

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Coverage:
        return cls(members=dict(doc["members"]), leaves=dict(doc["leaves"]),
                   read_back=dict(doc.get("read_back", {})))

    def leaves_under(self, member: str) -> dict[str, int]:
        """Nested leaf paths of one top-level member (the member itself excluded)."""
        return {p: n for p, n in self.leaves.items() if p != member and member_of(p) == member}


def member_of(path: str) -> str:
    """The top-level member of a path such as `BlockDeviceMappings[].Ebs.VolumeSize`."""
    return re.split(r"[.\[{]", path, maxsplit=1)[0]


# The run's numbers, defined once: (JSON key of `summary`, label, meaning). Console, JSON, Markdown, HTML and
# README all say these, computed by `Results.score()`.
NUMBERS: tuple[tuple[str, str, str], ...] = (
    ("catalogued", "rules catalogued", "every rule of the catalogue (conformance.rules), decidable or not"),
    ("decidable", "decidable", "catalogued rules a request can decide (the others: capacity, quota, ...)"),
    ("exercised", "exercised", "decidable rules this run reached a verdict on: conforming + diverging"),
    ("conforming", "conforming", "exercised rules whose every decided example behaved as documented"),
    ("diverging", "diverging", "exercised rules with at least one divergence (baselined or not)"),
    ("crashes", "crashing", "diverging rules where the target crashed (a baselined crash is still a crash)"),
    ("undetermined", "undetermined", "decidable rules examples reached but no example decided"),
    ("new", "new", "divergence signatures the baseline does not list: the run fails"),
    ("known", "known", "divergence signatures the baseline lists"),
    ("fixed", "fixed", "baseline signatures that had their chances and did not show: the run fails"),
    ("changed", "changed", "baseline signatures now seen with another code or crash class: the run fails"),
    ("examples", "examples", "examples run (requests judged)"),
)
PARTIAL = "partial"


@dataclass(frozen=True)
class Score:
    """The numbers of a run (or of a family of rules), as NUMBERS defines them."""

    catalogued: int
    decidable: int
    exercised: int
    conforming: int
    diverging: int
    crashes: int
    undetermined: int
    examples: int = 0
    new_signatures: int = 0
    known_signatures: int = 0
    fixed_signatures: int = 0
    changed_signatures: int = 0
    complete: bool = True

    @property
    def ratio(self) -> float | None:
        return self.conforming / self.exercised if self.exercised else None

    @property
    def percent_text(self) -> str:
        """`18.4%`, or `18.4% (partial)` for a run that did not finish."""
        text = "n/a" if self.ratio is None else f"{100 * self.ratio:.1f}%"
        return text if self.complete else f"{text} ({PARTIAL})"

    @property
    def fails(self) -> bool:
        """The baseline ratchet fails this run: a new signature, or a fixed or changed one still listed."""
        return bool(self.new_signatures or self.fixed_signatures or self.changed_signatures)

    def rules_text(self) -> str:
        """`174 rules catalogued, 132 decidable, 125 exercised: 23 conforming, 102 diverging (16 crashing)`."""
        crashing = f" ({self.crashes} crashing)" if self.crashes else ""
        return (f"{self.catalogued} rules catalogued, {self.decidable} decidable, {self.exercised} exercised: "
                f"{self.conforming} conforming, {self.diverging} diverging{crashing}")

    def signatures_text(self) -> str:
        """`divergence signatures: 0 new, 135 known, 0 fixed` (`, 1 changed` when one changed)."""
        changed = f", {self.changed_signatures} changed" if self.changed_signatures else ""
        return (f"divergence signatures: {self.new_signatures} new, {self.known_signatures} known, "
                f"{self.fixed_signatures} fixed{changed}")

    def text(self) -> str:
        """The one sentence every output prints (console, Markdown, HTML)."""
        partial = "" if self.complete else " (PARTIAL: the run did not finish)"
        return (f"score {self.percent_text}; {self.rules_text()}; {self.signatures_text()}; "
                f"{self.examples} examples{partial}")

    def to_json(self) -> dict[str, Any]:
        return {"complete": self.complete, "catalogued": self.catalogued, "decidable": self.decidable,
                "exercised": self.exercised, "conforming": self.conforming, "diverging": self.diverging,
                "crashes": self.crashes, "undetermined": self.undetermined,
                "score": None if self.ratio is None else round(self.ratio, 4),
                "signatures": {"new": self.new_signatures, "known": self.known_signatures,
                               "fixed": self.fixed_signatures, "changed": self.changed_signatures},
                "examples": self.examples}


def natural_key(rule_id: str) -> tuple[Any, ...]:
    """Sort key that puts R-COUNT-2 before R-COUNT-10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", rule_id))


@dataclass(frozen=True)
class Results:
    meta: RunMeta
    rules: tuple[RuleResult, ...]
    coverage: Coverage
    show_user_data: bool = False
    signatures: tuple[SignatureResult, ...] = ()

    def score(self, rules: tuple[RuleResult, ...] | None = None) -> Score:
        """The run's numbers (NUMBERS), for all rules or a subset (a family)."""
        chosen = self.rules if rules is None else rules
        decidable = [r for r in chosen if r.decidable]
        return Score(
            catalogued=len(chosen),
            decidable=len(decidable),
            exercised=sum(r.status.is_decided for r in decidable),
            conforming=sum(r.status.is_conforming for r in decidable),
            diverging=sum(r.status.is_divergence for r in decidable),
            crashes=sum(r.status is RuleStatus.CRASH for r in decidable),
            undetermined=sum(r.status is RuleStatus.UNDETERMINED for r in decidable),
            examples=self.meta.examples if rules is None else sum(r.examples for r in chosen),
            complete=self.meta.complete,
            **self._signature_counts({r.id for r in chosen}),
        )

    def _signature_counts(self, rule_ids: set[str]) -> dict[str, int]:
        mine = [s for s in self.signatures if s.signature.rule_id in rule_ids]
        return {f"{status.value}_signatures": sum(s.status is status for s in mine) for status in SIGNATURE_STATUSES}

    def signatures_by_status(self, status: BaselineStatus) -> tuple[SignatureResult, ...]:
        """Signatures with this status, most severe first."""
        chosen = [s for s in self.signatures if s.status is BaselineStatus(status)]
        return tuple(sorted(chosen, key=lambda s: (s.severity.rank, natural_key(s.signature.rule_id),
                                                   str(s.signature))))

    def families(self) -> dict[str, tuple[RuleResult, ...]]:
        """Rules grouped by member family, families and ids in a stable order."""
        groups: dict[str, list[RuleResult]] = {}
        for result in sorted(self.rules, key=lambda r: (r.family, natural_key(r.id))):
            groups.setdefault(result.family, []).append(result)
        return {family: tuple(rules) for family, rules in groups.items()}

    def rule(self, rule_id: str) -> RuleResult:
        for result in self.rules:
            if result.id == rule_id:
                return result
        raise KeyError(f"no rule {rule_id!r} in these results")

    def divergences(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.status.is_divergence)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION,
            "run": self.meta.to_json(),
            "show_user_data": self.show_user_data,
            "summary": self.score().to_json(),
            "rules": [r.to_json() for r in self.rules],
            "signatures": [s.to_json() for s in self.signatures],
            "coverage": self.coverage.to_json(),
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Results:
        """Read a results document (validate it first: see reports.schema.validate)."""
        return cls(
            meta=RunMeta.from_json(doc["run"]),
            rules=tuple(RuleResult.from_json(r) for r in doc["rules"]),
            coverage=Coverage.from_json(doc["coverage"]),
            show_user_data=doc["show_user_data"],
            signatures=tuple(SignatureResult.from_json(s) for s in doc["signatures"]),
        )
