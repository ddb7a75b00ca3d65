"""Shards of the real suite: each item in exactly one shard, bad --shard values one line, and 3 shards on moto merged
into the signatures, statuses and verdicts of one unsharded run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_cli_errors import assert_one_clear_error, run_conformance
from tests.support import REPO

# about 6 s of the committed durations, 16 tests: moto's crashes and wrong codes among them
SELECTION = "valid_requests_launch or wire_level or counts"
SEED = "20240101"


def collected(*args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "pytest", "conformance", "--collect-only", "-q", "-p",
                             "no:cacheprovider", *args], cwd=REPO, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_every_collected_item_runs_in_exactly_one_of_three_shards() -> None:
    whole = collected()
    shards = [collected(f"--shard={k}/3") for k in (1, 2, 3)]
    assert len(whole) > 400 and all(shards), [len(s) for s in shards]
    assert sorted(item for share in shards for item in share) == sorted(whole)  # no item twice, none left out


def test_under_thorough_the_state_machine_is_chains_spread_over_the_shards() -> None:
    whole = collected("--hypothesis-profile=thorough")
    chains = [item for item in whole if "test_idempotency_and_lifecycle[chain" in item]
    assert len(chains) == 8 and "conformance/suite/test_stateful.py::test_idempotency_and_lifecycle" not in whole
    shards = [collected("--hypothesis-profile=thorough", f"--shard={k}/4") for k in (1, 2, 3, 4)]
    assert sorted(item for share in shards for item in share) == sorted(whole)
    assert all(sum("[chain" in item for item in share) >= 2 for share in shards), [len(s) for s in shards]
    assert "conformance/suite/test_stateful.py::test_idempotency_and_lifecycle" in collected()  # ci: one item


@pytest.mark.parametrize("value", ["0/3", "4/3", "x/y"])
def test_a_bad_shard_value_is_one_line(value: str) -> None:
    result = run_conformance(f"--shard={value}")
    assert_one_clear_error(result, f"--shard={value}", "i/n")
    assert len((result.stdout + result.stderr).strip().splitlines()) == 1, result.stdout + result.stderr


def test_a_shard_does_not_rewrite_the_baseline(tmp_path: Path) -> None:
    result = run_conformance("--shard=1/2", "--update-baseline", f"--baseline={tmp_path / 'b.json'}")
    assert_one_clear_error(result, "--update-baseline", "unsharded")


def results(report: Path) -> dict[str, Any]:
    doc = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def judged(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], int]:
    """Signatures (status, examples), rules (status, verdicts) and examples of a results document."""
    return ({s["signature"]: (s["status"], s["examples"]) for s in doc["signatures"]},
            {r["id"]: (r["status"], r["verdicts"]) for r in doc["rules"]}, doc["run"]["examples"])


def test_three_shards_merged_equal_one_unsharded_run(tmp_path: Path) -> None:
    common = ("--target=moto", "--hypothesis-profile=ci", f"--hypothesis-seed={SEED}", "-k", SELECTION)
    whole = run_conformance(*common, f"--conformance-report={tmp_path / 'whole'}")
    assert whole.returncode in (0, 1), whole.stdout[-3000:] + whole.stderr[-2000:]
    for k in (1, 2, 3):
        part = run_conformance(*common, f"--shard={k}/3", f"--conformance-report={tmp_path / f'shard{k}'}")
        assert part.returncode in (0, 1), part.stdout[-3000:] + part.stderr[-2000:]
        assert results(tmp_path / f"shard{k}")["run"]["shard"] == f"{k}/3"
    merge = subprocess.run([sys.executable, "-m", "conformance.cli", "merge",
                            *(str(tmp_path / f"shard{k}" / "results.json") for k in (1, 2, 3)),
                            "-o", str(tmp_path / "merged")], cwd=REPO, capture_output=True, text=True, timeout=120,
                           check=False)
    assert merge.returncode == whole.returncode, merge.stdout + merge.stderr
    expected, got = judged(results(tmp_path / "whole")), judged(results(tmp_path / "merged"))
    assert expected[2] >= 30 and expected[0], expected  # a run with examples and signatures, not an empty one
    shard_examples = [results(tmp_path / f"shard{k}")["run"]["examples"] for k in (1, 2, 3)]
    assert all(shard_examples) and sum(shard_examples) == got[2]  # each shard ran a share
    assert got == expected
    assert results(tmp_path / "merged")["coverage"] == results(tmp_path / "whole")["coverage"]
