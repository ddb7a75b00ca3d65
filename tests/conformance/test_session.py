"""conformance.session: the run's state (examples recorded through the runner, held against the baseline once at
the end, results and baseline written, xdist workers merged, the version drift), and the test names its reports
use."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from conformance.baseline import FIXED_AFTER, Baseline, from_findings, load
from conformance.findings import Divergence, Signature
from conformance.runner import Runner
from conformance.session import ConformanceSession, suite_nodeid
from conformance.targets.base import Target
from strategies.case import Case
from tests.support.runner_targets import VALID, WORLD, FakeTarget

INVALID = Case({**VALID, "MinCount": 3, "MaxCount": 2})  # the fake target launches it: R-COUNT-3 diverges
ACCEPTED = Signature("R-COUNT-3", Divergence.ACCEPTED_INVALID)
NODE = "conformance/suite/test_requests.py::test_mutation_is_refused[min-above-max]"


def session_of(tmp_path: Path, baseline: Baseline, *, update_baseline: bool = False) -> ConformanceSession:
    """A session whose runner is already bound to a fake target (no target is started), outside Allure."""
    config = SimpleNamespace(getoption=lambda name, default=None: default,
                             pluginmanager=SimpleNamespace(getplugin=lambda name: None))
    session = ConformanceSession(
        config=cast(pytest.Config, config), target_name="fake", target_options={}, region="us-east-1",
        endpoint_url=None, baseline=baseline, baseline_path=tmp_path / "baseline.json", strict=False,
        update_baseline=update_baseline, report_dir=tmp_path / "report", show_user_data=False, progress_mode="off")
    runner = Runner(cast(Target, FakeTarget()), WORLD, baseline, record_only=True, nodeid=NODE)
    runner.recorders.append(session._on_example)
    session._runner = runner
    return session


def run(session: ConformanceSession, case: Case, times: int = 1) -> None:
    assert session._runner is not None
    for _ in range(times):
        session._runner.run(case)


def test_reports_name_a_test_the_same_from_a_checkout_and_from_an_installed_package() -> None:
    test = "test_requests.py::test_mutation_is_refused[unknown-action]"
    assert suite_nodeid(f"venv/lib/python3.11/site-packages/conformance/suite/{test}") == f"conformance/suite/{test}"
    assert suite_nodeid(f"conformance/suite/{test}") == f"conformance/suite/{test}"
    assert suite_nodeid("tests/test_other.py::test_x") == "tests/test_other.py::test_x"


def test_a_run_without_examples_writes_and_says_nothing(tmp_path: Path) -> None:
    session = session_of(tmp_path, Baseline("fake"))
    assert not session.finish() and session.summary_lines() == []
    assert not (tmp_path / "report").exists() and not (tmp_path / "baseline.json").exists()


def test_a_new_divergence_is_written_and_told_but_fails_only_its_test(tmp_path: Path) -> None:
    session = session_of(tmp_path, Baseline("fake"))
    run(session, INVALID, 2)
    assert session.examples == 2 and session.ratchet().new == (ACCEPTED,)
    assert not session.finish()  # its test already failed when it showed: nothing stale at the end
    doc = json.loads((tmp_path / "report" / "results.json").read_text(encoding="utf-8"))
    assert [(s["signature"], s["status"]) for s in doc["signatures"]] == [(str(ACCEPTED), "new")]
    lines = session.summary_lines()
    assert f"ec2-conformance: NEW {ACCEPTED}" in lines
    assert f"ec2-conformance: wrote {tmp_path / 'report' / 'results.json'}" in lines
    assert not (tmp_path / "baseline.json").exists()


def test_a_baseline_signature_gone_after_its_chances_fails_the_run_at_its_end(tmp_path: Path) -> None:
    gone = Signature("R-COUNT-3", Divergence.WRONG_CODE, "", "Bogus")
    session = session_of(tmp_path, from_findings("fake", [(gone, "x")]))
    run(session, INVALID, FIXED_AFTER - 1)
    assert session.ratchet().fixed == ()  # not yet its chances
    run(session, INVALID)
    assert session.ratchet().fixed == (gone,) and session.finish()
    assert any(line.startswith(f"ec2-conformance: FIXED {gone} no longer shows") for line in session.summary_lines())


def test_an_update_writes_the_baseline_of_what_the_run_saw(tmp_path: Path) -> None:
    session = session_of(tmp_path, Baseline("fake"), update_baseline=True)
    run(session, INVALID)
    assert not session.finish()
    written = load(tmp_path / "baseline.json")
    assert written.signatures() == [ACCEPTED]
    assert written.tests[ACCEPTED] == (NODE.removeprefix("conformance/suite/"),)  # the test that showed it
    assert session.summary_lines()[-1] == f"ec2-conformance: baseline written: {tmp_path / 'baseline.json'}"


def test_a_run_cut_short_keeps_the_baseline_as_it_was(tmp_path: Path) -> None:
    session = session_of(tmp_path, Baseline("fake"), update_baseline=True)
    run(session, INVALID)
    session.stopped = "target fake stopped answering"
    assert not session.finish() and not (tmp_path / "baseline.json").exists()
    doc = json.loads((tmp_path / "report" / "results.json").read_text(encoding="utf-8"))
    assert doc["run"]["stopped"] == "target fake stopped answering" and doc["summary"]["complete"] is False
    assert session.summary_lines()[-1] == (
        f"ec2-conformance: baseline not written (the run stopped early): {tmp_path / 'baseline.json'}")


def test_the_controller_merges_what_its_workers_recorded(tmp_path: Path) -> None:
    worker = session_of(tmp_path, Baseline("fake"))
    worker.target_version = "1.2.3"
    run(worker, INVALID, 2)
    worker.stopped = "target fake stopped answering"
    state: dict[str, Any] = json.loads(json.dumps(worker.worker_state()))  # what xdist carries is JSON
    controller = session_of(tmp_path, Baseline("fake"))
    run(controller, INVALID)
    controller.merge_worker(state)
    assert controller.examples == 3 and controller.ratchet().new == (ACCEPTED,)
    assert (controller.target_version, controller.stopped) == ("1.2.3", "target fake stopped answering")


def test_the_version_drift_is_said_only_against_a_baseline_of_other_versions(tmp_path: Path) -> None:
    older = Baseline("fake", recorded_with={"target": "fake 1.0.0", "botocore": "0.1"})
    session = session_of(tmp_path, older)
    assert session.version_drift == ""  # the target's version is not known before it started
    session.target_version = "2.0.0"
    assert session.stamp["target"] == "fake 2.0.0"
    assert session.version_drift.startswith("baseline recorded with fake 1.0.0 (botocore 0.1), this run: fake 2.0.0")
    same = session_of(tmp_path, Baseline("fake", recorded_with=session.stamp))
    same.target_version = "2.0.0"
    assert same.version_drift == ""
    recording = session_of(tmp_path, older, update_baseline=True)
    recording.target_version = "2.0.0"
    assert recording.version_drift == ""  # a baseline being rewritten is not held against
