"""Install ministack into its own virtual environment (it pins its own botocore) and run it on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from conformance.targets.errors import TargetError
from conformance.targets.net import answers, free_port, wait_until

DEFAULT_REQUIREMENT = "ministack==1.5.33"
CACHE_VARIABLE = "EC2_CONFORMANCE_CACHE"
START_TIMEOUT = 60.0


def cache_dir() -> Path:
    root = os.environ.get(CACHE_VARIABLE) or os.path.join(
        os.path.expanduser("~"), ".cache", "ec2-conformance"
    )
    return Path(root)


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


class MinistackProcess:
    """One ministack server process; `start()` returns its base URL."""

    def __init__(self, *, requirement: str | None = None, venv: str | None = None) -> None:
        self.requirement = requirement or DEFAULT_REQUIREMENT
        self.venv = Path(venv) if venv else cache_dir() / "ministack-venv"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def installed(self) -> bool:
        return _bin(self.venv, "ministack").exists()

    def install(self) -> None:
        """`python -m venv` + `pip install ministack` on first use (a one-line TargetError if it fails)."""
        if self.installed():
            return
        steps = [
            [sys.executable, "-m", "venv", str(self.venv)],
            [str(_bin(self.venv, "python")), "-m", "pip", "install", "--quiet", self.requirement],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no output"])[-1]
                raise TargetError(f"ministack: could not install {self.requirement} into {self.venv}: {last}")

    def version(self) -> str:
        if not self.installed():
            return self.requirement
        done = subprocess.run(
            [
                str(_bin(self.venv, "python")),
                "-c",
                "import importlib.metadata as m; print(m.version('ministack'))",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() or self.requirement

    def start(self) -> str:
        self.install()
        port = free_port()
        env: dict[str, Any] = {**os.environ, "BIND_HOST": "127.0.0.1", "GATEWAY_PORT": str(port)}
        self._log = tempfile.TemporaryFile(prefix="ministack-")  # noqa: SIM115 (closed in stop())
        self._process = subprocess.Popen(
            [str(_bin(self.venv, "ministack"))],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        process = self._process
        try:
            wait_until(
                lambda: answers(f"{url}/_ministack/health", timeout=1.0),
                timeout=START_TIMEOUT,
                what=f"ministack on port {port}",
                still_running=lambda: process.poll() is None,
            )
        except TargetError:
            self.stop()
            raise
        return url

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None
