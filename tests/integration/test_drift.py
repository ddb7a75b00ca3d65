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
from conformance.drift import DRIFT, NO_DRIFT

pytestmark = pytest.mark.slow
# The tests that showed moto 5.2.5's two crashes the 5.2.6 baseline no longer lists, and R-PROTO-2's sibling.
SELECTION = "launch-template-version-malformed or unknown-action or missing-action"
PREVIOUS_MOTO = "5.2.5"
R_LT_2 = "R-LT-2 | target crash | LaunchTemplate.Version | ValueError"


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
