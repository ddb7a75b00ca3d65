"""The suite as an emulator project would use it: installed, run from another directory, its own baseline."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.targets.net import free_port

REPO = Path(__file__).resolve().parents[1]



@pytest.fixture(scope="module")
def emulator() -> Iterator[str]:
    """A moto server on loopback, started as a separate program (stopped at the end)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _run(workdir: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "pytest", "--pyargs", "conformance.suite", "-q", "-p", "no:cacheprovider",
        "--target=endpoint", f"--endpoint-url={url}", f"--baseline={workdir / 'emulator-baseline.json'}",
        "--conformance-report", str(workdir / "conformance-report"), "-k", "test_valid_requests_launch",
        *extra,
    ]
    return subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=600, check=False)


def test_installed_suite_runs_from_outside_the_checkout(tmp_path: Path, emulator: str) -> None:
    assert not tmp_path.is_relative_to(REPO)
    first = _run(tmp_path, emulator, "--update-baseline")
    assert first.returncode == 0, first.stdout + first.stderr
    baseline = json.loads((tmp_path / "emulator-baseline.json").read_text(encoding="utf-8"))
    assert baseline["target"] == "endpoint"

    second = _run(tmp_path, emulator)
    assert second.returncode == 0, second.stdout + second.stderr
    results = json.loads((tmp_path / "conformance-report" / "results.json").read_text(encoding="utf-8"))
    assert results["run"]["target"]["name"] == "endpoint"
    assert results["run"]["examples"] > 0
    assert (tmp_path / "conformance-report" / "report.html").is_file()
