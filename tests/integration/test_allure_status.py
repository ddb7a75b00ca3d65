"""Allure statuses of a real small run, read from the result files allure-pytest wrote: a test whose examples
showed a new divergence is failed, one that showed only known (baselined) divergences is broken, in the category
"Known divergence (in baseline)" of the run's categories.json, and a conforming test passed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conformance.recording import KNOWN_DIVERGENCE, NEW_DIVERGENCE
from tests.support.faults import QUICK, run_conformance

SELECTION = "image-id or cpu-core-count or min-count-zero"


def _signatures(baseline: Path) -> list[dict[str, Any]]:
    found = json.loads(baseline.read_text(encoding="utf-8"))["signatures"]
    assert isinstance(found, list)
    return found


def _expected(entries: list[dict[str, Any]], dropped: set[str], tests: set[str]) -> dict[str, str]:
    """Each test's Allure status by the rule: a dropped (now new) signature fails it, a kept one breaks it."""
    expected = dict.fromkeys(tests, "passed")
    for entry in entries:
        for test in entry["tests"]:
            status = "failed" if entry["signature"] in dropped else "broken"
            if expected[test] != "failed":
                expected[test] = status
    return expected


def _allure_results(directory: Path) -> dict[str, dict[str, Any]]:
    """Result files by the baseline's test name (`test_requests.py::test_x[param]`)."""
    found = {}
    for path in directory.glob("*-result.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        module = doc["fullName"].split("#")[0].rsplit(".", 1)[-1]
        found[f"{module}.py::{doc['name']}"] = doc
    return found


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, dict[str, Any]], Path]:
    """Record a baseline, drop the signatures of one test that also shows a kept one, and run against it."""
    tmp = tmp_path_factory.mktemp("allure")
    recorded = tmp / "recorded.json"
    first = run_conformance(*QUICK, "-k", SELECTION, f"--baseline={recorded}", "--update-baseline",
                            f"--conformance-report={tmp / 'first'}", f"--alluredir={tmp / 'first-allure'}")
    assert first.returncode == 0, first.stdout[-3000:]
    tests = set(_allure_results(tmp / "first-allure"))
    entries = _signatures(recorded)
    shown = [test for e in entries for test in e["tests"]]
    mixed = [e for e in entries if len(e["tests"]) == 1 and shown.count(e["tests"][0]) > 1]
    assert mixed, entries  # a test with two signatures, one of them its own: new wins over known there
    dropped = {mixed[0]["signature"]}
    baseline = json.loads(recorded.read_text(encoding="utf-8"))
    baseline["signatures"] = [e for e in entries if e["signature"] not in dropped]
    held = tmp / "held.json"
    held.write_text(json.dumps(baseline), encoding="utf-8")
    second = run_conformance(*QUICK, "-k", SELECTION, f"--baseline={held}",
                             f"--conformance-report={tmp / 'second'}", f"--alluredir={tmp / 'allure'}")
    assert second.returncode == 1, second.stdout[-3000:]  # the dropped signature is new
    return _expected(entries, dropped, tests), _allure_results(tmp / "allure"), tmp / "allure"


def test_new_divergences_fail_known_ones_are_broken_conforming_tests_pass(
        runs: tuple[dict[str, str], dict[str, dict[str, Any]], Path]) -> None:
    expected, results, _ = runs
    assert {status for status in expected.values()} == {"failed", "broken", "passed"}, expected
    assert {test: doc["status"] for test, doc in results.items()} == expected


def test_each_divergent_status_names_its_category_and_signatures(
        runs: tuple[dict[str, str], dict[str, dict[str, Any]], Path]) -> None:
    expected, results, _ = runs
    for test, status in expected.items():
        details = results[test].get("statusDetails") or {}
        if status == "broken":
            assert details["message"].startswith(f"{KNOWN_DIVERGENCE}: R-"), details
            assert details["known"] is True
        elif status == "failed":
            assert details["message"].startswith(f"{NEW_DIVERGENCE}: R-"), details
            assert "Divergence from EC2" in details["trace"]  # the failure text with its reproducer stays
        else:
            assert "message" not in details, details


def test_categories_json_sorts_the_statuses_into_new_and_known(
        runs: tuple[dict[str, str], dict[str, dict[str, Any]], Path]) -> None:
    expected, results, directory = runs
    categories = json.loads((directory / "categories.json").read_text(encoding="utf-8"))
    assert {c["name"] for c in categories} == {NEW_DIVERGENCE, KNOWN_DIVERGENCE}
    for test, status in expected.items():
        message = (results[test].get("statusDetails") or {}).get("message", "")
        matched = [c["name"] for c in categories
                   if status in c["matchedStatuses"] and re.fullmatch(c["messageRegex"], message)]
        assert matched == ({"failed": [NEW_DIVERGENCE], "broken": [KNOWN_DIVERGENCE]}.get(status, [])), test
