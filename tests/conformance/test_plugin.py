"""conformance.plugin: inert outside a conformance run, activated by the suite collected without being named, and
the run's exit status at its end (whole pytest runs: tests/integration/test_plugin_inert.py and the other runs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from hypothesis import settings

from conformance import plugin
from conformance.activation import SUITE_DIR
from tests.support import REPO


class Config:
    """The part of a pytest.Config the plugin's hooks read (no option given)."""

    def __init__(self, *args: str) -> None:
        self.args = list(args)
        self.stash = pytest.Stash()
        self.invocation_params = SimpleNamespace(dir=REPO)

    def getoption(self, name: str, default: Any = None) -> Any:
        return default


@pytest.fixture(autouse=True)
def _unit_profile_afterwards() -> Iterator[None]:
    """An activated run loads the suite's profile: the suite's own tests go on with theirs."""
    yield
    settings.load_profile("unit")


def item(name: str, nodeid: str) -> Any:
    return SimpleNamespace(path=SUITE_DIR / name, nodeid=nodeid)


def test_a_run_of_other_tests_is_left_alone() -> None:
    config = Config("tests/conformance")
    before = settings.default
    plugin.pytest_configure(cast(pytest.Config, config))
    others = [SimpleNamespace(path=REPO / "tests" / "test_x.py", nodeid="tests/test_x.py::test_b"),
              SimpleNamespace(path=REPO / "tests" / "test_stateful.py", nodeid="tests/test_stateful.py::test_a")]
    plugin.pytest_collection_modifyitems(cast(pytest.Config, config), cast(list[pytest.Item], others))
    assert plugin._session(cast(pytest.Config, config)) is None
    assert [i.nodeid for i in others] == ["tests/test_x.py::test_b", "tests/test_stateful.py::test_a"]  # unsorted
    assert settings.default is before  # no profile loaded


def test_the_suite_collected_without_being_named_makes_it_a_conformance_run() -> None:
    config = Config(".")
    items = [item("test_requests.py", "conformance/suite/test_requests.py::test_valid_requests_launch"),
             item("test_stateful.py", "conformance/suite/test_stateful.py::test_idempotency_and_lifecycle")]
    plugin.pytest_collection_modifyitems(cast(pytest.Config, config), cast(list[pytest.Item], items))
    session = plugin._session(cast(pytest.Config, config))
    assert session is not None and session.target_name == "moto"
    assert [Path(i.path).name for i in items] == ["test_stateful.py", "test_requests.py"]  # the longest first
    assert session.expected_examples > 0  # the progress line's estimate for the collected tests


class Finishing:
    """A conformance session at its end: whether its ratchet fails the run, and why it stopped early."""

    def __init__(self, stale: bool = False, stopped: str = "") -> None:
        self.stale, self.stopped = stale, stopped
        self.stopped_target = self.categories = False

    def stop_target(self) -> None:
        self.stopped_target = True

    def write_allure_categories(self) -> None:
        self.categories = True

    def finish(self) -> bool:
        return self.stale


def finished(conformance: Finishing | None, exitstatus: int) -> tuple[int, Finishing | None]:
    config = Config()
    if conformance is not None:
        config.stash[plugin._SESSION_KEY] = cast(Any, conformance)
    session = SimpleNamespace(config=config, exitstatus=exitstatus)
    plugin.pytest_sessionfinish(cast(pytest.Session, session), exitstatus)
    return int(session.exitstatus), conformance


def test_the_end_of_a_run_of_other_tests_changes_nothing() -> None:
    assert finished(None, 0)[0] == 0


@pytest.mark.parametrize(("stale", "stopped", "pytest_status", "status"), [
    (False, "", 0, 0),
    (True, "", 0, pytest.ExitCode.TESTS_FAILED),  # a baseline entry fixed or changed fails the run at its end
    (True, "", pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.TESTS_FAILED),
    (False, "target stopped answering", 0, pytest.ExitCode.INTERRUPTED),
    (False, "target stopped answering", pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.INTERRUPTED),
    (False, "", pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.USAGE_ERROR),
])
def test_the_exit_status_says_how_the_run_ended(stale: bool, stopped: str, pytest_status: int, status: int) -> None:
    code, conformance = finished(Finishing(stale, stopped), pytest_status)
    assert code == status
    assert conformance is not None and conformance.stopped_target and conformance.categories


def test_an_interrupted_run_is_marked_partial() -> None:
    code, conformance = finished(Finishing(), pytest.ExitCode.INTERRUPTED)
    assert conformance is not None and conformance.stopped == "interrupted"
    assert code == pytest.ExitCode.INTERRUPTED
