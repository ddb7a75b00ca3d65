"""The results of ONE conformance run: run metadata, one entry per rule, member coverage; JSON I/O.

`ResultsBuilder` (reports.builder) produces a `Results`; `Results.to_json()` writes the document described
in reports/SCHEMA.md and reports/results.schema.json; `Results.from_json()` reads it back. Both descriptions are
generated from these dataclasses (reports.schema_gen): each field says what it means (`field(metadata=doc(...))`),
and a key `to_json()` computes is one of its class's `JSON_DERIVED`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

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
from reports.fields import Derived, doc
from reports.score import Score
from strategies.case import Before, Call

SCHEMA_ID = "ec2-conformance/results"
SCHEMA_VERSION = 5  # 3: rules[].matched_evidence; 4: counterexample.before; 5: version stamps, changed


@dataclass(frozen=True)
class RunMeta:
    """Who was tested with what. No hostnames, no paths, no credentials."""

    target_name: str = field(metadata=doc("`moto`, `moto-server`, `endpoint`, `ministack`, `aws`, ...",
                                          json="target.name", nonempty=True))
    target_version: str = field(default="", metadata=doc("the target's version where known", json="target.version"))
    endpoint_url: str | None = field(default=None, metadata=doc("null for in-process targets and real EC2",
                                                                json="target.endpoint_url"))
    region: str | None = field(default=None, metadata=doc("the region the target was called in (null: none set)",
                                                          json="target.region"))
    profile: str = field(default="", metadata=doc("the Hypothesis / suite profile"))
    seed: str | None = field(default=None, metadata=doc("the Hypothesis seed"))
    started: str = field(default="", metadata=doc("when the run started: ISO 8601, UTC"))
    finished: str = field(default="", metadata=doc("when the run finished: ISO 8601, UTC"))
    duration_s: float = field(default=0.0, metadata=doc("wall time of the run, in seconds"))
    examples: int = field(default=0, metadata=doc("examples recorded"))
    versions: Mapping[str, str] = field(default_factory=dict, metadata=doc(
        "name → version: `botocore`, `boto3`, `moto`, `hypothesis`, `suite`, `python`"))
    stopped: str = field(default="", metadata=doc(
        "why the run stopped before it finished (empty when complete); `examples` says how far it got"))
    recorded_with: Mapping[str, str] = field(default_factory=dict, metadata=doc(
        "what the run measured: `target` (the target's name and version, as `target.version` reads) and `botocore`"
        " (the model's version); a baseline written by this run carries the same"))
    baseline_recorded_with: Mapping[str, str] = field(default_factory=dict, metadata=doc(
        "what the baseline was recorded with (empty: the baseline does not say)", json="baseline.recorded_with"))
    version_drift: str = field(default="", metadata=doc(
        "`baseline recorded with moto 5.2.5 (botocore 1.44.8), this run: moto 5.2.6 (botocore 1.44.18)` when the"
        " two differ (conformance.baseline), else empty; every report then marks new, fixed and changed signatures"
        " as possibly due to the upgrade", json="baseline.version_drift"))
    baseline_digest: str = field(default="", metadata=doc(
        "sha256 of the baseline's signatures and the tests that showed them (conformance.baseline.Baseline.digest):"
        " `ec2-conformance merge` merges only shards held against the same baseline", json="baseline.digest",
        optional=True))
    strict: bool = field(default=False, metadata=doc(
        "the run held every divergence as new (`--strict-conformance`)", json="ratchet.strict", optional=True))
    tests_run: tuple[str, ...] = field(default=(), metadata=doc(
        "the tests that recorded an example (`test_requests.py::test_x[y]`): a baseline signature is judged fixed"
        " or changed only when one of the tests that showed it ran", json="ratchet.tests_run", optional=True))
    chances: Mapping[str, int] = field(default_factory=dict, metadata=doc(
        "judged examples per rule (`R-ID|`) and per member a rule checks (`R-ID|Member`): a baseline signature is"
        " fixed only after FIXED_AFTER of them (conformance.baseline)", json="ratchet.chances", optional=True))
    shard: str = field(default="", metadata=doc(
        "`i/n` when the run was shard i of n (`--shard`); empty for a whole run and a merged one", optional=True))
    merged: tuple[str, ...] = field(default=(), metadata=doc(
        "the shards (`i/n`) `ec2-conformance merge` merged into this document, whose ratchet it decided again on"
        " their summed chances; empty for a run", optional=True))

    JSON_DERIVED: ClassVar[tuple[Derived, ...]] = (
        Derived("complete", bool, "false when the run stopped before it finished (a target that stopped answering)",
                after="versions"),
    )

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
                         "version_drift": self.version_drift, "digest": self.baseline_digest},
            "ratchet": {"strict": self.strict, "tests_run": list(self.tests_run), "chances": dict(sorted(
                self.chances.items()))},
            "shard": self.shard,
            "merged": list(self.merged),
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
            baseline_digest=doc.get("baseline", {}).get("digest", ""),
            strict=doc.get("ratchet", {}).get("strict", False),
            tests_run=tuple(doc.get("ratchet", {}).get("tests_run", ())),
            chances=dict(doc.get("ratchet", {}).get("chances", {})),
            shard=doc.get("shard", ""), merged=tuple(doc.get("merged", ())),
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

    params: Mapping[str, Any] = field(metadata=doc(
        "the request in botocore's API shape (`client.run_instances(**params)`), redacted"))
    expected: Expected = field(metadata=doc(
        "the oracle: `success`, `error` (any of `codes`, any of `statuses`) or `undetermined` (with `reason`)"))
    observed: Observed = field(metadata=doc("what the target did"))
    wire_edits: tuple[tuple[str, str | None], ...] = field(default=(), metadata=doc(
        "edits to the Query form (value null = key deleted); non-empty means boto3 cannot send it",
        keys=("key", "value"), item="wire_edit", nonempty=("key",)))
    mutation: Mapping[str, str] | None = field(default=None, metadata=doc(
        "what the generator meant to break (null for a valid request)", keys=("rule_id", "path", "name"),
        item="mutation"))
    node_id: str = field(default="", metadata=doc("the pytest node that ran the example"))
    finding: str = field(default="", metadata=doc(
        "how the rule diverged: `wrong code`, `accepted invalid request`, ..."))
    problems: tuple[str, ...] = field(default=(), metadata=doc("details of the finding"))
    signature: str = field(default="", metadata=doc(
        "the divergence signature the example shows (empty when it does not diverge)"))
    before: tuple[Before, ...] = field(default=(), metadata=doc(
        "the calls the answer depends on, made first (a stateful example): `RunInstances` with its request, or"
        " `TerminateInstances` with `{\"of\": i}`, the instances the i-th of these calls launched; reproducers make"
        " them first (absent in older documents = none)", optional=True))

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

    id: str = field(metadata=doc("the rule's id (`R-COUNT-3`), copied from the `Rule` object", nonempty=True))
    family: str = field(metadata=doc("the member family the rule belongs to, copied from the `Rule` object",
                                     nonempty=True))
    summary: str = field(metadata=doc("what the rule says, copied from the `Rule` object"))
    kind: str = field(metadata=doc("the rule's kind (validation, post-condition, ...), copied from the `Rule` object"))
    decidable: bool = field(metadata=doc("whether a request can decide the rule, copied from the `Rule` object"))
    citations: tuple[tuple[str, str], ...] = field(metadata=doc(
        "the rule's citations, copied from the `Rule` object", keys=("source", "quote"), item="citation"))
    doc_url: str = field(metadata=doc("the documentation page, copied from the `Rule` object"))
    status: RuleStatus = field(metadata=doc("the rule's status in this run, explained below the table"))
    examples: int = field(default=0, metadata=doc("examples that involved the rule"))
    verdicts: Mapping[ExampleVerdict, int] = field(default_factory=dict, metadata=doc(
        "verdict → number of examples (`{\"conforms\": 12, \"diverges\": 1}`)"))
    counterexample: Counterexample | None = field(default=None, metadata=doc(
        "the smallest example (by serialized size) with the rule's status; null for conforming and unexercised"
        " rules"))
    matched_evidence: tuple[tuple[EvidenceMatch, int], ...] = field(default=(), metadata=doc(
        "the real EC2 observations that made the target's answer acceptable where the documentation does not name"
        " its code (R-BDM-1's `MissingParameter`, moto pull request 2949, 2020), with the conforming examples that"
        " matched each; `observation` is the id in `conformance/evidence` (empty for evidence the rule records"
        " itself)", keys=("*", "examples"), item="evidence_match"))

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

    signature: Signature = field(metadata=doc(
        "the divergence signature (`R-LT-3 | post-condition | KeyName`), then its parts", spread=True))
    status: BaselineStatus = field(metadata=doc(
        "the baseline's word, exactly the ratchet's decision: `new`: not in the baseline, the run fails; `known`:"
        " in the baseline; `fixed`: in the baseline, had its chances and did not show, the run fails until the"
        " baseline drops it; `changed`: in the baseline, no longer shows while a signature of the same rule, kind"
        " and check does, with another code or crash class: never called fixed, the run fails until the baseline is"
        " updated"))
    severity: Severity = field(metadata=doc("how much the divergence weighs"))
    examples: int = field(default=0, metadata=doc("examples that showed it"))
    counterexample: Counterexample | None = field(default=None, metadata=doc(
        "the smallest example that showed it"))
    now: Signature | None = field(default=None, metadata=doc(
        "for a changed signature, the one seen instead (same rule, kind and check), whose examples and"
        " counterexample the entry carries (it is not listed again on its own); else empty", as_text=True))
    shown_alone: bool | None = field(default=None, metadata=doc(
        "for a post-condition divergence: whether its request, sent alone to the freshly reset target, showed it"
        " again (false: it depends on what earlier examples left, check it before trusting it); null where no"
        " replay ran (another kind, a stateful example, an older document)", optional=True))

    def to_json(self) -> dict[str, Any]:
        return {
            "signature": str(self.signature), **self.signature.to_json(), "status": self.status.value,
            "now": str(self.now) if self.now is not None else "",
            "severity": self.severity.value, "examples": self.examples,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "shown_alone": self.shown_alone,
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> SignatureResult:
        example = doc["counterexample"]
        return cls(
            signature=Signature.parse(doc["signature"]), status=BaselineStatus(doc["status"]),
            severity=Severity(doc["severity"]), examples=doc["examples"],
            counterexample=Counterexample.from_json(example) if example is not None else None,
            now=Signature.parse(doc["now"]) if doc.get("now") else None, shown_alone=doc.get("shown_alone"),
        )


@dataclass(frozen=True)
class Coverage:
    """Examples that used each top-level member (all 44 listed) and each nested leaf path; `read_back`:
    of those, the examples whose launch was read back (a valid request that launched) at a set value."""

    members: Mapping[str, int] = field(metadata=doc(
        "each of the 44 top-level members of `RunInstancesRequest` (botocore's model order) → examples whose request"
        " used it (0 for members no request used)"))
    leaves: Mapping[str, int] = field(metadata=doc(
        "each nested leaf path (`BlockDeviceMappings[].Ebs.VolumeSize`, lists written `[]`) → examples that used"
        " it"))
    read_back: Mapping[str, int] = field(default_factory=dict, metadata=doc(
        "each leaf path → the examples among those whose launch was read back (the oracle expected a launch and the"
        " target launched) at another value than the member's documented default (strategies.defaults: one read"
        " back at its default proves nothing); absent in older documents", optional=True))

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


def natural_key(rule_id: str) -> tuple[Any, ...]:
    """Sort key that puts R-COUNT-2 before R-COUNT-10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", rule_id))


@dataclass(frozen=True)
class Results:
    """One run's results: the document `to_json()` writes (results.json)."""

    meta: RunMeta = field(metadata=doc("what was tested, with what", json="run"))
    rules: tuple[RuleResult, ...] = field(metadata=doc(
        "one entry per rule: every rule of `conformance.rules.RULES`, exercised or not, plus any other rule id an"
        " example named"))
    coverage: Coverage = field(metadata=doc("member coverage"))
    show_user_data: bool = field(default=False, metadata=doc("whether UserData content was kept"))
    signatures: tuple[SignatureResult, ...] = field(default=(), metadata=doc(
        "one entry per divergence signature of the run, and per baseline signature it fixed or changed"))

    JSON_DERIVED: ClassVar[tuple[Derived, ...]] = (
        Derived("schema", str, "document type", after="", const=SCHEMA_ID),
        Derived("schema_version", int, "bumped on any incompatible change (3: `rules[].matched_evidence`; 4:"
                " `counterexample.before`; 5: `run.recorded_with`, `run.baseline`, the `changed` status)",
                after="schema", const=SCHEMA_VERSION),
        Derived("summary", Score, "the run's numbers, derived from `rules` and `signatures` (written for consumers,"
                " recomputed on load)", after="show_user_data"),
    )

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
