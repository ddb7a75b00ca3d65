"""The ratchet decides FIXED once: the exit code, the console and every report name the same fixed signatures."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.baseline import load, packaged_path
from tests.support.faults import run_conformance

PLANTED = "R-COUNT-4 | post-condition | MaxCount"  # moto launches within the counts: this one is fixed
UNTRIED = "R-TAG-6 | wrong code | TagSpecifications[].Tags[].Key | InvalidParameter"  # R-TAG-6 not run here


def test_fixed_signatures_agree_between_exit_code_console_and_reports(tmp_path: Path) -> None:
    baseline = json.loads(packaged_path("moto").read_text(encoding="utf-8"))
    baseline["signatures"] += [{"signature": PLANTED, "example": "x"}, {"signature": UNTRIED, "example": "x"}]
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline), encoding="utf-8")
    load(path)  # a valid baseline
    result = run_conformance("-k", "test_valid_requests_launch", f"--baseline={path}",
                             f"--conformance-report={tmp_path / 'report'}")
    assert result.returncode == 1, result.stdout[-3000:]
    console = {line.split("FIXED ", 1)[1].split(" no longer shows")[0]
               for line in result.stdout.splitlines() if "ec2-conformance: FIXED " in line}
    doc = json.loads((tmp_path / "report" / "results.json").read_text(encoding="utf-8"))
    reported = {s["signature"] for s in doc["signatures"] if s["status"] == "fixed"}
    assert PLANTED in console and UNTRIED not in console, console
    assert console == reported
    assert doc["summary"]["signatures"]["fixed"] == len(reported)
    for name in ("report.md", "report.html"):
        text = (tmp_path / "report" / name).read_text(encoding="utf-8").replace("\\|", "|")
        for signature in reported:
            assert signature in text, (name, signature)
