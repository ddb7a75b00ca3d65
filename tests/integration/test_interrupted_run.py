"""A run interrupted by Ctrl-C (or a signal) is partial: the baseline it was told to update stays as it was,
and its results say the run did not finish."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.baseline import packaged_path
from tests.support.faults import run_conformance


def test_an_interrupted_update_leaves_the_baseline_alone(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(packaged_path("moto").read_text(encoding="utf-8"), encoding="utf-8")
    before = baseline.read_bytes()
    result = run_conformance("-p", "tests.support.interrupt_run", "-k", "test_valid_requests_launch or image-id",
                             f"--baseline={baseline}", "--update-baseline",
                             f"--conformance-report={tmp_path / 'report'}")
    assert result.returncode == 2, result.stdout[-3000:]  # pytest's "interrupted"
    assert "baseline not written (the run stopped early)" in result.stdout, result.stdout[-3000:]
    assert baseline.read_bytes() == before
    doc = json.loads((tmp_path / "report" / "results.json").read_text(encoding="utf-8"))
    assert doc["summary"]["complete"] is False
