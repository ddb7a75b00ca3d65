"""The README's emulator CI recipe, as an emulator project runs it: the package installed from a built wheel into
a fresh virtual environment, run from a directory outside the checkout, against a server started there."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from conformance.targets.net import free_port
from tests.support import REPO
from tests.support.shared_run import once, shared_dir

pytestmark = pytest.mark.slow
# What the recipes' held step runs: 17 of the suite's tests, about 800 examples and 45 known signatures on
# LocalStack 2026.3.0 (the recording step before it is a whole ci run)
HELD_SELECTION = "test_wire_level_mistake_is_refused or test_idempotency_and_lifecycle or test_valid_requests_launch"
HELD_TESTS = frozenset(HELD_SELECTION.split(" or "))  # test functions: no other name contains one of them
# the recipe's first step, in the tests: the held selection and the boundary tests (the whole ci run on moto server
# is `make test`'s conformance-ci; on LocalStack, `make localstack-report` holds one)
RECORDED_SELECTION = f"{HELD_SELECTION} or test_boundaries"


def _check(step: list[str], cwd: Path) -> None:
    done = subprocess.run(step, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, f"{' '.join(step)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the suite installed from a wheel, its dependencies at the lock's versions
    (`pip install -c requirements.lock`: the project's own runs are pinned), as a user would (its bin dir). Built
    once per test run: xdist workers share it (the first one builds it under a file lock)."""
    return once(tmp_path_factory, "wheel-install", _install_wheel) / "venv" / "bin"


def _install_wheel(root: Path) -> None:
    wheels = root / "wheels"
    _check([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO)], root)
    venv = root / "venv"
    _check([sys.executable, "-m", "venv", "--clear", str(venv)], root)
    wheel = next(wheels.glob("ec2_conformance-*.whl"))
    constraints = root / "constraints.txt"  # the lock's pins without their hashes (a local wheel has none)
    pins = re.findall(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[^\s\\;]+", (REPO / "requirements.lock").read_text("utf-8"), re.M)
    constraints.write_text("\n".join(pins) + "\n", encoding="utf-8")
    _check([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-c", str(constraints), str(wheel)], root)
    versions = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "freeze"], capture_output=True, text=True,
                              check=True).stdout
    assert "moto==" + metadata.version("moto") in versions, "the wheel's venv is not at the lock's versions"


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{url} did not answer") from None
            time.sleep(0.2)


@pytest.fixture
def moto_server(installed: Path, tmp_path: Path) -> Iterator[str]:
    """A moto server on loopback, started as its own program from the working directory (stopped by pid)."""
    port = free_port()
    process = subprocess.Popen([str(installed / "python"), "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{port}/moto-api/", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def _run(bin_dir: Path, workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AWS_PROFILE")}
    baseline = workdir / "emulator-baseline.json"
    held = ["--baseline", str(baseline)] if baseline.exists() or "--update-baseline" in args else []
    command = [str(bin_dir / "ec2-conformance"), "run", *held,
               "--report-dir", str(workdir / "conformance-report"), "--progress", "plain", *args]
    return subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=1500, check=False, env=env)


def _recipe(bin_dir: Path, workdir: Path, *target: str) -> dict[str, object]:
    """`--update-baseline` (on RECORDED_SELECTION), then a run of HELD_SELECTION held against that baseline: both
    exit 0, the second with 0 new, 0 fixed and nothing changed (it never fixes what the tests left out showed)."""
    assert not workdir.is_relative_to(REPO)
    first = _run(bin_dir, workdir, *target, "--update-baseline", "-k", RECORDED_SELECTION)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-2000:]
    baseline = json.loads((workdir / "emulator-baseline.json").read_text(encoding="utf-8"))
    second = _run(bin_dir, workdir, *target, "-k", HELD_SELECTION)
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-2000:]
    assert " 0 new," in second.stdout and " 0 fixed" in second.stdout, second.stdout[-3000:]
    assert "changed" not in second.stdout.lower(), second.stdout[-3000:]
    results: dict[str, object] = json.loads((workdir / "conformance-report" / "results.json").read_text("utf-8"))
    assert (workdir / "conformance-report" / "report.html").is_file()
    results["baseline"] = baseline
    return results


def test_the_suite_comes_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    code = "import conformance, importlib.resources as r; print(conformance.__file__); " \
           "print((r.files('conformance') / 'baselines' / 'moto.json').is_file())"
    done = subprocess.run([str(installed / "python"), "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          check=True, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    where, packaged = done.stdout.split()
    assert not Path(where).is_relative_to(REPO) and packaged == "True", done.stdout


def test_emulator_ci_recipe_against_a_moto_server(installed: Path, moto_server: str, tmp_path: Path) -> None:
    results = _recipe(installed, tmp_path, "--target=endpoint", f"--endpoint-url={moto_server}")
    run = results["run"]
    assert isinstance(run, dict) and run["target"]["name"] == "endpoint" and run["examples"] > 500


def test_installed_and_editable_give_the_same_results(installed: Path, tmp_path: Path) -> None:
    """The default moto run, from the wheel and from the checkout: the same examples and signatures."""
    selection = ["-k", "valid_requests_launch or wire_level or boundaries", "--seed", "20240101"]
    wheel = _run(installed, tmp_path, *selection)
    wheel_doc = json.loads((tmp_path / "conformance-report" / "results.json").read_text("utf-8"))
    editable_dir = tmp_path / "editable"
    editable_dir.mkdir()
    editable = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--report-dir", str(editable_dir),
                               "--progress", "off", *selection], cwd=tmp_path, capture_output=True, text=True,
                              timeout=900, check=False, env={**os.environ, "PYTHONPATH": str(REPO)})
    editable_doc = json.loads((editable_dir / "results.json").read_text("utf-8"))
    assert wheel.returncode == editable.returncode, wheel.stdout[-2000:] + editable.stdout[-2000:]
    assert wheel_doc["run"]["examples"] == editable_doc["run"]["examples"]
    assert wheel_doc["signatures"] == editable_doc["signatures"]


def _own_packages(workdir: Path) -> None:
    """A project of the user's: its own `reports`, `strategies` and `conformance` packages and a conftest.py."""
    for package in ("reports", "strategies", "conformance"):
        (workdir / package).mkdir()
        (workdir / package / "__init__.py").write_text(f'"""The user\'s own {package}."""\nUSERS = True\n',
                                                     encoding="utf-8")
    (workdir / "conftest.py").write_text("import reports, strategies  # the user's own\n", encoding="utf-8")


def test_a_directory_with_its_own_packages_never_shadows_the_suite(installed: Path, tmp_path: Path) -> None:
    """`ec2-conformance run` and `pytest --pyargs conformance.suite` from a project holding `reports/`,
    `strategies/` and `conformance/` packages and a conftest.py: the suite's own are used, the reports written."""
    _own_packages(tmp_path)
    run = _run(installed, tmp_path, "-k", "test_valid_requests_launch")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Traceback" not in run.stdout + run.stderr, run.stdout[-3000:] + run.stderr[-3000:]
    assert (tmp_path / "conformance-report" / "report.html").is_file()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AWS_PROFILE")}
    report = tmp_path / "pyargs-report"
    pyargs = subprocess.run([str(installed / "pytest"), "--pyargs", "conformance.suite", "-q", "-p", "no:cacheprovider",
                             "-k", "test_valid_requests_launch", f"--conformance-report={report}"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False, env=env)
    assert pyargs.returncode == 0, pyargs.stdout[-3000:] + pyargs.stderr[-3000:]
    assert json.loads((report / "results.json").read_text("utf-8"))["run"]["examples"] > 0
    assert run.returncode == pyargs.returncode


LOCALSTACK_REQUIRED = "EC2_CONFORMANCE_REQUIRE_LOCALSTACK"


@pytest.fixture(scope="session")
def localstack(tmp_path_factory: pytest.TempPathFactory) -> str:
    """LocalStack's own venv, installed once for both halves of its recipe (the first worker installs it under a
    file lock); its pinned version."""
    from conformance.targets.venv_server import LOCALSTACK, VenvServer

    with (shared_dir(tmp_path_factory, "localstack-install") / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            VenvServer(LOCALSTACK).install()
        except Exception as exc:  # no registry reachable here: the install is impossible, not a failure
            if os.environ.get(LOCALSTACK_REQUIRED):
                raise
            pytest.skip(f"LocalStack could not be installed here ({exc}); CI sets {LOCALSTACK_REQUIRED}")
    return f"localstack {LOCALSTACK.pinned}"


def _signatures(baseline: Path, tests: frozenset[str] | None = None) -> set[str]:
    """The baseline's signatures; with `tests`, those one of these test functions showed."""
    entries = json.loads(baseline.read_text(encoding="utf-8"))["signatures"]
    return {entry["signature"] for entry in entries
            if tests is None or any(_function(shown) in tests for shown in entry.get("tests", []))}


def _function(test: str) -> str:
    """`test_requests.py::test_mutation_is_refused[tag-key-empty]` -> `test_mutation_is_refused`."""
    return test.partition("::")[2].partition("[")[0]


COMMITTED_LOCALSTACK = REPO / "conformance" / "baselines" / "localstack.json"


def test_emulator_ci_recipe_records_a_localstack_baseline(installed: Path, localstack: str, tmp_path: Path) -> None:
    """The recipe's first step on LocalStack, installed into its own venv and started by the suite
    (`--target=localstack --update-baseline`), on the held selection: every signature it records is one the suite's
    committed LocalStack baseline lists for those tests. Not each of those: LocalStack never frees an address, so
    what earlier examples left decides a few answers of a whole run (an "IP already in use" crash). A whole ci run
    on LocalStack takes 11 min here, too long for `make test`: `make localstack-report` holds one against the
    committed baseline."""
    first = _run(installed, tmp_path, "--target=localstack", "--update-baseline", "-k", HELD_SELECTION)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-2000:]
    recorded = _signatures(tmp_path / "emulator-baseline.json")
    assert len(recorded) > 20 and recorded <= _signatures(COMMITTED_LOCALSTACK, HELD_TESTS), (
        recorded - _signatures(COMMITTED_LOCALSTACK, HELD_TESTS))
    results = json.loads((tmp_path / "conformance-report" / "results.json").read_text("utf-8"))
    assert results["run"]["target"].get("version") == localstack, results["run"]["target"]  # the recipe's pin
    # no false alarm from earlier examples: each post-condition divergence showed again with its request alone
    assert [s["signature"] for s in results["signatures"] if s["shown_alone"] is False] == []


def test_emulator_ci_recipe_holds_localstack_against_its_baseline(installed: Path, localstack: str,
                                                                   tmp_path: Path) -> None:
    """The recipe's second step on LocalStack: a run held against the committed baseline (a whole ci run's, which
    `make localstack-report` holds): exit 0, no new signature, nothing fixed or changed, the reports written. It
    holds a selection of the tests (a tenth of the run's time), which also shows that a partial run never fixes
    nor changes a listed signature that only the tests left out showed."""
    shutil.copy(COMMITTED_LOCALSTACK, tmp_path / "emulator-baseline.json")
    held = _run(installed, tmp_path, "--target=localstack", "-k", HELD_SELECTION)
    assert held.returncode == 0, held.stdout[-4000:] + held.stderr[-2000:]
    assert " 0 new," in held.stdout and " 0 fixed" in held.stdout, held.stdout[-3000:]
    assert "changed" not in held.stdout and "CHANGED" not in held.stdout, held.stdout[-3000:]
    assert (tmp_path / "conformance-report" / "report.html").is_file()
    results = json.loads((tmp_path / "conformance-report" / "results.json").read_text("utf-8"))
    assert results["run"]["target"].get("version") == localstack, results["run"]["target"]
    assert results["summary"]["signatures"]["known"] > 20, results["summary"]
