"""Accumulate examples into `Results`, xdist-safe.

The pytest plugin makes one `ResultsBuilder(meta)` per process and calls `.record(ExampleRecord(...))` once
per example. On an xdist worker, `builder.state()` (plain JSON) goes into `workeroutput`; the controller
calls `.merge(state)` for each worker, then `.build()` once. Everything is redacted when recorded, so a
worker's state never carries credentials either. Merging is order-independent: the same records give the
same results whichever process saw them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from reports.redact import Redactor, digest_user_data, hide_user_data, is_user_data_wire_key
from reports.results import (
    SEVERITY,
    VERDICTS,
    Counterexample,
    Coverage,
    Expected,
    Observed,
    Results,
    RuleResult,
    RunMeta,
    Status,
    member_of,
)
from strategies.case import Case
from strategies.model import leaf_paths, paths_in, top_level_members

if TYPE_CHECKING:  # conformance.rules is imported when a builder is made, so rendering never needs it
    from conformance.outcome import Outcome
    from conformance.rules.core import Rule

STATE_VERSION = 1


def as_verdict(value: Status | Enum | str) -> Status:
    """A verdict from our Status, any enum with the same values (conformance.verdict.Status), or a string."""
    raw = value.value if isinstance(value, Enum) else value
    verdict = Status(raw)
    if verdict not in VERDICTS:
        raise ValueError(f"an example's verdict is one of {[v.value for v in VERDICTS]}, not {raw!r}")
    return verdict


@dataclass(frozen=True)
class RuleVerdict:
    """One rule's verdict for one example, and how it diverged (if it did)."""

    rule_id: str
    verdict: Status
    finding: str = ""  # "wrong code", "accepted invalid request", ...
    problems: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", as_verdict(self.verdict))


@dataclass(frozen=True)
class ExampleRecord:
    """One example as the plugin saw it: per-rule verdicts, the request, what was expected and observed."""

    verdicts: tuple[RuleVerdict, ...]
    params: Mapping[str, Any]
    expected: Expected
    observed: Observed
    wire_edits: tuple[tuple[str, str | None], ...] = ()
    mutation: Mapping[str, str] | None = None
    node_id: str = ""
    duration_s: float = 0.0

    @classmethod
    def uniform(cls, rule_ids: Iterable[str], verdict: Status | Enum | str, **fields: Any) -> ExampleRecord:
        """A record where every involved rule got the same verdict."""
        return cls(verdicts=tuple(RuleVerdict(r, as_verdict(verdict)) for r in rule_ids), **fields)

    @classmethod
    def from_case(cls, case: Case, outcome: Outcome, *, verdicts: Iterable[RuleVerdict], expected: Expected,
                  node_id: str = "") -> ExampleRecord:
        """A record from the suite's own Case and Outcome objects."""
        mutation = case.mutation
        return cls(
            verdicts=tuple(verdicts), params=case.json_params(), expected=expected,
            observed=Observed(kind=outcome.kind.value, code=outcome.code,
                              message=outcome.message or outcome.detail, status=outcome.status),
            wire_edits=tuple((e.key, e.value) for e in case.wire_edits),
            mutation=None if mutation is None else {
                "rule_id": mutation.rule_id, "path": mutation.path, "name": mutation.name},
            node_id=node_id, duration_s=outcome.elapsed_ms / 1000,
        )


def _size_key(example: Mapping[str, Any]) -> tuple[int, str]:
    text = json.dumps(example, sort_keys=True, separators=(",", ":"))
    return len(text), text


def _kept(verdict: str) -> bool:
    """Verdicts whose smallest example a report can show (a conforming rule shows none)."""
    return verdict != Status.CONFORMS.value


@dataclass
class _RuleTally:
    examples: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    # the smallest example seen for each verdict a report can show, as counterexample JSON
    smallest: dict[str, dict[str, Any]] = field(default_factory=dict)

    _keys: dict[str, tuple[int, str]] = field(default_factory=dict)  # size keys of `smallest`

    def count(self, verdict: str, count: int = 1) -> None:
        self.examples += count
        self.verdicts[verdict] = self.verdicts.get(verdict, 0) + count

    def offer(self, verdict: str, example: dict[str, Any],
              shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
        """Keep `example` (as `shown` writes it) if it is the smallest seen for `verdict`."""
        key = _size_key(example)
        if verdict not in self._keys or key < self._keys[verdict]:
            self.smallest[verdict], self._keys[verdict] = example if shown is None else shown(example), key

    def to_json(self) -> dict[str, Any]:
        return {"examples": self.examples, "verdicts": self.verdicts, "smallest": self.smallest}


class ResultsBuilder:
    """Collects ExampleRecords for one run of one target; see the module docstring for the xdist protocol."""

    def __init__(self, meta: RunMeta, *, show_user_data: bool = False, secrets: Iterable[str] = (),
                 rules: Mapping[str, Rule] | None = None) -> None:
        self.redactor = Redactor(secrets)
        self.meta = self._redacted_meta(meta)
        self.show_user_data = show_user_data
        if rules is None:
            from conformance.rules import RULES

            rules = RULES
        self.rules = rules
        self._tallies: dict[str, _RuleTally] = {}
        self._members: dict[str, int] = dict.fromkeys(top_level_members(), 0)
        self._leaves: dict[str, int] = dict.fromkeys(leaf_paths(), 0)
        self._examples = 0
        self._duration_us = 0

    def _redacted_meta(self, meta: RunMeta) -> RunMeta:
        doc = self.redactor.value(meta.to_json())
        return RunMeta.from_json(doc)

    def record(self, example: ExampleRecord) -> None:
        base: dict[str, Any] | None = None  # built only for a verdict whose example a report can show
        for item in example.verdicts:
            tally = self._tallies.setdefault(item.rule_id, _RuleTally())
            tally.count(item.verdict.value)
            if not _kept(item.verdict.value):
                continue
            base = base if base is not None else self._counterexample_json(example)
            # redacted only when kept: most examples are not the smallest of their rule and verdict
            tally.offer(item.verdict.value, dict(base, finding=item.finding, problems=list(item.problems)),
                        self.redactor.value)
        self._examples += 1
        self._duration_us += round(example.duration_s * 1_000_000)
        for path in set(paths_in(dict(example.params))):
            if path in self._leaves:
                self._leaves[path] += 1
        for member in {member_of(p) for p in example.params}:
            if member in self._members:
                self._members[member] += 1

    def _counterexample_json(self, example: ExampleRecord) -> dict[str, Any]:
        params = dict(example.params) if self.show_user_data else hide_user_data(example.params)
        if self.show_user_data and isinstance(params.get("UserData"), bytes):
            params["UserData"] = params["UserData"].decode("utf-8", "backslashreplace")
        edits = [(k, self._wire_value(k, v)) for k, v in example.wire_edits]
        counterexample = Counterexample(
            params=params, wire_edits=tuple(edits), mutation=example.mutation,
            expected=example.expected, observed=example.observed, node_id=example.node_id,
        )
        return counterexample.to_json()

    def _wire_value(self, key: str, value: str | None) -> str | None:
        if value is None or self.show_user_data or not is_user_data_wire_key(key):
            return value
        return json.dumps(digest_user_data(value), sort_keys=True)

    def state(self) -> dict[str, Any]:
        """Everything recorded so far, as plain JSON (for xdist's workeroutput)."""
        return {
            "state_version": STATE_VERSION,
            "examples": self._examples,
            "duration_us": self._duration_us,
            "rules": {rule_id: tally.to_json() for rule_id, tally in self._tallies.items()},
            "members": self._members,
            "leaves": self._leaves,
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
                tally.count(verdict, count)
            for verdict, example in other["smallest"].items():
                tally.offer(verdict, example)
        for name, counts in (("members", self._members), ("leaves", self._leaves)):
            for path, count in state[name].items():
                counts[path] = counts.get(path, 0) + count

    @property
    def examples(self) -> int:
        return self._examples

    def build(self, *, finished: str | None = None, duration_s: float | None = None) -> Results:
        """The run's Results: every registered rule (unexercised ones too) plus any other rule recorded."""
        meta = replace(self.meta, examples=self._examples)
        if finished is not None:
            meta = replace(meta, finished=finished)
        if duration_s is not None:
            meta = replace(meta, duration_s=duration_s)
        rule_ids = list(self.rules) + [r for r in sorted(self._tallies) if r not in self.rules]
        return Results(
            meta=meta,
            rules=tuple(self._rule_result(rule_id) for rule_id in rule_ids),
            coverage=Coverage(members=dict(self._members), leaves=dict(self._leaves)),
            show_user_data=self.show_user_data,
        )

    @property
    def example_time_s(self) -> float:
        """Sum of the recorded examples' durations."""
        return self._duration_us / 1_000_000

    def _rule_result(self, rule_id: str) -> RuleResult:
        tally = self._tallies.get(rule_id, _RuleTally())
        status = max((Status(v) for v in tally.verdicts), key=SEVERITY.__getitem__,
                     default=Status.NOT_EXERCISED)
        example = tally.smallest.get(status.value) if status is not Status.CONFORMS else None
        return RuleResult(
            **_describe(self.rules.get(rule_id), rule_id),
            status=status, examples=tally.examples, verdicts=dict(sorted(tally.verdicts.items())),
            counterexample=Counterexample.from_json(example) if example is not None else None,
        )


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
