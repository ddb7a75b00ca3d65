"""Run metadata, and Allure labels and attachments from each example's record."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from importlib import metadata

from conformance.rules import RULES
from conformance.runner import Example
from reports.redact import Redactor
from reports.results import RunMeta

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


def attach_example(example: Example, redactor: Redactor) -> None:
    """The full request and response as attachments for a divergent example; a one-line step for the rest
    (steps live inside the test's result file: a run no longer writes two files per example). A divergent
    example is tagged `divergence`."""
    import json

    import allure

    record = example.record
    signatures = [str(s) for s in example.verdict.signatures]
    if not signatures:
        observed = record.observed
        answer = " ".join(str(p) for p in (observed.kind, observed.code or "", observed.status or "") if p)
        with allure.step(f"example: {answer}; expected {example.expectation.describe()}"):
            pass
        return
    allure.dynamic.tag("divergence")
    allure.attach(json.dumps(redactor.value(dict(record.params)), indent=2, default=str), name="request",
                  attachment_type=allure.attachment_type.JSON)
    body = {"kind": record.observed.kind, "status": record.observed.status, "code": record.observed.code,
            "message": record.observed.message, "expected": example.expectation.describe(),
            "signatures": signatures}
    allure.attach(redactor.text(json.dumps(body, indent=2, default=str)), name="response",
                  attachment_type=allure.attachment_type.JSON)
