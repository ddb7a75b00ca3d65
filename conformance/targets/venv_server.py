"""Emulators installed into a virtual environment of their own (they pin their own botocore) and run on loopback:
one `ServerRecipe` per emulator (what to install, how to start it, where it says it is healthy), one
`VenvServer` that installs on first use, starts on 127.0.0.1 and a free port, waits, and stops by pid.
`ToolVenv` is the install on first use alone, for tools that pin their own botocore too (the AWS CLI the
reproducer tests run). A recipe that needs another Python than the suite's own names it (`python="3.13"`); the venv
is made from that interpreter, found on PATH or in pyenv (conformance.targets.interpreters), never downloaded."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from conformance.targets.errors import TargetError
from conformance.targets.interpreters import find_python, missing_message, pyenv_root
from conformance.targets.net import answers, free_port, wait_until

CACHE_VARIABLE = "EC2_CONFORMANCE_CACHE"
STOP_TIMEOUT = 10.0


def cache_dir() -> Path:
    root = os.environ.get(CACHE_VARIABLE) or os.path.join(os.path.expanduser("~"), ".cache", "ec2-conformance")
    return Path(root)


def requirement_variable(name: str) -> str:
    """`EC2_CONFORMANCE_LOCALSTACK_REQUIREMENT`: `newest` gives the emulator's venv its newest release
    (`ec2-conformance drift` sets it); unset, the recipe's pinned one."""
    return f"EC2_CONFORMANCE_{name.upper().replace('-', '_')}_REQUIREMENT"


def requirements_of(recipe: ServerRecipe) -> tuple[str, ...]:
    """The recipe's pinned requirements, or its first one unpinned where `requirement_variable` says `newest`."""
    if os.environ.get(requirement_variable(recipe.name)) != "newest":
        return recipe.requirements
    return (re.split(r"[=<>!~]", recipe.requirements[0], maxsplit=1)[0], *recipe.requirements[1:])


def bin_path(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


@dataclass(frozen=True)
class ServerRecipe:
    """How one emulator is installed and started."""

    name: str
    requirements: tuple[str, ...]
    package: str  # the distribution whose version the target reports
    command: Callable[[Path], list[str]]  # venv -> argv
    environment: Callable[[int, Path], dict[str, str]]  # port, scratch dir -> variables to set
    health_path: str
    start_timeout: float = 60.0
    python: str | None = None  # "3.13": the Python the venv is made from; None: the suite's own

    @property
    def pinned(self) -> str:
        """The version the requirements pin `package` to ("2026.3.0"), "" if they pin none."""
        for requirement in self.requirements:
            name, _, version = requirement.partition("==")
            if name.split("[")[0].strip().lower() == self.package.lower():
                return version.strip()
        return ""


class ToolVenv:
    """A virtual environment of its own under the cache directory, with `requirements` installed on first use,
    made from Python `python_version` ("3.13") or, when None, from the suite's own interpreter."""

    def __init__(self, name: str, requirements: tuple[str, ...], venv: str | Path | None = None, *,
                 python_version: str | None = None, instead: str = "") -> None:
        self.name = name
        self.requirements = requirements
        self.python_version = python_version
        self.instead = instead  # what to do instead when that Python is missing, for the error's "or ..."
        default = f"{name}-py{python_version}-venv" if python_version else f"{name}-venv"
        self.venv = Path(venv) if venv else cache_dir() / default

    @property
    def python(self) -> Path:
        return bin_path(self.venv, "python")

    @property
    def marker_text(self) -> str:
        """What the marker file holds once installed: the interpreter (when named) and the requirements."""
        lines = ([f"python {self.python_version}"] if self.python_version else []) + list(self.requirements)
        return "\n".join(lines)

    def installed(self) -> bool:
        marker = self.venv / ".ec2-conformance-installed"
        return marker.is_file() and marker.read_text(encoding="utf-8") == self.marker_text and self.python.exists()

    def base_python(self) -> str:
        """The interpreter the venv is made from; a one-line TargetError when the named Python is not here."""
        if self.python_version is None:
            return sys.executable
        root = pyenv_root()
        found = find_python(self.python_version, root=root)
        if found is None:
            who = f"{self.name} ({self.requirements[0]})" if self.requirements else self.name
            raise TargetError(missing_message(who, self.python_version, root=root)
                              + (f", or {self.instead}" if self.instead else ""))
        return str(found)

    def install(self) -> None:
        """`python -m venv` + `pip install` on first use (a one-line TargetError if it fails)."""
        if self.installed():
            return
        steps = [[self.base_python(), "-m", "venv", str(self.venv)],
                 [str(self.python), "-m", "pip", "install", "--quiet", *self.requirements]]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no output"])[-1]
                raise TargetError(f"{self.name}: could not install {' '.join(self.requirements)} into "
                                  f"{self.venv}: {last}")
        (self.venv / ".ec2-conformance-installed").write_text(self.marker_text, encoding="utf-8")


class VenvServer:
    """One server process of a recipe; `start()` returns its base URL."""

    def __init__(self, recipe: ServerRecipe, *, requirements: tuple[str, ...] | None = None,
                 venv: str | None = None) -> None:
        self.recipe = recipe
        self.tool = ToolVenv(recipe.name, requirements or requirements_of(recipe), venv, python_version=recipe.python,
                             instead="start the server yourself and use --target=endpoint --endpoint-url URL")
        self.requirements = self.tool.requirements
        self.venv = self.tool.venv
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._scratch: str | None = None

    @property
    def python(self) -> Path:
        return self.tool.python

    def installed(self) -> bool:
        return self.tool.installed()

    def install(self) -> None:
        self.tool.install()

    def version(self) -> str:
        if not self.python.exists():
            return " ".join(self.requirements)
        code = f"import importlib.metadata as m; print(m.version({self.recipe.package!r}))"
        done = subprocess.run([str(self.python), "-c", code], capture_output=True, text=True, check=False)
        return done.stdout.strip() or self.requirements[0]

    def start(self) -> str:
        self.install()
        port = free_port()
        self._scratch = tempfile.mkdtemp(prefix=f"{self.recipe.name}-")
        env = {**os.environ, **self.recipe.environment(port, Path(self._scratch))}
        self._log = tempfile.TemporaryFile(prefix=f"{self.recipe.name}-")  # noqa: SIM115 (closed in stop())
        self._process = subprocess.Popen(self.recipe.command(self.venv), env=env, stdout=self._log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self._scratch,
                                         start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        process = self._process
        try:
            wait_until(lambda: answers(f"{url}{self.recipe.health_path}", timeout=1.0),
                       timeout=self.recipe.start_timeout, what=f"{self.recipe.name} on port {port}",
                       still_running=lambda: process.poll() is None)
        except TargetError:
            self.stop()
            raise
        return url

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stop(self) -> None:
        """SIGTERM to the server's own process group (it was started in a session of its own), SIGKILL after
        a timeout: some emulators ignore SIGTERM or leave children behind."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)  # the group is the server's own: its pid is the group id


MINISTACK = ServerRecipe(
    name="ministack",
    requirements=("ministack==1.5.33",),
    package="ministack",
    command=lambda venv: [str(bin_path(venv, "ministack"))],
    environment=lambda port, _: {"BIND_HOST": "127.0.0.1", "GATEWAY_PORT": str(port)},
    health_path="/_ministack/health",
)

LOCALSTACK = ServerRecipe(
    name="localstack",
    requirements=("localstack-core[runtime]==2026.3.0", "cbor2<6", "pyopenssl<24.3", "cryptography<44",
                  "service-identity"),
    package="localstack-core",
    command=lambda venv: [str(bin_path(venv, "python")), "-m", "localstack.runtime.main"],
    environment=lambda port, scratch: {
        "OVERRIDE_IN_DOCKER": "0", "GATEWAY_SERVER": "hypercorn", "GATEWAY_LISTEN": f"127.0.0.1:{port}",
        "LOCALSTACK_HOST": f"127.0.0.1:{port}", "DNS_ADDRESS": "0", "DISABLE_EVENTS": "1",
        "SKIP_SSL_CERT_DOWNLOAD": "1", "FILESYSTEM_ROOT": str(scratch),
    },
    health_path="/_localstack/health",
    start_timeout=120.0,
    python="3.13",  # 2026.x declares >=3.10 but uses 3.12 type-parameter syntax and 3.13's warnings.deprecated
)
