"""Turn judged examples into the run's results (reports.ResultsBuilder) and Allure labels."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from conformance.rules import RULES
from conformance.runner import Example
from reports.builder import ExampleRecord, ResultsBuilder, RuleVerdict, as_verdict
from reports.reproducers import boto3_snippet, query_snippet
from reports.results import Counterexample, Expected, Observed, RunMeta
from strategies.case import Case

_PACKAGES = ("ec2-conformance", "botocore", "boto3", "moto", "hypothesis", "pytest")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_meta(target: str, region: str, endpoint: str | None, profile: str, seed: str | None) -> RunMeta:
    return RunMeta(
        target_name=target, region=region, endpoint_url=endpoint, profile=profile, seed=seed,
        started=now(), versions=versions(),
    )


def expected_of(example: Example) -> Expected:
    exp = example.expectation
    return Expected(exp.kind.value, tuple(sorted(exp.codes)), tuple(sorted(exp.statuses)), exp.reason)


def record(builder: ResultsBuilder, example: Example) -> None:
    verdicts = [RuleVerdict(f.rule_id, as_verdict(f.status), f.kind, f.problems) for f in example.verdict.findings]
    builder.record(
        ExampleRecord.from_case(
            example.case, example.verdict.outcome, verdicts=verdicts, expected=expected_of(example),
            node_id=example.nodeid,
        )
    )


def reproducer(case: Case, meta: RunMeta, show_user_data: bool = False) -> str:
    """A ready-to-paste snippet (boto3, or a signed raw Query POST for wire-edited cases); UserData withheld
    (size and hash) unless `show_user_data`."""
    from conformance.sensitive import shown_params, shown_wire_edits

    example = Counterexample(
        params=shown_params(case, show_user_data), expected=Expected("error"), observed=Observed("error"),
        wire_edits=shown_wire_edits(case, show_user_data),
    )
    return query_snippet(example, meta) if case.wire_edits else boto3_snippet(example, meta)


class AllureLabels:
    """Allure labels for the current test: epic, feature (member family), story (rule id), tag (target)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._done: set[tuple[str, str]] = set()

    def begin(self) -> None:
        self._done.clear()

    def add(self, example: Example) -> None:
        import allure

        if not self._done:
            allure.dynamic.epic("RunInstances")
            allure.dynamic.tag(self.target)
            allure.dynamic.parameter("target", self.target)
            self._done.add(("parameter", "target"))
        for finding in example.verdict.findings:
            rule = RULES.get(finding.rule_id)
            if rule is None:
                continue
            for label, value in (("feature", rule.family), ("story", rule.id)):
                if (label, value) not in self._done:
                    self._done.add((label, value))
                    getattr(allure.dynamic, label)(value)
            if ("link", rule.id) not in self._done and rule.doc_url:
                self._done.add(("link", rule.id))
                allure.dynamic.link(rule.doc_url, name=rule.id)


def attach_example(example: Example, redacted_params: Any) -> None:
    """Request and response attachments (credentials redacted, UserData hashed by the builder)."""
    import json

    import allure

    outcome = example.verdict.outcome
    allure.attach(json.dumps(redacted_params, indent=2, default=str), name="request",
                  attachment_type=allure.attachment_type.JSON)
    body = {"kind": outcome.kind.value, "status": outcome.status, "code": outcome.code,
            "message": outcome.message, "expected": example.expectation.describe()}
    allure.attach(json.dumps(body, indent=2, default=str), name="response",
                  attachment_type=allure.attachment_type.JSON)
