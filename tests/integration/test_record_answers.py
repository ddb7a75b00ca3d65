"""`--record-answers FILE` on moto: one JSON line per answered example, in the evidence's schema, without
credentials, account ids or UserData content; `ec2-conformance calibrate` reads the file back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support import REPO

SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY0"  # a credential in the environment: never written
SELECTION = "test_member_is_read_back and (UserData or IamInstanceProfile) or test_mutation_is_refused[tag-key-empty]"


def test_every_answer_is_one_line_without_secrets_and_calibrate_reads_it(tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text("", encoding="utf-8")  # appended to, never overwritten
    env = {**os.environ, "AWS_SECRET_ACCESS_KEY": SECRET, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", "-k",
                          SELECTION, "--record-answers", str(answers), "--conformance-report", str(tmp_path / "r")],
                         cwd=REPO, capture_output=True, text=True, timeout=300, check=False, env=env)
    assert run.returncode == 0, run.stdout[-3000:]
    text = answers.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    examples = json.loads((tmp_path / "r" / "results.json").read_text(encoding="utf-8"))["run"]["examples"]
    assert 0 < len(lines) <= examples and len({line["id"] for line in lines}) == len(lines)
    assert SECRET not in text and "123456789012" not in text
    with_data = [line for line in lines if "UserData" in line["request"]]
    assert with_data and all(set(line["request"]["UserData"]) == {"size", "sha256"} for line in with_data)
    assert {line["target"] for line in lines} == {"moto"} and all(line["botocore"] for line in lines)
    assert all({"error_code", "http_status", "message"} <= set(line["outcome"]) or line["outcome"] == {"success": True}
               for line in lines)
    calibrated = subprocess.run([sys.executable, "-m", "conformance.cli", "calibrate", str(answers)], cwd=REPO,
                                capture_output=True, text=True, timeout=120, check=False, env=env)
    assert calibrated.returncode == 0, calibrated.stdout[-2000:] + calibrated.stderr[-2000:]
    assert f"calibrate: {len(lines)} observations:" in calibrated.stdout, calibrated.stdout[-1000:]

