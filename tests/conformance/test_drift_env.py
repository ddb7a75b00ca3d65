"""conformance.drift_env: the drift environment's layout, the process environment its runs get, the suite copied
beside it, and a failed step as one DriftError line (the real installs: tests/integration/test_drift.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conformance.drift import NEWEST_EMULATORS, SUITE_PACKAGES, DriftError
from conformance.drift_env import DriftEnvironment
from conformance.targets.venv_server import CACHE_VARIABLE, requirement_variable


def test_the_venv_and_the_suite_copy_live_under_the_root(tmp_path: Path) -> None:
    drift = DriftEnvironment(tmp_path)
    assert drift.python.is_relative_to(tmp_path / "venv") and drift.python.name == "python"
    assert drift.suite == tmp_path / "suite"


def test_runs_there_see_the_suite_copy_and_newest_emulators_and_no_profile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "mine")
    monkeypatch.setenv("PYTHONPATH", "/somewhere/else")
    monkeypatch.setenv("VIRTUAL_ENV", "/the/project/venv")
    monkeypatch.setenv("KEPT_FOR_THE_RUN", "yes")
    env = DriftEnvironment(tmp_path).environment()
    assert env["PYTHONPATH"] == str(tmp_path / "suite")
    assert "AWS_PROFILE" not in env and "VIRTUAL_ENV" not in env and env["KEPT_FOR_THE_RUN"] == "yes"
    assert env[CACHE_VARIABLE] == str(tmp_path / "cache")  # never the project's own emulator venvs
    assert NEWEST_EMULATORS and all(env[requirement_variable(name)] == "newest" for name in NEWEST_EMULATORS)


def test_the_suite_copy_holds_its_packages_without_caches(tmp_path: Path) -> None:
    drift = DriftEnvironment(tmp_path)
    drift._copy_suite()
    assert sorted(p.name for p in drift.suite.iterdir()) == sorted(SUITE_PACKAGES)
    assert (drift.suite / "conformance" / "baselines" / "moto.json").is_file()
    assert (drift.suite / "conformance" / "suite" / "test_requests.py").is_file()
    assert not list(drift.suite.rglob("__pycache__"))
    (drift.suite / "stale.txt").write_text("from an earlier copy", encoding="utf-8")
    drift._copy_suite()
    assert not (drift.suite / "stale.txt").exists()  # each copy starts afresh


def test_a_step_gives_its_output_and_a_failed_one_is_one_line(tmp_path: Path) -> None:
    drift = DriftEnvironment(tmp_path)
    assert drift._step([sys.executable, "-c", "print('1.2.3')"], "read the versions") == "1.2.3\n"
    failing = [sys.executable, "-c", "import sys; print('working'); sys.exit('no matching distribution')"]
    with pytest.raises(DriftError, match=r"^could not install moto: no matching distribution$"):
        drift._step(failing, "install moto")
    with pytest.raises(DriftError, match=r"^could not make the virtual environment: "):
        drift._step([str(tmp_path / "no-such-python")], "make the virtual environment")
