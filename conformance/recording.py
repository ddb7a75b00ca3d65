"""Run metadata, and Allure labels, attachments and statuses from each example's record.

A test's Allure status follows the divergences its examples showed (one Hypothesis test runs many examples):
any new signature (not in the baseline, or any under --strict-conformance) makes it `failed`, else any known one
`broken` (category "Known divergence (in baseline)", `statusDetails.known`), else it stays as pytest left it
(`passed` for a conforming test). New wins over known: a test with both is failed, its known signatures listed
after the new ones.
"""

from __future__ import annotations

import json
import platform
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from conformance.example import ExampleResult
from conformance.findings import Signature
from conformance.rules import RULES
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

    def add(self, example: ExampleResult) -> None:
        import allure

        if not self._done:
            allure.dynamic.epic("RunInstances")
            allure.dynamic.tag(self.target)
            allure.dynamic.parameter("target", self.target)
            self._done.add(("parameter", "target"))
        for finding in example.findings:
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


NEW_DIVERGENCE = "New divergence (not in baseline)"
KNOWN_DIVERGENCE = "Known divergence (in baseline)"
# Allure's categories (the `categories.json` of the results directory): each test status message starts with
# its category's name, so the categories tab sorts tests by it.
CATEGORIES = tuple({"name": name, "matchedStatuses": [status], "messageRegex": "(?s)" + re.escape(name) + ".*"}
                   for name, status in ((NEW_DIVERGENCE, "failed"), (KNOWN_DIVERGENCE, "broken")))


def write_categories(alluredir: str) -> Path:
    path = Path(alluredir) / "categories.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(list(CATEGORIES), indent=2), encoding="utf-8")
    return path


@dataclass
class ShownDivergences:
    """The divergence signatures the current test's examples showed, counted by example, new or known."""

    new: Counter[str] = field(default_factory=Counter)
    known: Counter[str] = field(default_factory=Counter)

    def clear(self) -> None:
        self.new.clear()
        self.known.clear()

    def add(self, signature: Signature, is_new: bool) -> None:
        (self.new if is_new else self.known)[str(signature)] += 1

    def status(self) -> tuple[str, str] | None:
        """(Allure status, message) of the test, or None when its examples showed no divergence."""
        if self.new:
            return "failed", f"{NEW_DIVERGENCE}: {_listed(self.new)}" + (
                f"; also known: {_listed(self.known)}" if self.known else "")
        if self.known:
            return "broken", f"{KNOWN_DIVERGENCE}: {_listed(self.known)}"
        return None


def _listed(signatures: Counter[str]) -> str:
    return "; ".join(f"{signature} ({count} example{'s' if count != 1 else ''})"
                     for signature, count in sorted(signatures.items()))


def set_allure_status(config: Any, report: Any, divergences: ShownDivergences) -> None:
    """Give the test's Allure result the status its divergences call for (run after allure-pytest's own
    makereport hook has set the status from pytest's outcome). A test that failed or was skipped for any other
    reason keeps Allure's status."""
    listener = config.pluginmanager.getplugin("allure_listener")
    decided = divergences.status()
    if listener is None or decided is None or report.skipped:
        return
    status, message = decided
    if report.failed and status != "failed":
        return  # it failed for a reason of its own: Allure's status says which
    from allure_commons.model2 import StatusDetails, TestResult

    result = listener.allure_logger.get_last_item(TestResult)
    if result is None:
        return
    trace = result.statusDetails.trace if result.statusDetails is not None else None
    result.status = status
    result.statusDetails = StatusDetails(message=message, trace=trace, known=status == "broken" or None)


def attach_example(record: ExampleResult, redactor: Redactor) -> None:
    """The full request and response as attachments for a divergent example; a one-line step for the rest
    (steps live inside the test's result file: a run no longer writes two files per example). A divergent
    example is tagged `divergence`."""
    import json

    import allure

    signatures = [str(s) for s in record.signatures]
    if not signatures:
        observed = record.observed
        answer = " ".join(str(p) for p in (observed.kind.value, observed.code or "", observed.status or "") if p)
        with allure.step(f"example: {answer}; expected {record.expectation}"):
            pass
        return
    allure.dynamic.tag("divergence")
    allure.attach(json.dumps(redactor.value(dict(record.params)), indent=2, default=str), name="request",
                  attachment_type=allure.attachment_type.JSON)
    body = {"kind": record.observed.kind.value, "status": record.observed.status, "code": record.observed.code,
            "message": record.observed.message, "expected": record.expectation,
            "signatures": signatures}
    allure.attach(redactor.text(json.dumps(body, indent=2, default=str)), name="response",
                  attachment_type=allure.attachment_type.JSON)
