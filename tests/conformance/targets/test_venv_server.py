"""conformance.targets.venv_server: recipes name their venvs and pins, the install marker names the interpreter,
`newest` unpins the emulator, and a VenvServer starts a process on a free loopback port and stops its group.
Stubs stand in for interpreters and a tiny HTTP server for the emulator: nothing is installed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conformance.targets import TargetError
from conformance.targets.net import answers
from conformance.targets.venv_server import (
    CACHE_VARIABLE,
    LOCALSTACK,
    MINISTACK,
    ServerRecipe,
    ToolVenv,
    VenvServer,
    cache_dir,
    requirement_variable,
    requirements_of,
)
from tests.support.targets import NO_SUCH_PYTHON as V
from tests.support.targets import stub


def test_the_marker_names_the_interpreter(tmp_path: Path) -> None:
    """A venv installed for other requirements or another Python is not taken as installed (it is rebuilt)."""
    tool = ToolVenv("fakestack", ("fakestack==2.0",), tmp_path / "venv", python_version=V)
    stub(tool.python)
    marker = tmp_path / "venv" / ".ec2-conformance-installed"
    marker.write_text("fakestack==2.0", encoding="utf-8")  # as written before the interpreter was named
    assert not tool.installed()
    marker.write_text(f"python {V}\nfakestack==1.0", encoding="utf-8")
    assert not tool.installed()
    marker.write_text(f"python {V}\nfakestack==2.0", encoding="utf-8")
    assert tool.installed()
    tool.python.unlink()  # the interpreter it was made from is gone
    assert not tool.installed()


def test_recipes_name_their_venvs_and_pins() -> None:
    assert ToolVenv("fakestack", (), python_version=V).venv.name == f"fakestack-py{V}-venv"
    assert VenvServer(MINISTACK).venv.name == "ministack-venv"  # the suite's own Python: as before
    assert LOCALSTACK.python == "3.13" and VenvServer(LOCALSTACK).venv.name == "localstack-py3.13-venv"
    assert LOCALSTACK.pinned == "2026.3.0" and MINISTACK.pinned == "1.5.33"



def test_the_cache_directory_comes_from_its_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    assert cache_dir() == tmp_path
    assert ToolVenv("fakestack", ()).venv == tmp_path / "fakestack-venv"
    monkeypatch.delenv(CACHE_VARIABLE)
    assert cache_dir() == Path.home() / ".cache" / "ec2-conformance"


def test_newest_unpins_only_the_emulator_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    assert requirement_variable("local-stack") == "EC2_CONFORMANCE_LOCAL_STACK_REQUIREMENT"
    monkeypatch.delenv(requirement_variable("localstack"), raising=False)
    assert requirements_of(LOCALSTACK) == LOCALSTACK.requirements
    monkeypatch.setenv(requirement_variable("localstack"), "newest")
    assert requirements_of(LOCALSTACK) == ("localstack-core[runtime]", *LOCALSTACK.requirements[1:])
    assert requirements_of(MINISTACK) == MINISTACK.requirements  # another recipe's variable: still pinned
    assert VenvServer(LOCALSTACK).requirements[0] == "localstack-core[runtime]"


def _recipe(command: list[str], requirements: tuple[str, ...] = ("fakestack==2.0",)) -> ServerRecipe:
    return ServerRecipe(name="fakestack", requirements=requirements, package="fakestack",
                        command=lambda _venv: command, environment=lambda port, _scratch: {"FAKE_PORT": str(port)},
                        health_path="/", start_timeout=20.0)


def test_pinned_is_empty_when_the_package_is_not_pinned() -> None:
    assert _recipe([], ("other==1.0", "fakestack>=2")).pinned == ""
    assert _recipe([], ("FakeStack[extra] == 2.1 ",)).pinned == "2.1"


def _installed(server: VenvServer) -> VenvServer:
    """Mark the server's venv installed, its python a stub, so that start() installs nothing."""
    stub(server.python)
    (server.venv / ".ec2-conformance-installed").write_text(server.tool.marker_text, encoding="utf-8")
    assert server.installed()
    return server


def test_version_without_a_venv_is_the_requirement(tmp_path: Path) -> None:
    server = VenvServer(_recipe([]), venv=str(tmp_path / "venv"))
    assert server.version() == "fakestack==2.0"
    _installed(server)  # a python that prints nothing useful about the package: its output, or the requirement
    assert server.version() == V


def test_a_server_starts_on_a_free_loopback_port_and_stops(tmp_path: Path) -> None:
    command = ["sh", "-c", f'exec "{sys.executable}" -m http.server --bind 127.0.0.1 "$FAKE_PORT"']
    server = _installed(VenvServer(_recipe(command), venv=str(tmp_path / "venv")))
    url = server.start()
    try:
        assert url.startswith("http://127.0.0.1:") and answers(url)
        pid = server.pid
        assert pid is not None
    finally:
        server.stop()
    assert server.pid is None and not answers(url, timeout=0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped, not left behind
    server.stop()  # stopping twice is harmless


def test_a_server_that_dies_at_start_is_one_targeterror_and_is_cleaned_up(tmp_path: Path) -> None:
    server = _installed(VenvServer(_recipe(["sh", "-c", "exit 3"]), venv=str(tmp_path / "venv")))
    with pytest.raises(TargetError, match=r"^fakestack on port \d+ exited before it answered: see its log$"):
        server.start()
    assert server.pid is None
