"""The drift environment: a virtual environment with the newest allowed versions (conformance.drift), this suite's
own code copied beside it, and the conformance runs made there. Emulators that live in a venv of their own get
theirs under the drift environment too, with their newest release (conformance.targets.venv_server)."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from conformance.drift import NEWEST_EMULATORS, SUITE_PACKAGES, DriftError

INSTALL_TIMEOUT = 1800.0
RUN_TIMEOUT = 5400.0


class DriftEnvironment:
    """`root/venv` with the requirements, `root/suite` with this suite's packages (on PYTHONPATH there)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.venv = root / "venv"
        self.suite = root / "suite"

    @property
    def python(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin") / "python"

    def environment(self) -> dict[str, str]:
        """The process environment of every run: the suite's copy first, emulator venvs under the drift root
        with their newest release (never the pinned ones the project's own runs use)."""
        from conformance.targets.venv_server import CACHE_VARIABLE, requirement_variable

        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AWS_PROFILE", "VIRTUAL_ENV")}
        env["PYTHONPATH"] = str(self.suite)
        env[CACHE_VARIABLE] = str(self.root / "cache")
        env |= {requirement_variable(name): "newest" for name in NEWEST_EMULATORS}
        return env

    def install(self, requirements: Sequence[str]) -> dict[str, str]:
        """Make the venv, install `requirements` (their newest allowed versions), copy the suite; the versions."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._step([sys.executable, "-m", "venv", "--clear", str(self.venv)], "make the virtual environment")
        self._step([str(self.python), "-m", "pip", "install", "--quiet", "--upgrade", *requirements],
                   f"install {' '.join(requirements)}")
        self._copy_suite()
        versions: dict[str, str] = json.loads(self._step([str(self.python), "-P", "-m", "conformance.drift",
                                                          "versions"], "read the versions"))
        return versions

    def _copy_suite(self) -> None:
        shutil.rmtree(self.suite, ignore_errors=True)
        for name in SUITE_PACKAGES:
            source = Path(str(importlib.import_module(name).__file__)).parent
            shutil.copytree(source, self.suite / name, ignore=shutil.ignore_patterns("__pycache__", "output"))

    def members(self) -> dict[str, Any]:
        """The member gaps of the environment's botocore model (`python -m conformance.drift members`)."""
        found: dict[str, Any] = json.loads(self._step([str(self.python), "-P", "-m", "conformance.drift", "members"],
                                                      "read the botocore model"))
        return found

    def conformance(self, target: str, report_dir: Path, baseline: Path, *, profile: str = "ci",
                    select: str | None = None) -> Mapping[str, Any]:
        """One conformance run there, held against `baseline`; its results document."""
        command = [str(self.python), "-P", "-m", "pytest", "-p", "conformance.plugin", "--pyargs",
                   "conformance.suite", "-q", "-p", "no:cacheprovider", f"--target={target}",
                   f"--baseline={baseline}", f"--hypothesis-profile={profile}",
                   f"--conformance-report={report_dir}", "--conformance-progress=plain"]
        command += ["-k", select] if select else []
        done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False,
                              env=self.environment(), cwd=self.root)
        results = report_dir / "results.json"
        if not results.is_file():
            last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
            raise DriftError(f"{target}: the run in the drift environment wrote no results (exit "
                             f"{done.returncode}): {last}")
        document: Mapping[str, Any] = json.loads(results.read_text(encoding="utf-8"))
        return document

    def _step(self, command: list[str], what: str) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False,
                                  env=self.environment(), cwd=self.root)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DriftError(f"could not {what}: {exc}") from None
        if done.returncode != 0:
            last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
            raise DriftError(f"could not {what}: {last}")
        return done.stdout
