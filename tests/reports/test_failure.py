"""reports.failure: what a failing conformance test prints, from the example's record: each new signature with its
rule, citation and problems, expected vs observed, the mutation, the request, and a reproducer (the signed Query
for wire edits, boto3 otherwise), with credentials scrubbed."""

from __future__ import annotations

import json

from conformance.example import ExampleResult, Expected, Observed
from conformance.findings import Divergence, ExampleVerdict, Expect, Finding
from conformance.outcome import OutcomeKind
from conformance.rules import RULES
from reports.failure import failure_message
from reports.redact import REDACTED, Redactor
from reports.results import RunMeta

META = RunMeta(target_name="moto", target_version="5.2.5", region="us-east-1")
PARAMS = {"ImageId": "ami-0123456789abcdef0", "MinCount": 3, "MaxCount": 2, "InstanceType": "t3.micro"}
FINDING = Finding("R-COUNT-3", ExampleVerdict.DIVERGES, Divergence.ACCEPTED_INVALID,
                  ("expected an error, got a launch",))


def _record(**fields: object) -> ExampleResult:
    base: dict[str, object] = {
        "findings": (FINDING,), "params": PARAMS, "expected": Expected(Expect.ERROR, ("InvalidParameterValue",)),
        "observed": Observed(OutcomeKind.SUCCESS, status=200), "expectation": "error InvalidParameterValue",
        "answer": "success ['i-1']",
        "mutation": {"name": "min-above-max", "rule_id": "R-COUNT-3", "path": "MinCount"},
    }
    return ExampleResult(**{**base, **fields})  # type: ignore[arg-type]


def test_the_message_names_the_signature_rule_citation_and_problem() -> None:
    text = failure_message(_record(), [FINDING], META, Redactor())
    lines = text.splitlines()
    assert lines[0] == "Divergence from EC2's documented RunInstances behaviour"
    assert f"new signature: {FINDING.signature}" in lines
    assert f"R-COUNT-3 [diverges: {FINDING.kind_text}]" in lines
    rule = RULES["R-COUNT-3"]
    assert f"  rule: {rule.summary}" in lines and f"  citation: {rule.citation_text}" in lines
    assert "  problem: expected an error, got a launch" in lines
    assert "expected: error InvalidParameterValue" in lines and "observed: success ['i-1']" in lines
    assert "built by mutation min-above-max (R-COUNT-3 at MinCount)" in lines


def test_the_request_is_sorted_json_and_a_boto3_reproducer_follows() -> None:
    text = failure_message(_record(), [FINDING], META, Redactor())
    request = text.split("request:\n", 1)[1].split("\n\nreproduce:\n", 1)[0]
    assert json.loads(request) == PARAMS and request == json.dumps(PARAMS, indent=2, sort_keys=True)
    reproducer = text.split("reproduce:\n", 1)[1]
    assert "client.run_instances(" in reproducer
    compile(reproducer, "reproducer", "exec")
    assert "wire edits:" not in text


def test_wire_edits_are_listed_and_reproduced_with_the_signed_query() -> None:
    record = _record(wire_edits=(("MaxCount", "one"), ("MinCount", None)), mutation=None)
    text = failure_message(record, [FINDING], META, Redactor())
    assert "wire edits: MaxCount='one', MinCount=None" in text.splitlines()
    assert "SigV4Auth(" in text.split("reproduce:\n", 1)[1]
    assert "built by mutation" not in text


def test_an_unknown_rule_is_still_listed_without_a_citation() -> None:
    other = Finding("R-NOT-A-RULE", ExampleVerdict.CRASH, Divergence.CRASH)
    text = failure_message(_record(findings=(other,)), [other], META, Redactor())
    assert f"R-NOT-A-RULE [target crash: {other.kind_text}]" in text.splitlines()
    assert "  rule: " not in text and "  citation: " not in text


def test_only_the_findings_given_are_printed() -> None:
    known = Finding("R-COUNT-2", ExampleVerdict.DIVERGES, Divergence.WRONG_CODE)
    text = failure_message(_record(findings=(FINDING, known)), [FINDING], META, Redactor())
    assert "R-COUNT-2" not in text and "R-COUNT-3" in text


def test_credentials_anywhere_in_it_are_scrubbed() -> None:
    secret = "plain-looking-password"
    record = _record(answer=f"error X: key AKIAIOSFODNN7EXAMPLE and {secret}")
    text = failure_message(record, [FINDING], META, Redactor([secret]))
    assert "AKIAIOSFODNN7EXAMPLE" not in text and secret not in text
    assert f"observed: error X: key {REDACTED} and {REDACTED}" in text
