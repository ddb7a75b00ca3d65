"""The pytest plugin (entry point `pytest11`): options, the target fixture, baselines and results.

The plugin is inert unless the run is a conformance run: the conformance suite is named on the command line
(or collected), or a conformance option is given. Otherwise it loads no Hypothesis profile, reads no AWS
configuration and changes nothing in the run; its options and its `conformance` fixture only exist.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# The suite's own top-level packages, bound before pytest imports any conftest.py of the user's (which puts its
# folder first on sys.path): a `reports/` or `strategies/` package beside it never shadows them.
import reports  # noqa: F401
import strategies  # noqa: F401
from conformance.activation import DEFAULT_REPORT_DIR, DEFAULT_TARGET, is_conformance_run, names_the_suite
from conformance.targets import TARGET_NAMES

if TYPE_CHECKING:
    from conformance.session import ConformanceSession

_SESSION_KEY = pytest.StashKey["ConformanceSession"]()
_ACTIVE_KEY = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ec2-conformance", "EC2 RunInstances conformance")
    group.addoption("--target", default=None,
                    help=f"target to test: {', '.join(TARGET_NAMES)} (default {DEFAULT_TARGET})")
    group.addoption("--endpoint-url", default=None, help="EC2 endpoint for --target=endpoint "
                    "(default: $AWS_ENDPOINT_URL_EC2)")
    group.addoption("--region", default=None, help="region (default: $AWS_REGION, $AWS_DEFAULT_REGION, "
                    "or the target's own: us-east-1 for emulators, none for aws)")
    group.addoption("--baseline", default=None, help="baseline file of known divergences "
                    "(default: the suite's baseline for the target)")
    group.addoption("--update-baseline", action="store_true", default=None, help="rewrite the baseline from this run")
    group.addoption("--strict-conformance", action="store_true", default=None,
                    help="any divergence fails, baseline or not")
    group.addoption("--conformance-report", default=None, metavar="DIR",
                    help=f"where results.json, report.md and report.html go (default {DEFAULT_REPORT_DIR})")
    group.addoption("--show-user-data", action="store_true", default=None,
                    help="write UserData content into reports (default: size and hash only)")
    group.addoption("--conformance-progress", default=None, choices=("auto", "line", "plain", "off"),
                    help="progress of long runs: one updating line (a terminal), plain lines (CI logs), or off")
    group.addoption("--example-db", default=None, metavar="SPEC",
                    help="share Hypothesis's example database beside the local one: a directory, "
                    "github:OWNER/REPO[@ARTIFACT] (read only) or redis://HOST:PORT (not with the ci profile)")
    group.addoption("--record-answers", default=None, metavar="FILE",
                    help="append every answer as one JSON line, in the evidence's schema (no credentials, account ids "
                    "or UserData content); `ec2-conformance calibrate FILE` reads it")
    group.addoption("--shard", default=None, metavar="I/N",
                    help="run shard I of N: a deterministic share of the tests, balanced by their measured durations "
                    "(merge the shards' results.json with `ec2-conformance merge`)")


@pytest.hookimpl(tryfirst=True)  # before Hypothesis's own configure loads --hypothesis-profile
def pytest_configure(config: pytest.Config) -> None:
    if not is_conformance_run(config):
        return
    _activate(config)


def _activate(config: pytest.Config) -> None:
    """Register and load the suite's profile, check every option, and set up the run's session (once)."""
    if config.stash.get(_ACTIVE_KEY, False):
        return
    config.stash[_ACTIVE_KEY] = True
    from conformance.options import configure_run
    from conformance.profiles import without_local_constants

    without_local_constants()  # before any draw: the same examples from a wheel or a checkout

    session = config.stash[_SESSION_KEY] = configure_run(config)  # a bad option: one pytest.UsageError line
    if session.prepares_shared:  # xdist controller, workers sharing one server: reset it before they start
        session.prepare_shared_server()


def _session(config: pytest.Config) -> ConformanceSession | None:
    return config.stash.get(_SESSION_KEY, None)


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Credentials, signatures and UserData never reach a log pytest writes."""
    if _session(session.config) is None:
        return
    from conformance import logsafety

    logsafety.install(session.config, bool(session.config.getoption("--show-user-data")))


@pytest.hookimpl(trylast=True)  # after -k and -m deselected theirs: the shards split what is left
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """This shard's items only (--shard), then the longest conformance tests first (the state machine), so xdist
    workers finish together."""
    if _session(config) is None and any(names_the_suite(Path(str(item.path))) for item in items):
        _activate(config)  # the suite was collected without being named (e.g. `pytest .` in a checkout)
    session = _session(config)
    if session is not None:
        if session.shard is not None:
            from conformance.profiles import loaded
            from conformance.shard import load_durations, select

            kept = select([item.nodeid for item in items], session.shard, load_durations(), loaded())
            config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in kept])
            items[:] = [item for item in items if item.nodeid in kept]
        items.sort(key=lambda item: 0 if "test_stateful" in item.nodeid else 1)
        from conformance.profiles import expected_examples

        session.expected_examples = expected_examples([item.nodeid for item in items])


@pytest.fixture(scope="session")
def conformance(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The runner bound to the started target and its world (session-wide; reset per example)."""
    session = _session(request.config)
    if session is None:
        pytest.skip("not a conformance run: the conformance fixture belongs to the conformance suite")
    yield session.runner()
    session.stop_target()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    session = _session(item.config)
    if session is None:
        return (yield)
    from conformance.runner import TargetDied

    session.begin_test(item)
    try:
        return (yield)
    except TargetDied as exc:  # stop the whole run; pytest_sessionfinish still writes the results so far
        session.stopped = str(exc)
        if hasattr(item.config, "workerinput"):
            # An xdist worker must not exit (the controller would see a crash and lose its results): it
            # stops after this test, hands its results over, and xdist ends the run with this message.
            item.session.shouldstop = f"ec2-conformance: {exc} (a worker stopped after {session.examples} examples)"
            pytest.skip(f"not finished: {exc}")
        pytest.exit(f"ec2-conformance: {exc} (run stopped after {session.examples} examples)",
                    returncode=pytest.ExitCode.INTERRUPTED)  # INTERRUPTED: the terminal summary still runs


@pytest.hookimpl(wrapper=True, tryfirst=True)  # around allure-pytest's hook: its status is set by then
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report: pytest.TestReport = yield
    session = _session(item.config)
    if session is not None and report.when == "call":
        session.end_test(item, report)
    return report


def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist controller: fold a worker's results into ours."""
    session = _session(node.config)
    output = getattr(node, "workeroutput", {}) or {}
    if session is not None and "ec2_conformance" in output:
        session.merge_worker(output["ec2_conformance"])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    conformance = _session(session.config)
    if conformance is None:
        return
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker hands its state to the controller
        workeroutput["ec2_conformance"] = conformance.worker_state()
        conformance.stop_target()
        return
    conformance.stop_target()
    conformance.write_allure_categories()
    if exitstatus == pytest.ExitCode.INTERRUPTED and not conformance.stopped:
        conformance.stopped = "interrupted"  # Ctrl-C or a signal: a partial run, and no baseline written
    if conformance.finish() and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if conformance.stopped and session.exitstatus in (0, pytest.ExitCode.TESTS_FAILED):
        session.exitstatus = pytest.ExitCode.INTERRUPTED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    conformance = _session(config)
    if conformance is not None and getattr(config, "workeroutput", None) is None:
        conformance.progress_done()
        for line in conformance.summary_lines():
            terminalreporter.write_line(line)


