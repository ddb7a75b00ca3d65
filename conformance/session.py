"""State of one conformance run: the target's life, the runner, and the results builder (the one accumulator
of verdicts, signatures and chances), held against the baseline once at the end (conformance.baseline.Ratchet)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conformance.answer_log import AnswerLog
from conformance.baseline import Baseline, Ratchet, from_findings, recorded_with, version_drift
from conformance.example import ExampleResult
from conformance.progress import Progress
from conformance.recording import (
    AllureLabels,
    ShownDivergences,
    attach_example,
    now,
    run_meta,
    set_allure_status,
    write_categories,
)
from conformance.runner import Runner
from reports.builder import ResultsBuilder
from reports.redact import Disclosure
from reports.results import RunMeta

if TYPE_CHECKING:
    from conformance.shard import Shard


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _exit_on_start_failure(exc: Exception) -> None:
    """A target that cannot start ends the run with one line (conformance.targets.errors.start_failure); a bug
    is raised as it is."""
    from conformance.targets.errors import start_failure

    failure = start_failure(exc)
    if failure is None:
        raise exc
    pytest.exit(f"ec2-conformance: {failure[0]}", returncode=failure[1])


@dataclass
class ConformanceSession:
    config: pytest.Config
    target_name: str
    target_options: dict[str, Any]  # the registry's options for the target (conformance.targets.TargetSpec)
    region: str
    endpoint_url: str | None
    baseline: Baseline
    baseline_path: Path
    strict: bool
    update_baseline: bool
    report_dir: Path
    show_user_data: bool
    profile: str = ""
    seed: str | None = None
    progress_mode: str = "auto"
    owner: str = ""  # this xdist worker's id when the workers share one server (conformance.options._sharing)
    prepares_shared: bool = False  # this xdist controller resets that server once before the workers start
    shard: Shard | None = None  # --shard i/n: this run is one share of the tests (conformance.shard)
    record_answers: Path | None = None  # --record-answers FILE (conformance.answer_log)
    target_version: str = ""
    stopped: str = ""  # why the run stopped early (the target died), else ""
    _target: Any = None
    _runner: Runner | None = None
    _builder: ResultsBuilder | None = None
    _allure: AllureLabels | None = None
    _shown: ShownDivergences = field(default_factory=ShownDivergences)  # the current test's, for its Allure status
    _started: float = field(default_factory=time.monotonic)
    _disclosure: Disclosure | None = None
    _progress: Progress | None = None
    expected_examples: int = 0  # the collected tests' estimate, for the progress line
    _environment: Any = None  # the target's environment variables (an ExitStack) while it runs

    def __repr__(self) -> str:
        return f"ConformanceSession(target={self.target_name!r}, examples={self.examples})"

    @property
    def disclosure(self) -> Disclosure:
        if self._disclosure is None:
            self._disclosure = Disclosure(self.show_user_data)
        return self._disclosure

    # -- target life ---------------------------------------------------------------------------
    def runner(self) -> Runner:
        if self._runner is None:
            target = self._start_target()
            # --update-baseline records every divergence instead of failing on it.
            self._runner = Runner(target, target.world(), self.baseline, self.strict, record_only=self.update_baseline,
                                  disclosure=self.disclosure)
            self._runner.recorders.append(self._on_example)
            if self.record_answers is not None:
                self._runner.recorders.append(self._answer_log(target))
        return self._runner

    def _answer_log(self, target: Any) -> AnswerLog:
        return AnswerLog(self.record_answers or Path(), self.target_name, self.target_version, self.region,
                         self.builder.meta.versions.get("botocore", ""), target.world(), self.disclosure.redactor)

    def prepare_shared_server(self) -> None:
        """xdist controller: reset the one server every worker will share, once, before any worker starts."""
        from conformance.targets import spec_of, target_environment

        spec = spec_of(self.target_name)
        try:
            with target_environment(spec):
                spec.prepare_shared(**self.target_options)
        except Exception as exc:
            _exit_on_start_failure(exc)

    def _start_target(self) -> Any:
        """Build and start the target; a target that cannot start ends the run with one line (exit 2)."""
        from contextlib import ExitStack

        from conformance.targets import get_target, spec_of, target_environment

        target = None
        self._environment = ExitStack()
        self._environment.enter_context(target_environment(spec_of(self.target_name)))
        try:
            target = get_target(self.target_name, **self.target_options, **({"owner": self.owner} if self.owner
                                                                             else {}))
            target.start()
        except Exception as exc:
            if target is not None:
                target.stop()
            self._environment.close()
            _exit_on_start_failure(exc)
        self._target = target
        self.target_version = str(getattr(target, "version", "") or "")
        self._say_version_drift()
        return target

    @property
    def stamp(self) -> dict[str, str]:
        """What this run measures: the target's version and the botocore model's (conformance.baseline)."""
        from reports.results import RunMeta

        botocore = self.builder.meta.versions.get("botocore", "")
        return recorded_with(RunMeta(self.target_name, self.target_version).label, botocore)

    @property
    def version_drift(self) -> str:
        """`baseline recorded with X, this run: Y`, or "" (never said while recording a new baseline)."""
        if self.update_baseline or not self.target_version:
            return ""
        return version_drift(self.baseline.recorded_with, self.stamp)

    def _say_version_drift(self) -> None:
        """The run's first line, on a target whose versions differ from those its baseline was recorded with."""
        if self.version_drift and not hasattr(self.config, "workerinput"):
            self._uncaptured(f"ec2-conformance: {self.version_drift}: new, fixed and changed signatures are "
                             "possibly due to the upgrade\n")

    def stop_target(self) -> None:
        if self._target is not None:
            target, self._target, self._runner = self._target, None, None
            target.stop()
            self._environment.close()

    @property
    def progress(self) -> Progress:
        if self._progress is None:
            mode = "off" if hasattr(self.config, "workerinput") else self.progress_mode  # workers cannot print
            self._progress = Progress(mode, expected=self.expected_examples, write=self._uncaptured)
        return self._progress

    def _uncaptured(self, text: str) -> None:
        """Write to the real stderr past pytest's output capture (the progress line is for the person)."""
        import sys

        capture = self.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture is not None else _nothing():
            sys.stderr.write(text)
            sys.stderr.flush()

    def progress_done(self) -> None:
        if self._progress is not None:
            self._progress.done()

    def begin_test(self, item: pytest.Item) -> None:
        self.progress.begin(item.nodeid)
        if self._runner is not None:
            self._runner.nodeid = suite_nodeid(item.nodeid)
        if self._allure is not None:
            self._allure.begin()
        self._shown.clear()

    def end_test(self, item: pytest.Item, report: pytest.TestReport) -> None:
        """The test's Allure status from the divergences its examples showed (new: failed, known: broken)."""
        if self.config.getoption("--alluredir", default=None):
            set_allure_status(item.config, report, self._shown)

    # -- per example -------------------------------------------------------------------------------
    @property
    def builder(self) -> ResultsBuilder:
        if self._builder is None:
            meta = run_meta(self.target_name, self.region, self.endpoint_url, self.profile, self.seed)
            self._builder = ResultsBuilder(meta, show_user_data=self.show_user_data,
                                           secrets=self.disclosure.redactor.known)
        return self._builder

    @property
    def examples(self) -> int:
        """Examples recorded so far (the results builder counts them, merged across xdist workers)."""
        return self._builder.examples if self._builder is not None else 0

    def _on_example(self, example: ExampleResult) -> None:
        self.progress.example()
        self.builder.record(example)
        for signature in example.signatures:
            self._shown.add(signature, self.runner().is_new(signature))
        if self.config.getoption("--alluredir", default=None):
            self._allure = self._allure or AllureLabels(self.target_name)
            self._allure.add(example)
            attach_example(example, self.builder.redactor)

    # -- xdist -------------------------------------------------------------------------------------
    def worker_state(self) -> dict[str, Any]:
        return {
            "target_version": self.target_version,
            "results": self.builder.state(),
            "stopped": self.stopped,
        }

    def merge_worker(self, state: dict[str, Any]) -> None:
        self.target_version = self.target_version or str(state.get("target_version", ""))
        if "results" in state:
            self.builder.merge(state["results"])
        self.stopped = self.stopped or str(state.get("stopped", ""))

    # -- end of run --------------------------------------------------------------------------------
    def write_allure_categories(self) -> None:
        """Allure's categories of the run's statuses (new and known divergences), beside its results."""
        alluredir = self.config.getoption("--alluredir", default=None)
        if alluredir:
            write_categories(str(alluredir))

    def ratchet(self) -> Ratchet:
        """The run's signatures held against the baseline: the one verdict of new, known and fixed."""
        return self.baseline.ratchet(self.builder.seen(), self.builder.chances(), strict=self.strict,
                                     tests_run=self.builder.tests_run())

    def finish(self) -> bool:
        """Write what the run produced; True when the run must fail (a baseline signature got fixed)."""
        if self.examples == 0:
            return False
        ratchet = self.ratchet()
        self.write_results(ratchet)
        if self.update_baseline and not self.stopped:  # a run cut short must not shrink the baseline
            fresh = from_findings(self.target_name, self.builder.seen().items(), self.builder.tests_of(),
                                  stamp=self.stamp, alone=self.builder.alone_of())
            fresh.write(self.baseline_path)
            return False
        return ratchet.stale and self.shard is None  # a shard saw only some chances: the merge decides

    def write_results(self, ratchet: Ratchet) -> list[Path]:
        from dataclasses import replace

        from reports.files import write_report, write_results

        results = self.builder.build(finished=now(), duration_s=round(time.monotonic() - self._started, 3),
                                     statuses=ratchet.statuses(), replacements=dict(ratchet.changed))
        results = replace(results, meta=self._stamped(replace(results.meta, stopped=self.stopped)))
        self.results = results  # the console summary prints the same numbers (Results.score)
        written = [write_results(results, self.report_dir / "results.json")]
        written += write_report(results, self.report_dir)
        self.written = written
        return written

    def _stamped(self, meta: RunMeta) -> RunMeta:
        """The run's metadata with the target's version and both version stamps (the run's, the baseline's)."""
        from dataclasses import replace

        return replace(meta, target_version=self.target_version, recorded_with=self.stamp,
                       baseline_recorded_with=dict(self.baseline.recorded_with), version_drift=self.version_drift,
                       baseline_digest=self.baseline.digest, strict=self.strict,
                       tests_run=tuple(sorted(self.builder.tests_run())), chances=dict(self.builder.chances()),
                       shard=str(self.shard or ""))

    def summary_lines(self) -> list[str]:
        """The console summary: the same numbers as every report (Results.score), new signatures first."""
        if self.examples == 0:
            return []
        from dataclasses import replace

        from reports.view import console_lines

        ratchet = self.ratchet()
        results = getattr(self, "results", None)
        if results is None:
            results = self.builder.build(statuses=ratchet.statuses(), replacements=dict(ratchet.changed))
            results = replace(results, meta=self._stamped(results.meta))
        lines = [f"ec2-conformance: {line}" for line in console_lines(results)]
        lines += [f"ec2-conformance: wrote {p}" for p in getattr(self, "written", [])]
        if self.update_baseline:
            done = "not written (the run stopped early)" if self.stopped else "written"
            lines.append(f"ec2-conformance: baseline {done}: {self.baseline_path}")
        elif self.shard is not None:
            lines.append(f"ec2-conformance: shard {self.shard}: fixed and changed signatures are decided by "
                         "`ec2-conformance merge` of every shard's results.json")
        else:
            lines += [
                f"ec2-conformance: FIXED {signature} no longer shows: remove it from the baseline "
                "(run with --update-baseline)"
                for signature in ratchet.fixed
            ]
        return lines


SUITE_PATH = "conformance/suite/"


def suite_nodeid(nodeid: str) -> str:
    """The test's id from the suite's folder on, as reports name it: the same from a checkout and from an
    installed package (where pytest says `venv/lib/python3.11/site-packages/conformance/suite/...`)."""
    return nodeid[nodeid.index(SUITE_PATH):] if SUITE_PATH in nodeid else nodeid
