"""A run held against a baseline recorded with other versions says so first, and reports the signature whose only
change is its observed class as CHANGED (console, results.json, report.md and report.html)."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from conformance.baseline import packaged_path
from tests.support.faults import QUICK, run_conformance


def _planted_baseline(tmp_path: Path) -> tuple[Path, str, str]:
    """The moto baseline, stamped with older versions, one signature's observed class moved."""
    document = json.loads(packaged_path("moto").read_text(encoding="utf-8"))
    real = "R-PROTO-9 | post-condition | RunInstances StateReason.Code"
    assert real in {s["signature"] for s in document["signatures"]}
    planted = f"{real} | PlantedClass"
    for entry in document["signatures"]:
        if entry["signature"] == real:
            entry["signature"] = planted
    document["recorded_with"] = {"target": "moto 5.2.5", "botocore": "1.44.8"}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, planted, real


def test_a_run_on_other_versions_says_so_first_and_reports_the_changed_signature(tmp_path: Path) -> None:
    path, planted, real = _planted_baseline(tmp_path)
    result = run_conformance("-k", "test_valid_requests_launch", f"--baseline={path}", *QUICK,
                             f"--conformance-report={tmp_path / 'report'}")
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    drift = "baseline recorded with moto 5.2.5 (botocore 1.44.8), this run: moto "
    said = [line for line in result.stderr.splitlines() if line.startswith("ec2-conformance:")]
    assert said and said[0].startswith(f"ec2-conformance: {drift}"), result.stderr[-2000:]
    summary = [line for line in result.stdout.splitlines() if line.startswith("ec2-conformance:")]
    assert summary[0].startswith(f"ec2-conformance: Versions differ: {drift}"), summary[:3]
    assert any(f"CHANGED {planted} -> now {real}" in line for line in summary), summary
    assert not any(line.startswith("ec2-conformance: FIXED") for line in summary), summary
    doc = json.loads((tmp_path / "report" / "results.json").read_text(encoding="utf-8"))
    assert doc["run"]["baseline"]["version_drift"].startswith(drift)
    assert doc["run"]["recorded_with"] == {"target": f"moto {metadata.version('moto')}",
                                           "botocore": metadata.version("botocore")}
    changed = [s for s in doc["signatures"] if s["status"] == "changed"]
    assert [(s["signature"], s["now"]) for s in changed] == [(planted, real)]
    assert real not in {s["signature"] for s in doc["signatures"]}  # told once, as the change
    assert doc["summary"]["signatures"]["changed"] == 1
    for name in ("report.md", "report.html"):
        text = (tmp_path / "report" / name).read_text(encoding="utf-8").replace("\\|", "|")
        assert "possibly due to the upgrade" in text and drift in text and planted in text, name
