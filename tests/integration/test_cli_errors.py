"""Bad input to the conformance run: one clear line and a non-zero exit, never a traceback flood."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.targets.net import free_port
from tests.support import REPO


def run_conformance(
    *args: str, cwd: Path = REPO, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider", *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, env=env,
    )


def assert_one_clear_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode not in (0, 1), output
    assert "Traceback" not in output, output
    for needle in needles:
        assert needle in output, output


def test_unknown_target() -> None:
    assert_one_clear_error(run_conformance("--target=nimbus"), "unknown target", "moto-server")


def test_endpoint_target_needs_an_url() -> None:
    assert_one_clear_error(run_conformance("--target=endpoint"), "--endpoint-url")


def test_missing_baseline_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert_one_clear_error(run_conformance(f"--baseline={missing}"), "does not exist", "--update-baseline")


@pytest.mark.parametrize(
    ("content", "needle"),
    [("{not json", "not valid JSON"), ('{"format": 2, "target": 3, "signatures": []}', "a string 'target'"),
     ('{"format": 2, "target": "moto", "signatures": ["x"]}', "signatures[0] must be an object"),
     ('{"format": 2, "target": "moto", "signatures": [{"signature": "R-TAG-6 | oops"}]}', "not a divergence"),
     ('{"target": "moto", "divergences": {"R-TAG-6": []}}', "rewrite it with --update-baseline"),
     ('{"format": 2, "target": "moto-server", "signatures": []}', "target 'moto-server', not 'moto'")],
)
def test_malformed_baseline_file(tmp_path: Path, content: str, needle: str) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text(content, encoding="utf-8")
    assert_one_clear_error(run_conformance(f"--baseline={bad}"), needle)


def test_malformed_endpoint_url() -> None:
    assert_one_clear_error(run_conformance("--target=endpoint", "--endpoint-url=ht!tp:/nowhere"), "endpoint")


def test_unreachable_endpoint_stops_at_once() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run_conformance("--target=endpoint", f"--endpoint-url={url}", "-x")
    assert_one_clear_error(result, url)
    assert result.stdout.count("FAILED") + result.stdout.count("ERROR") <= 1, result.stdout


def test_aws_target_needs_a_region_and_credentials(tmp_path: Path) -> None:
    env_free = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env_free.update(AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"))
    no_region = run_conformance("--target=aws", env=env_free)
    assert_one_clear_error(no_region, "needs a region", "--region")
    no_credentials = run_conformance("--target=aws", "--region=eu-west-1", env=env_free)
    assert_one_clear_error(no_credentials, "no AWS credentials")


def test_unknown_hypothesis_profile() -> None:
    assert_one_clear_error(run_conformance("--hypothesis-profile=fast"), "unknown Hypothesis profile", "ci, dev")


def test_workers_sharing_an_unreachable_endpoint_stop_before_any_worker_starts() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run_conformance("-n", "2", "--target=endpoint", f"--endpoint-url={url}")
    assert_one_clear_error(result, url, "unreachable", "--endpoint-url")
    assert "bringing up nodes" not in result.stdout and len((result.stdout + result.stderr).splitlines()) < 5


def test_aws_target_without_network_is_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret", AWS_CONFIG_FILE=str(tmp_path / "no"))
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens: connection refused
    result = run_conformance("--target=aws", "--region=us-east-1", f"--endpoint-url={url}", env=env)
    assert_one_clear_error(result, "did not answer", "--endpoint-url")
    assert len(result.stdout.splitlines()) < 10, result.stdout


def test_a_missing_aws_profile_does_not_stop_an_emulator_run(tmp_path: Path) -> None:
    env = {**os.environ, "AWS_PROFILE": "missing", "AWS_CONFIG_FILE": str(tmp_path / "none")}
    result = run_conformance("-k", "test_valid_requests_launch", f"--conformance-report={tmp_path}", env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_a_missing_aws_profile_for_real_ec2_is_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_PROFILE="missing", AWS_CONFIG_FILE=str(tmp_path / "none"))
    result = run_conformance("--target=aws", "--region=us-east-1", env=env)
    assert_one_clear_error(result, "missing", "AWS_PROFILE")


def test_console_run_exit_code_for_a_target_that_cannot_start(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--target=endpoint",
                             f"--endpoint-url={url}", "--report-dir", str(tmp_path), "-k", "valid_requests_launch"],
                            cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 3, result.stdout + result.stderr  # a configuration problem: nothing listens
    assert "unreachable" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_record_answers_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    assert_one_clear_error(run_conformance(f"--record-answers={tmp_path / 'nowhere' / 'answers.jsonl'}"),
                           "--record-answers=", "not a file this run can append to")
