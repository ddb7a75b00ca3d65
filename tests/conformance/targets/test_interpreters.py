"""The Python a recipe's venv is made from (LocalStack 2026.x needs 3.13): found on PATH or in pyenv, checked by
running it, and a one-line TargetError when there is none. Stubs stand in for interpreters: a version no suite
runs on ("3.99") keeps the suite's own Python out of the way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.targets import TargetError
from conformance.targets.interpreters import candidates, find_python, pyenv_root, running_version
from conformance.targets.venv_server import ServerRecipe, VenvServer
from tests.support import REPO
from tests.support.targets import NO_SUCH_PYTHON as V
from tests.support.targets import stub


@pytest.fixture(autouse=True)
def _no_pyenv_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYENV_ROOT", raising=False)


def test_found_on_path(tmp_path: Path) -> None:
    found = stub(tmp_path / "bin" / f"python{V}")
    assert find_python(V, search_path=str(tmp_path / "bin"), root=tmp_path / "no-pyenv") == found


def test_a_shim_that_fails_is_passed_over_for_the_next_on_path(tmp_path: Path) -> None:
    """A pyenv shim exists for every version pyenv has and exits 127 unless that version is selected."""
    stub(tmp_path / "shims" / f"python{V}", prints="pyenv: command not found", exit_code=127)
    stub(tmp_path / "wrong" / f"python{V}", prints="3.11")
    real = stub(tmp_path / "bin" / f"python{V}")
    path = os.pathsep.join(str(tmp_path / d) for d in ("shims", "wrong", "bin"))
    assert find_python(V, search_path=path, root=tmp_path / "no-pyenv") == real


def test_found_in_a_pyenv_root_newest_release_first(tmp_path: Path) -> None:
    root = tmp_path / "pyenv"
    stub(root / "versions" / f"{V}.2" / "bin" / f"python{V}")
    newest = stub(root / "versions" / f"{V}.10" / "bin" / f"python{V}")
    stub(root / "versions" / f"{V}-dev" / "bin" / f"python{V}")
    stub(root / "versions" / "3.9.1" / "bin" / "python3.9")
    assert candidates(V, "", root) == [newest, root / "versions" / f"{V}.2" / "bin" / f"python{V}"]
    assert find_python(V, search_path=str(tmp_path / "empty"), root=root) == newest


def test_path_comes_before_pyenv(tmp_path: Path) -> None:
    on_path = stub(tmp_path / "bin" / f"python{V}")
    stub(tmp_path / "pyenv" / "versions" / f"{V}.0" / "bin" / f"python{V}")
    assert find_python(V, search_path=str(tmp_path / "bin"), root=tmp_path / "pyenv") == on_path


def test_pyenv_root_from_the_variable_then_from_pyenv_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stub(tmp_path / "bin" / "pyenv", prints=str(tmp_path / "from-command"))
    assert pyenv_root(str(tmp_path / "bin")) == tmp_path / "from-command"
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "from-variable"))
    assert pyenv_root(str(tmp_path / "bin")) == tmp_path / "from-variable"


def test_pyenv_found_through_pyenv_root_when_no_root_is_given(tmp_path: Path) -> None:
    root = tmp_path / "pyenv"
    found = stub(root / "versions" / f"{V}.1" / "bin" / f"python{V}")
    stub(tmp_path / "bin" / "pyenv", prints=str(root))
    assert find_python(V, search_path=str(tmp_path / "bin")) == found


def test_missing_everywhere_is_none(tmp_path: Path) -> None:
    stub(tmp_path / "bin" / f"python{V}", prints="3.11")
    assert find_python(V, search_path=str(tmp_path / "bin"), root=tmp_path / "pyenv") is None


def test_the_suites_own_python_is_used_when_it_is_that_version() -> None:
    assert find_python(running_version(), search_path="", root=None) == Path(sys.executable)


def recipe_needing(version: str) -> ServerRecipe:
    """A LocalStack-like recipe that needs Python `version`."""
    return ServerRecipe(name="fakestack", requirements=("fakestack==2.0",), package="fakestack",
                        command=lambda venv: [], environment=lambda port, scratch: {}, health_path="/",
                        python=version)


def test_a_missing_python_stops_the_install_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    server = VenvServer(recipe_needing(V), venv=str(tmp_path / "venv"))
    with pytest.raises(TargetError) as raised:
        server.install()
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"fakestack (fakestack==2.0) needs Python {V}: none found on PATH (python{V}) or in "
                              f"pyenv ({tmp_path / 'pyenv' / 'versions' / V}.*); install one")
    assert "--target=endpoint" in message
    assert not (tmp_path / "venv").exists()  # nothing half made


def test_target_localstack_without_python_313_is_one_line_and_exit_3(tmp_path: Path) -> None:
    if running_version() == "3.13":
        pytest.skip("the suite runs on Python 3.13 itself: it is always found")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent), "PYENV_ROOT": str(tmp_path / "pyenv"),
           "EC2_CONFORMANCE_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--target=localstack",
                             "--report-dir", str(tmp_path / "report"), "-k", "valid_requests_launch"],
                            cwd=REPO, capture_output=True, text=True, timeout=120, check=False, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 3, output
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if "needs Python 3.13" in line]
    assert len(lines) == 1 and "none found on PATH (python3.13) or in pyenv" in lines[0], output
