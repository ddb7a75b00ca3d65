"""Accumulate examples into `Results`, xdist-safe.

The pytest plugin makes one `ResultsBuilder(meta)` per process and calls `.record(result)` once per example
(a conformance.example.ExampleResult). On an xdist worker, `builder.state()` (plain JSON) goes into
`workeroutput`; the controller calls `.merge(state)` for each worker, then `.build()` once. Everything is
redacted when recorded, so a worker's state never carries credentials either. Merging is order-independent:
the same records give the same results whichever process saw them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from conformance.example import ExampleResult
from conformance.findings import (
    BaselineStatus,
    EvidenceMatch,
    ExampleVerdict,
    Finding,
    RuleStatus,
    Severity,
    Signature,
    chance_key,
)
from reports.redact import Disclosure, Redactor
from reports.results import (
    Counterexample,
    Coverage,
    Results,
    RuleResult,
    RunMeta,
    SignatureResult,
    member_of,
)
from strategies.defaults import defaulted_only
from strategies.model import leaf_paths, leaves_of, top_level_members

if TYPE_CHECKING:  # conformance.rules is imported when a builder is made, so rendering never needs it
    from conformance.rules.core import Rule

# 2: a rule's tally carries the evidence its conforming codes matched; 3: a signature, whether a replay alone showed it
STATE_VERSION = 3


def _size_key(example: Mapping[str, Any]) -> tuple[int, str]:
    text = json.dumps(example, sort_keys=True, separators=(",", ":"))
    return len(text), text


@dataclass
class _RuleTally:
    examples: int = 0
    verdicts: dict[ExampleVerdict, int] = field(default_factory=dict)
    # the smallest example seen for each verdict a report can show (not CONFORMS), as counterexample JSON
    smallest: dict[ExampleVerdict, dict[str, Any]] = field(default_factory=dict)

    _keys: dict[ExampleVerdict, tuple[int, str]] = field(default_factory=dict)  # size keys of `smallest`
    # the observations conforming answers were accepted on (EvidenceMatch JSON, sorted keys) -> examples
    matched: dict[str, int] = field(default_factory=dict)

    def count(self, verdict: ExampleVerdict, count: int = 1) -> None:
        self.examples += count
        self.verdicts[verdict] = self.verdicts.get(verdict, 0) + count

    def offer(self, verdict: ExampleVerdict, example: dict[str, Any],
              shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
        """Keep `example` (as `shown` writes it) if it is the smallest seen for `verdict`."""
        key = _size_key(example)
        if verdict not in self._keys or key < self._keys[verdict]:
            self.smallest[verdict], self._keys[verdict] = example if shown is None else shown(example), key

    def match(self, evidence: Iterable[EvidenceMatch], count: int = 1) -> None:
        for one in evidence:
            key = json.dumps(one.to_json(), sort_keys=True)
            self.matched[key] = self.matched.get(key, 0) + count

    def matched_evidence(self) -> tuple[tuple[EvidenceMatch, int], ...]:
        found = [(EvidenceMatch.from_json(json.loads(key)), count) for key, count in self.matched.items()]
        return tuple(sorted(found))

    def to_json(self) -> dict[str, Any]:
        return {"examples": self.examples, "verdicts": {v.value: n for v, n in self.verdicts.items()},
                "smallest": {v.value: example for v, example in self.smallest.items()}, "matched": self.matched}


@dataclass
class _SignatureTally:
    """How often one divergence signature showed, how severe it was, and its smallest example."""

    examples: int = 0
    severity: Severity = Severity.MINOR
    smallest: _RuleTally = field(default_factory=_RuleTally)  # its one example, under DIVERGES
    tests: set[str] = field(default_factory=set)  # the pytest node ids that showed it
    alone: bool | None = None  # a replay alone showed it (True once any did), or none did (False), or none ran

    def add(self, severity: Severity, count: int = 1, alone: bool | None = None) -> None:
        self.examples += count
        if severity.rank < self.severity.rank:
            self.severity = severity
        if alone is not None:
            self.alone = bool(self.alone) or alone

    @property
    def example(self) -> dict[str, Any] | None:
        return self.smallest.smallest.get(ExampleVerdict.DIVERGES)


class ResultsBuilder:
    """The one accumulator of a run: rule verdicts, divergence signatures, the chances each baseline
    signature had, member coverage. See the module docstring for the xdist protocol."""

    def __init__(self, meta: RunMeta, *, show_user_data: bool = False, secrets: Iterable[str] = (),
                 rules: Mapping[str, Rule] | None = None) -> None:
        self.redactor = Redactor(secrets)
        self.disclosure = Disclosure(show_user_data, self.redactor)
        self.meta = self._redacted_meta(meta)
        self.show_user_data = show_user_data
        if rules is None:
            from conformance.rules import RULES

            rules = RULES
        self.rules = rules
        self._tallies: dict[str, _RuleTally] = {}
        self._signatures: dict[Signature, _SignatureTally] = {}
        self._chances: dict[str, int] = {}
        self._tests: set[str] = set()  # the pytest node ids that recorded an example
        self._members: dict[str, int] = dict.fromkeys(top_level_members(), 0)
        self._leaves: dict[str, int] = dict.fromkeys(leaf_paths(), 0)
        self._read_back: dict[str, int] = dict.fromkeys(leaf_paths(), 0)  # leaves of launches read back
        self._examples = 0
        self._duration_us = 0

    def _redacted_meta(self, meta: RunMeta) -> RunMeta:
        doc = self.redactor.value(meta.to_json())
        return RunMeta.from_json(doc)

    def record(self, example: ExampleResult) -> None:
        base: dict[str, Any] | None = None  # built only for a verdict whose example a report can show
        counted: dict[str, ExampleVerdict] = {}  # rule -> its most severe verdict in this example
        for item in example.findings:
            tally = self._tallies.setdefault(item.rule_id, _RuleTally())
            previous = counted.get(item.rule_id)
            if previous is None or item.status.rank > previous.rank:
                counted[item.rule_id] = item.status
            self._count_chances(item)
            tally.match(item.matched)
            if item.status is ExampleVerdict.CONFORMS:  # a conforming rule shows no example
                continue
            base = base if base is not None else self._shown(example)
            shown = dict(base, finding=item.kind_text, problems=list(item.problems))
            signature = item.signature
            if signature is not None:
                shown["signature"] = str(signature)
                found = self._signatures.setdefault(signature, _SignatureTally())
                found.add(item.weight or Severity.MAJOR, alone=item.alone)
                found.tests.add(test_name(example.node_id))
                found.smallest.offer(ExampleVerdict.DIVERGES, shown, self.redactor.value)
            # redacted only when kept: most examples are not the smallest of their rule and verdict
            tally.offer(item.status, shown, self.redactor.value)
        for rule_id, status in counted.items():
            self._tallies[rule_id].count(status)
        self._examples += 1
        self._tests.add(test_name(example.node_id))
        self._duration_us += round(example.duration_s * 1_000_000)
        leaves = leaves_of(dict(example.params))
        read_back = leaves - defaulted_only(example.params) if example.launched else frozenset()
        for path in leaves:
            self._leaves[path] += 1
            if path in read_back:  # a member read back only at its default proves nothing
                self._read_back[path] = self._read_back.get(path, 0) + 1
        for member in {member_of(p) for p in example.params}:
            if member in self._members:
                self._members[member] += 1

    def _shown(self, example: ExampleResult) -> dict[str, Any]:
        """The example as this run may show it (the record's own disclosure applied once more: one policy)."""
        shown = Counterexample.of(example).to_json()
        shown["params"] = self.disclosure.params(shown["params"])
        edits = self.disclosure.wire_edits((e["key"], e["value"]) for e in shown["wire_edits"])
        shown["wire_edits"] = [{"key": k, "value": v} for k, v in edits]
        return shown

    def _count_chances(self, finding: Finding) -> None:
        if finding.status is ExampleVerdict.UNDETERMINED:
            return
        for check in ("", *finding.covers):
            key = chance_key(finding.rule_id, check)
            self._chances[key] = self._chances.get(key, 0) + 1

    def state(self) -> dict[str, Any]:
        """Everything recorded so far, as plain JSON (for xdist's workeroutput)."""
        return {
            "state_version": STATE_VERSION,
            "examples": self._examples,
            "duration_us": self._duration_us,
            "rules": {rule_id: tally.to_json() for rule_id, tally in self._tallies.items()},
            "signatures": {
                str(sig): {"examples": t.examples, "severity": t.severity.value, "example": t.example,
                           "tests": sorted(t.tests), "alone": t.alone}
                for sig, t in self._signatures.items()
            },
            "chances": dict(self._chances),
            "tests": sorted(self._tests),
            "members": self._members,
            "leaves": self._leaves,
            "read_back": self._read_back,
        }

    def merge(self, state: Mapping[str, Any]) -> None:
        """Add another builder's `state()` (a worker's) to this one."""
        if state.get("state_version") != STATE_VERSION:
            raise ValueError(f"cannot merge builder state version {state.get('state_version')!r}")
        self._examples += state["examples"]
        self._duration_us += state["duration_us"]
        for rule_id, other in state["rules"].items():
            tally = self._tallies.setdefault(rule_id, _RuleTally())
            for verdict, count in other["verdicts"].items():
                tally.count(ExampleVerdict(verdict), count)
            for verdict, example in other["smallest"].items():
                tally.offer(ExampleVerdict(verdict), example)
            for key, count in other["matched"].items():
                tally.matched[key] = tally.matched.get(key, 0) + count
        for text, other in state["signatures"].items():
            found = self._signatures.setdefault(Signature.parse(text), _SignatureTally())
            found.add(Severity(other["severity"]), other["examples"], alone=other["alone"])
            found.tests.update(other["tests"])
            if other["example"] is not None:
                found.smallest.offer(ExampleVerdict.DIVERGES, other["example"])
        for key, count in state["chances"].items():
            self._chances[key] = self._chances.get(key, 0) + count
        self._tests.update(state["tests"])
        for name, counts in (("members", self._members), ("leaves", self._leaves), ("read_back", self._read_back)):
            for path, count in state[name].items():
                counts[path] = counts.get(path, 0) + count

    @property
    def examples(self) -> int:
        return self._examples

    def seen(self) -> dict[Signature, str]:
        """Every divergence signature of the run, with a short text of its smallest example's problems."""
        return {sig: _observed_text(t.example) for sig, t in sorted(self._signatures.items())}

    def alone_of(self) -> dict[Signature, bool | None]:
        """Whether a replay alone showed each signature (None: never replayed; conformance.alone)."""
        return {sig: t.alone for sig, t in sorted(self._signatures.items())}

    def tests_of(self) -> dict[Signature, tuple[str, ...]]:
        """The pytest node ids that showed each signature."""
        return {sig: tuple(sorted(t.tests)) for sig, t in sorted(self._signatures.items())}

    def tests_run(self) -> frozenset[str]:
        """The pytest node ids that recorded at least one example in this run."""
        return frozenset(self._tests)

    def chances(self) -> dict[str, int]:
        """Judged examples per rule (`R-ID|`) and per member a rule checks (`R-ID|Member`)."""
        return dict(self._chances)

    def judged_rules(self) -> int:
        """Rules with at least one decided example."""
        return sum(1 for key in self._chances if key.endswith("|"))

    def build(self, *, finished: str | None = None, duration_s: float | None = None,
              statuses: Mapping[Signature, BaselineStatus] | None = None,
              replacements: Mapping[Signature, Signature] | None = None) -> Results:
        """The run's Results: every registered rule (unexercised ones too) plus any other rule recorded.

        `statuses` is the baseline's word on each signature it lists (new, known, fixed, changed:
        conformance.baseline.Ratchet), `replacements` the signature seen instead of each changed one; without
        them every signature seen is new.
        """
        meta = replace(self.meta, examples=self._examples)
        if finished is not None:
            meta = replace(meta, finished=finished)
        if duration_s is not None:
            meta = replace(meta, duration_s=duration_s)
        signatures = self._signature_results(statuses or {}, replacements or {})
        rule_ids = list(self.rules) + [r for r in sorted(self._tallies) if r not in self.rules]
        return Results(
            meta=meta,
            rules=tuple(self._rule_result(rule_id, signatures) for rule_id in rule_ids),
            coverage=Coverage(members=dict(self._members), leaves=dict(self._leaves),
                              read_back=dict(self._read_back)),
            show_user_data=self.show_user_data,
            signatures=signatures,
        )

    def _signature_results(self, statuses: Mapping[Signature, BaselineStatus],
                           replacements: Mapping[Signature, Signature]) -> tuple[SignatureResult, ...]:
        """One result per listed signature; a changed one shows the example of the signature seen instead (which
        is not listed again on its own when the baseline did not know it)."""
        absorbed = {now for now in replacements.values() if now not in statuses}
        gone = {sig for sig, status in statuses.items() if status in (BaselineStatus.FIXED, BaselineStatus.CHANGED)}
        found = []
        for sig in sorted((set(self._signatures) - absorbed) | gone):
            now = replacements.get(sig)
            tally = self._signatures.get(now or sig)
            example = tally.example if tally is not None else None
            found.append(SignatureResult(
                signature=sig, status=statuses.get(sig, BaselineStatus.NEW),
                severity=tally.severity if tally is not None else sig.kind.severity,
                examples=tally.examples if tally is not None else 0,
                counterexample=Counterexample.from_json(example) if example is not None else None, now=now,
                shown_alone=tally.alone if tally is not None else None,
            ))
        return tuple(found)

    @property
    def example_time_s(self) -> float:
        """Sum of the recorded examples' durations."""
        return self._duration_us / 1_000_000

    def _rule_result(self, rule_id: str, signatures: tuple[SignatureResult, ...]) -> RuleResult:
        tally = self._tallies.get(rule_id, _RuleTally())
        verdict = max(tally.verdicts, key=lambda v: v.rank, default=None)
        example = tally.smallest.get(verdict) if verdict is not None else None
        status = RuleStatus.NOT_EXERCISED if verdict is None else RuleStatus.of(verdict)
        status = status.held_against([s.status for s in signatures if s.signature.rule_id == rule_id])
        return RuleResult(
            **_describe(self.rules.get(rule_id), rule_id),
            status=status, examples=tally.examples, verdicts=dict(sorted(tally.verdicts.items(), key=_by_value)),
            counterexample=Counterexample.from_json(example) if example is not None else None,
            matched_evidence=tally.matched_evidence(),
        )


def state_of(results: Results) -> dict[str, Any]:
    """A written run as a builder `state()` (what its results.json keeps), so `merge` adds shards as it adds xdist
    workers. Fixed baseline signatures were not seen; a changed one stands for the signature seen instead."""
    signatures: dict[str, dict[str, Any]] = {}
    for found in sorted(results.signatures, key=lambda s: s.status is BaselineStatus.CHANGED):
        seen = found.now if found.status is BaselineStatus.CHANGED else found.signature
        if found.status is BaselineStatus.FIXED or seen is None or str(seen) in signatures:
            continue
        example = found.counterexample.to_json() if found.counterexample is not None else None
        signatures[str(seen)] = {"examples": found.examples, "severity": found.severity.value, "example": example,
                                 "tests": [], "alone": found.shown_alone}
    rules = {}
    for rule in results.rules:
        if not rule.examples:
            continue
        top = max(rule.verdicts, key=lambda v: v.rank, default=None)
        shown = rule.counterexample.to_json() if rule.counterexample is not None and top is not None else None
        rules[rule.id] = {"examples": rule.examples, "verdicts": {v.value: n for v, n in rule.verdicts.items()},
                          "smallest": {top.value: shown} if top is not None and shown is not None else {},
                          "matched": {json.dumps(e.to_json(), sort_keys=True): n for e, n in rule.matched_evidence}}
    meta, coverage = results.meta, results.coverage
    return {"state_version": STATE_VERSION, "examples": meta.examples, "duration_us": 0, "rules": rules,
            "signatures": signatures, "chances": dict(meta.chances), "tests": sorted(meta.tests_run),
            "members": dict(coverage.members), "leaves": dict(coverage.leaves), "read_back": dict(coverage.read_back)}


def test_name(node_id: str) -> str:
    """`test_requests.py::test_x[y]`: a node id without its directory, the same from a checkout or a wheel."""
    return node_id.rsplit("/", 1)[-1]


def _by_value(item: tuple[ExampleVerdict, int]) -> str:
    return item[0].value


def _observed_text(example: Mapping[str, Any] | None) -> str:
    if example is None:
        return ""
    return "; ".join(str(p) for p in example.get("problems", []))[:300]


def _describe(rule: Rule | None, rule_id: str) -> dict[str, Any]:
    """The descriptive fields of a RuleResult, taken from the Rule object."""
    if rule is None:
        return {"id": rule_id, "family": "unregistered", "summary": "(not in conformance.rules)",
                "kind": "unknown", "decidable": True, "citations": (), "doc_url": ""}
    return {
        "id": rule.id, "family": rule.family, "summary": rule.summary, "kind": rule.kind.value,
        "decidable": rule.decidable, "citations": tuple((c.source, c.quote) for c in rule.citations),
        "doc_url": rule.doc_url,
    }
