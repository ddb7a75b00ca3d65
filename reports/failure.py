"""The text a failing conformance test prints: the new divergences, the minimal request, expected vs observed,
the rules' citations and a ready-to-paste reproducer, all from the example's record (the same one the
results get), credentials scrubbed."""

from __future__ import annotations

import json
from collections.abc import Iterable

from conformance.example import ExampleResult
from conformance.findings import Finding
from conformance.rules import RULES
from reports.redact import Redactor
from reports.reproducers import boto3_snippet, query_snippet
from reports.results import Counterexample, RunMeta


def failure_message(record: ExampleResult, findings: Iterable[Finding], meta: RunMeta, redactor: Redactor) -> str:
    """What a failing test prints for the divergences of one example that its target's baseline lacks."""
    lines = ["Divergence from EC2's documented RunInstances behaviour", ""]
    for finding in findings:
        rule = RULES.get(finding.rule_id)
        lines.append(f"new signature: {finding.signature}")
        lines.append(f"{finding.rule_id} [{finding.status.value}: {finding.kind_text}]")
        if rule is not None:
            lines.append(f"  rule: {rule.summary}")
            lines.append(f"  citation: {rule.citation_text}")
        lines.extend(f"  problem: {p}" for p in finding.problems)
    lines += ["", f"expected: {record.expectation}", f"observed: {record.answer}", ""]
    if record.mutation is not None:
        mutation = record.mutation
        lines.append(f"built by mutation {mutation['name']} ({mutation['rule_id']} at {mutation['path']})")
    lines += ["request:", json.dumps(record.params, indent=2, sort_keys=True, default=str)]
    if record.wire_edits:
        lines.append("wire edits: " + ", ".join(f"{key}={value!r}" for key, value in record.wire_edits))
    example = Counterexample.of(record)
    snippet = query_snippet(example, meta) if record.wire_edits else boto3_snippet(example, meta)
    lines += ["", "reproduce:", snippet]
    return redactor.text("\n".join(lines))
