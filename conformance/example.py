"""One judged example, as every output sees it: `ExampleResult`, made once where the example is judged
(conformance.runner) and frozen. The results builder, Allure, the failure text and the reproducers all read it;
JSON exists only at the edges (the xdist state and results.json, reports.results.Counterexample).

Disclosure happens in `ExampleResult.of`, the one trust boundary: the request is kept as the run's `Disclosure`
(reports.redact) lets outputs show it (UserData as its size and SHA-256 unless the user asked to see it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from conformance.findings import Divergence, ExampleVerdict, Expect, Finding, Signature
from conformance.outcome import Outcome, OutcomeKind
from strategies.case import Before, Case, jsonable


@dataclass(frozen=True)
class Expected:
    """What the oracle said should happen: kind (success, error, undetermined), codes, HTTP statuses."""

    # metadata: each field's meaning in results.json (reports.schema_gen generates the schema and SCHEMA.md from it)
    kind: Expect = field(metadata={"doc": "what the oracle expected"})
    codes: tuple[str, ...] = field(default=(), metadata={"doc": "the error codes it accepts, sorted (`error`)"})
    statuses: tuple[int, ...] = field(default=(), metadata={"doc": "the HTTP statuses it accepts, sorted",
                                                            "http": True})
    reason: str = field(default="", metadata={"doc": "why it could not decide (`undetermined`), else empty"})

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "codes": sorted(self.codes), "statuses": sorted(self.statuses),
                "reason": self.reason}

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Expected:
        return cls(kind=Expect(doc["kind"]), codes=tuple(doc["codes"]), statuses=tuple(doc["statuses"]),
                   reason=doc["reason"])


@dataclass(frozen=True)
class Observed:
    """What the target did: kind (success / error / crash / rejected), code, message, HTTP status."""

    kind: OutcomeKind = field(metadata={"doc": "what the target did: answered, refused, crashed, or the client"
                                               " refused to send the request (`rejected`)"})
    code: str | None = field(default=None, metadata={"doc": "the error code as sent (null: none)"})
    message: str | None = field(default=None, metadata={
        "doc": "the error message, or what the crash or refusal said (redacted; null: none)"})
    status: int | None = field(default=None, metadata={"doc": "the HTTP status (null: no HTTP answer)",
                                                       "http": True})

    @classmethod
    def of(cls, outcome: Outcome) -> Observed:
        return cls(kind=outcome.kind, code=outcome.code, message=outcome.message or outcome.detail,
                   status=outcome.status)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "code": self.code, "message": self.message, "status": self.status}

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Observed:
        return cls(kind=OutcomeKind(doc["kind"]), code=doc["code"], message=doc["message"], status=doc["status"])


class Discloses(Protocol):
    """What an output may show of a request (reports.redact.Disclosure is the policy)."""

    def params(self, params: Mapping[str, Any]) -> dict[str, Any]: ...

    def wire_edits(self, edits: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]: ...


@dataclass(frozen=True)
class ExampleResult:
    """One example: its findings, the request as outputs may show it (secrets are scrubbed where an example is
    kept), what was expected and observed, and the calls its answer depends on (made first by a reproducer).
    `expectation` and `answer` are the one-line texts a failure and Allure print."""

    findings: tuple[Finding, ...]
    params: Mapping[str, Any]
    expected: Expected
    observed: Observed
    wire_edits: tuple[tuple[str, str | None], ...] = ()
    mutation: Mapping[str, str] | None = None  # {"rule_id", "path", "name"}
    node_id: str = ""
    duration_s: float = 0.0
    before: tuple[Before, ...] = ()
    expectation: str = ""
    answer: str = ""

    @classmethod
    def of(cls, case: Case, outcome: Outcome, *, findings: Iterable[Finding], expected: Expected,
           disclosure: Discloses, node_id: str = "", expectation: str = "") -> ExampleResult:
        """The record of a judged case, shown as `disclosure` allows: its own `before` calls, then those that
        recreate what earlier examples left behind (`Outcome.left_behind`)."""
        mutation = case.mutation
        launched = f" {outcome.instance_ids}" if outcome.instance_ids else ""
        left = f"; left {outcome.appeared.describe()}" if outcome.appeared else ""  # a refusal's side effect
        return cls(
            findings=tuple(findings), params=disclosure.params(case.json_params()), expected=expected,
            observed=Observed.of(outcome),
            wire_edits=disclosure.wire_edits((e.key, e.value) for e in case.wire_edits),
            mutation=None if mutation is None else {
                "rule_id": mutation.rule_id, "path": mutation.path, "name": mutation.name},
            node_id=node_id, duration_s=outcome.elapsed_ms / 1000,
            before=tuple(Before(b.call, disclosure.params(jsonable(dict(b.params))))
                         for b in (*case.before, *outcome.left_behind.before)),
            expectation=expectation, answer=f"{outcome.describe()}{launched}{left}",
        )

    @classmethod
    def uniform(cls, rule_ids: Iterable[str], verdict: ExampleVerdict, kind: Divergence | None = None,
                **fields: Any) -> ExampleResult:
        """A result where every involved rule got the same verdict (a crash is a target crash)."""
        kind = kind or (Divergence.CRASH if verdict is ExampleVerdict.CRASH else None)
        return cls(findings=tuple(Finding(r, verdict, kind) for r in rule_ids), **fields)

    @property
    def divergences(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.diverges)

    @property
    def signatures(self) -> tuple[Signature, ...]:
        return tuple(s for f in self.findings if (s := f.signature) is not None)

    @property
    def launched(self) -> bool:
        """A valid request that launched: its post-conditions read the launch back."""
        return self.expected.kind is Expect.SUCCESS and self.observed.kind is OutcomeKind.SUCCESS


__all__ = ["Discloses", "ExampleResult", "Expected", "Observed"]
