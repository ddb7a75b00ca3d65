"""`ec2-conformance drift`: what the newest allowed versions change, measured in venvs of their own; here with two
real moto releases (the lock's and the one before), never a fake."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from conformance.baseline import packaged
from conformance.drift import CANNOT_RUN, DRIFT, NO_DRIFT, DriftReport, member_gaps, requirements, target_drift

pytestmark = pytest.mark.slow
# The tests that showed moto 5.2.5's two crashes the 5.2.6 baseline no longer lists, and R-PROTO-2's sibling.
SELECTION = "launch-template-version-malformed or unknown-action or missing-action"
PREVIOUS_MOTO = "5.2.5"
R_LT_2 = "R-LT-2 | target crash | LaunchTemplate.Version | ValueError"


def _results(*signatures: dict[str, str], stopped: str = "") -> dict[str, Any]:
    return {"run": {"recorded_with": {"target": "moto 5.2.5", "botocore": "1.44.18"}, "stopped": stopped,
                    "baseline": {"recorded_with": {"target": "moto 5.2.6", "botocore": "1.44.18"}}},
            "signatures": list(signatures)}


def test_appearing_disappearing_and_changing_signatures_are_told_apart() -> None:
    drift = target_drift("moto", _results({"signature": "A", "status": "new"}, {"signature": "B", "status": "fixed"},
                                          {"signature": "C", "status": "changed", "now": "D"},
                                          {"signature": "E", "status": "known"}))
    assert drift.changes == (("appears", "A", ""), ("disappears", "B", ""), ("changes", "C", "D"))
    assert drift.versions.startswith("older than its baseline: moto 5.2.5")


def test_exit_codes_follow_what_was_found() -> None:
    quiet = {"botocore": "1", "paths": 1, "gaps": []}
    assert DriftReport({}, quiet, [target_drift("moto", _results())]).exit_code == NO_DRIFT
    assert DriftReport({}, {**quiet, "gaps": [{"path": "X", "missing": ["rule"]}]}).exit_code == DRIFT
    assert DriftReport({}, quiet, [target_drift("moto", _results({"signature": "A", "status": "new"}))]).exit_code \
        == DRIFT
    assert DriftReport({}, quiet, [target_drift("moto", _results(stopped="target died"))]).exit_code == CANNOT_RUN


def test_a_pin_replaces_the_range_and_keeps_the_extra() -> None:
    found = requirements(["moto==5.2.5"])
    assert "moto[server]==5.2.5" in found and not any(r.startswith("moto[server]<") for r in found)


def test_the_locked_model_has_no_member_gap() -> None:
    assert member_gaps() == []


def _drift(tmp_path: Path, name: str, *pins: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    report = tmp_path / f"{name}-report"
    command = [sys.executable, "-m", "conformance.cli", "drift", "--targets", "moto", "-k", SELECTION,
               "--venv", str(tmp_path / name), "--report-dir", str(report), *(f"--pin={p}" for p in pins)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1500, check=False, cwd=tmp_path)
    assert (report / "drift.json").is_file(), done.stdout[-2000:] + done.stderr[-2000:]
    return done, json.loads((report / "drift.json").read_text(encoding="utf-8"))


def test_drift_on_the_previous_moto_names_what_it_brings_back(tmp_path: Path) -> None:
    assert packaged("moto").recorded_with["target"] == f"moto {metadata.version('moto')}" != f"moto {PREVIOUS_MOTO}"
    done, found = _drift(tmp_path, "previous", f"moto=={PREVIOUS_MOTO}")
    assert done.returncode == DRIFT, done.stdout[-3000:] + done.stderr[-2000:]
    assert found["installed"]["moto"] == PREVIOUS_MOTO
    moto = found["targets"][0]
    assert {"change": "appears", "signature": R_LT_2, "now": ""} in moto["changes"], moto["changes"]
    assert moto["versions"].startswith(f"older than its baseline: moto {PREVIOUS_MOTO}")
    assert f"drift:   appears {R_LT_2}" in done.stdout


def test_drift_on_the_locked_versions_finds_nothing(tmp_path: Path) -> None:
    pins = [f"{name}=={metadata.version(name)}" for name in ("moto", "botocore", "boto3", "hypothesis", "pytest")]
    done, found = _drift(tmp_path, "locked", *pins)
    assert done.returncode == NO_DRIFT, done.stdout[-3000:] + done.stderr[-2000:]
    assert found["members"]["gaps"] == [] and found["targets"][0]["changes"] == []
    assert found["targets"][0]["versions"] == ""
    assert "drift: nothing drifted (exit 0)" in done.stdout


def test_a_bad_pin_or_target_is_one_line(tmp_path: Path) -> None:
    for args in (["--pin", "moto"], ["--targets", "endpoint"], ["--targets", "nonsense"]):
        done = subprocess.run([sys.executable, "-m", "conformance.cli", "drift", *args], capture_output=True,
                              text=True, timeout=60, check=False, cwd=tmp_path)
        assert done.returncode == 3 and len(done.stderr.strip().splitlines()) == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
