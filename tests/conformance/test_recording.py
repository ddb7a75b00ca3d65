"""conformance.recording: run metadata, and a test's Allure status from the divergences its examples showed (new
wins over known; a test that failed for a reason of its own keeps Allure's status). Whole runs read by Allure:
tests/integration/test_allure_status.py."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from allure_commons.model2 import StatusDetails
from allure_commons.model2 import TestResult as AllureResult

from conformance.findings import Divergence, Signature
from conformance.recording import (
    CATEGORIES,
    KNOWN_DIVERGENCE,
    NEW_DIVERGENCE,
    ShownDivergences,
    run_meta,
    set_allure_status,
    versions,
    write_categories,
)

WRONG = Signature("R-MD-2", Divergence.WRONG_CODE, "MetadataOptions.HttpPutResponseHopLimit", "Bogus")
CRASH = Signature("R-NET-13", Divergence.CRASH, "SecurityGroupIds", "HTTP 500")


def shown(*signatures: tuple[Signature, bool]) -> ShownDivergences:
    divergences = ShownDivergences()
    for signature, is_new in signatures:
        divergences.add(signature, is_new)
    return divergences


def test_no_divergence_leaves_the_status_alone() -> None:
    assert ShownDivergences().status() is None


def test_known_divergences_break_a_test_with_their_counts() -> None:
    assert shown((WRONG, False), (WRONG, False), (CRASH, False)).status() == (
        "broken", f"{KNOWN_DIVERGENCE}: {WRONG} (2 examples); {CRASH} (1 example)")  # in signature order


def test_a_new_divergence_fails_the_test_and_lists_the_known_ones_after_it() -> None:
    assert shown((WRONG, False), (CRASH, True)).status() == (
        "failed", f"{NEW_DIVERGENCE}: {CRASH} (1 example); also known: {WRONG} (1 example)")


def test_clear_forgets_the_previous_tests_divergences() -> None:
    divergences = shown((WRONG, True), (CRASH, False))
    divergences.clear()
    assert divergences.status() is None


def test_each_status_message_falls_in_its_own_category(tmp_path: Path) -> None:
    failed = shown((CRASH, True), (WRONG, False)).status()
    broken = shown((WRONG, False)).status()
    assert failed is not None and broken is not None
    written = json.loads(write_categories(str(tmp_path / "allure")).read_text(encoding="utf-8"))
    assert written == list(CATEGORIES)
    for status, message in (failed, broken):
        matched = [c["name"] for c in written if status in c["matchedStatuses"]
                   and re.fullmatch(c["messageRegex"], message)]
        assert matched == [NEW_DIVERGENCE if status == "failed" else KNOWN_DIVERGENCE]


class AllureLogger:
    def __init__(self, result: AllureResult | None) -> None:
        self.result = result

    def get_last_item(self, kind: type[AllureResult]) -> AllureResult | None:
        return self.result


def config_with(result: AllureResult | None, *, listening: bool = True) -> Any:
    """A pytest config whose plugin manager has allure-pytest's listener (or none, without --alluredir)."""
    listener = SimpleNamespace(allure_logger=AllureLogger(result))
    return SimpleNamespace(pluginmanager=SimpleNamespace(getplugin=lambda name: listener if listening else None))


def report(outcome: str) -> Any:
    return SimpleNamespace(skipped=outcome == "skipped", failed=outcome == "failed")


def test_a_test_with_only_known_divergences_is_broken_and_marked_known() -> None:
    result = AllureResult(status="passed")
    set_allure_status(config_with(result), report("passed"), shown((WRONG, False)))
    assert result.status == "broken"
    assert result.statusDetails.message.startswith(KNOWN_DIVERGENCE) and result.statusDetails.known is True


def test_a_failed_test_with_a_new_divergence_keeps_its_trace() -> None:
    result = AllureResult(status="failed", statusDetails=StatusDetails(message="E   ConformanceFailure", trace="tb"))
    set_allure_status(config_with(result), report("failed"), shown((CRASH, True)))
    assert (result.status, result.statusDetails.trace, result.statusDetails.known) == ("failed", "tb", None)
    assert result.statusDetails.message.startswith(NEW_DIVERGENCE)


@pytest.mark.parametrize("outcome", ["failed", "skipped"])
def test_a_test_that_failed_or_skipped_for_its_own_reasons_keeps_allures_status(outcome: str) -> None:
    result = AllureResult(status=outcome, statusDetails=StatusDetails(message="its own reason"))
    set_allure_status(config_with(result), report(outcome), shown((WRONG, False)))
    assert (result.status, result.statusDetails.message) == (outcome, "its own reason")


def test_without_allure_or_divergences_nothing_changes() -> None:
    result = AllureResult(status="passed")
    set_allure_status(config_with(result, listening=False), report("passed"), shown((WRONG, True)))
    set_allure_status(config_with(result), report("passed"), ShownDivergences())
    set_allure_status(config_with(None), report("passed"), shown((WRONG, True)))  # no result to change
    assert result.status == "passed" and result.statusDetails is None


def test_run_meta_names_the_run_and_the_versions_it_ran_with() -> None:
    meta = run_meta("moto", "us-east-1", None, "ci", "20240101")
    assert (meta.target_name, meta.region, meta.endpoint_url, meta.profile, meta.seed) == (
        "moto", "us-east-1", None, "ci", "20240101")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", meta.started), meta.started
    assert meta.versions["moto"] == metadata.version("moto") and "python" in meta.versions
    assert set(versions()) == {"python", "ec2-conformance", "botocore", "boto3", "moto", "hypothesis", "pytest"}
