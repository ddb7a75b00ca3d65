"""The pytest plugin (entry point `pytest11`): options, the target fixture, baselines and results."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance import profiles
from conformance.baseline import Baseline, BaselineError, load, packaged, packaged_path
from conformance.runner import TargetDied
from conformance.session import ConformanceSession
from conformance.targets import TARGET_NAMES

profiles.register()

_SESSION_KEY = pytest.StashKey[ConformanceSession]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ec2-conformance", "EC2 RunInstances conformance")
    group.addoption("--target", default="moto", help=f"target to test: {', '.join(TARGET_NAMES)} (default moto)")
    group.addoption("--endpoint-url", default=None, help="EC2 endpoint for --target=endpoint "
                    "(default: $AWS_ENDPOINT_URL_EC2)")
    group.addoption("--region", default=None, help="region (default: $AWS_DEFAULT_REGION or us-east-1)")
    group.addoption("--baseline", default=None, help="baseline file of known divergences "
                    "(default: the suite's baseline for the target)")
    group.addoption("--update-baseline", action="store_true", help="rewrite the baseline from this run")
    group.addoption("--strict-conformance", action="store_true", help="any divergence fails, baseline or not")
    group.addoption("--conformance-report", default="reports/output", metavar="DIR",
                    help="where results.json, report.md and report.html go (default reports/output)")
    group.addoption("--show-user-data", action="store_true", help="write UserData content into reports "
                    "(default: size and hash only)")


def _baseline(config: pytest.Config, target: str) -> Baseline:
    """The baseline to hold the run against; with --update-baseline an unreadable one is simply rewritten."""
    path = config.getoption("--baseline")
    try:
        baseline = packaged(target) if path is None else load(Path(path))
    except BaselineError:
        if config.getoption("--update-baseline"):
            return Baseline(target, path=Path(path) if path else None)
        raise
    if baseline.target != target and not config.getoption("--update-baseline"):
        raise BaselineError(f"baseline {path} is the baseline of target {baseline.target!r}, not {target!r}: "
                            f"pass this target's baseline, or create one with --update-baseline")
    return baseline


def _usage(message: str) -> pytest.UsageError:
    return pytest.UsageError(message)


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--hypothesis-profile", default=None):
        from hypothesis import settings

        settings.load_profile(profiles.DEFAULT_PROFILE)
    target = config.getoption("--target")
    if target not in TARGET_NAMES:
        raise _usage(f"--target={target}: unknown target; choose one of {', '.join(TARGET_NAMES)}")
    try:
        baseline = _baseline(config, target)
    except BaselineError as exc:
        raise _usage(str(exc)) from None
    # Real EC2 gets no silent default region: the aws target asks for one (emulators default to us-east-1).
    region = config.getoption("--region") or os.environ.get("AWS_DEFAULT_REGION")
    region = region or ("" if target == "aws" else "us-east-1")
    endpoint = config.getoption("--endpoint-url") or os.environ.get("AWS_ENDPOINT_URL_EC2")
    if target == "endpoint" and not endpoint:
        raise _usage("--target=endpoint needs --endpoint-url URL (or AWS_ENDPOINT_URL_EC2)")
    config.stash[_SESSION_KEY] = ConformanceSession(
        config=config,
        target_name=target,
        region=region,
        endpoint_url=endpoint,
        baseline=baseline,
        baseline_path=Path(config.getoption("--baseline") or packaged_path(target)),
        strict=bool(config.getoption("--strict-conformance")),
        update_baseline=bool(config.getoption("--update-baseline")),
        report_dir=Path(config.getoption("--conformance-report")),
        show_user_data=bool(config.getoption("--show-user-data")),
        profile=config.getoption("--hypothesis-profile", default=None) or profiles.DEFAULT_PROFILE,
        seed=_seed(config),
    )


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Credentials, signatures and UserData never reach a log pytest writes."""
    from conformance import logsafety

    logsafety.install(session.config, bool(session.config.getoption("--show-user-data")))


def _seed(config: pytest.Config) -> str | None:
    seed = config.getoption("--hypothesis-seed", default=None)
    return None if seed is None else str(seed)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest conformance tests first (the state machine), so xdist workers finish together."""
    items.sort(key=lambda item: 0 if "test_stateful" in item.nodeid else 1)


def _session(config: pytest.Config) -> ConformanceSession:
    return config.stash[_SESSION_KEY]


@pytest.fixture(scope="session")
def conformance(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The runner bound to the started target and its world (session-wide; reset per example)."""
    session = _session(request.config)
    yield session.runner()
    session.stop_target()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    session = item.config.stash.get(_SESSION_KEY, None)
    if session is not None:
        session.begin_test(item)
    try:
        return (yield)
    except TargetDied as exc:  # stop the whole run; pytest_sessionfinish still writes the results so far
        examples = session.examples if session is not None else 0
        if session is not None:
            session.stopped = str(exc)
        if hasattr(item.config, "workerinput"):
            # An xdist worker must not exit (the controller would see a crash and lose its results): it
            # stops after this test, hands its results over, and xdist ends the run with this message.
            item.session.shouldstop = f"ec2-conformance: {exc} (a worker stopped after {examples} examples)"
            pytest.skip(f"not finished: {exc}")
        pytest.exit(f"ec2-conformance: {exc} (run stopped after {examples} examples)",
                    returncode=pytest.ExitCode.INTERRUPTED)  # INTERRUPTED: the terminal summary still runs


def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist controller: fold a worker's results into ours."""
    session = node.config.stash.get(_SESSION_KEY, None)
    output = getattr(node, "workeroutput", {}) or {}
    if session is not None and "ec2_conformance" in output:
        session.merge_worker(output["ec2_conformance"])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    conformance = session.config.stash.get(_SESSION_KEY, None)
    if conformance is None:
        return
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker hands its state to the controller
        workeroutput["ec2_conformance"] = conformance.worker_state()
        conformance.stop_target()
        return
    conformance.stop_target()
    if conformance.finish() and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    conformance = config.stash.get(_SESSION_KEY, None)
    if conformance is not None and getattr(config, "workeroutput", None) is None:
        for line in conformance.summary_lines():
            terminalreporter.write_line(line)
