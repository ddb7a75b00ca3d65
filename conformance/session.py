"""State of one conformance run: the target's life, the runner, tallies for the baseline, results."""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conformance.baseline import Baseline, from_findings
from conformance.recording import AllureLabels, attach_example, now, record, run_meta
from conformance.runner import Example, Runner
from conformance.verdict import Status
from reports.builder import ResultsBuilder


def _secrets() -> list[str]:
    """Credentials in the environment: never written to any report."""
    names = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
    return [os.environ[n] for n in names if os.environ.get(n)]


@dataclass
class ConformanceSession:
    config: pytest.Config
    target_name: str
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
    judged: Counter[str] = field(default_factory=Counter)  # rule id -> examples with a verdict
    seen: dict[tuple[str, str], str] = field(default_factory=dict)  # (rule, kind) -> observed example
    examples: int = 0
    target_version: str = ""
    stopped: str = ""  # why the run stopped early (the target died), else ""
    _target: Any = None
    _runner: Runner | None = None
    _builder: ResultsBuilder | None = None
    _allure: AllureLabels | None = None
    _started: float = field(default_factory=time.monotonic)

    def __repr__(self) -> str:
        return f"ConformanceSession(target={self.target_name!r}, examples={self.examples})"

    # -- target life ---------------------------------------------------------------------------
    def runner(self) -> Runner:
        if self._runner is None:
            target = self._start_target()
            # --update-baseline records every divergence instead of failing on it.
            self._runner = Runner(target, target.world(), self.baseline, self.strict, record_only=self.update_baseline,
                                  show_user_data=self.show_user_data)
            self._runner.recorders.append(self._on_example)
        return self._runner

    def _start_target(self) -> Any:
        from conformance.targets import TargetError, get_target

        try:
            options: dict[str, Any] = {"region": self.region} if self.region else {}
            if self.endpoint_url and self.target_name == "endpoint":
                options["endpoint_url"] = self.endpoint_url
            self._target = get_target(self.target_name, **options)
            self._target.start()
        except TargetError as exc:
            pytest.exit(f"ec2-conformance: {exc}", returncode=3)
        self.target_version = str(getattr(self._target, "version", "") or "")
        return self._target

    def stop_target(self) -> None:
        if self._target is not None:
            target, self._target, self._runner = self._target, None, None
            target.stop()

    def begin_test(self, item: pytest.Item) -> None:
        if self._runner is not None:
            self._runner.nodeid = item.nodeid
        if self._allure is not None:
            self._allure.begin()

    # -- per example -------------------------------------------------------------------------------
    @property
    def builder(self) -> ResultsBuilder:
        if self._builder is None:
            meta = run_meta(self.target_name, self.region, self.endpoint_url, self.profile, self.seed)
            self._builder = ResultsBuilder(meta, show_user_data=self.show_user_data, secrets=_secrets())
        return self._builder

    def _on_example(self, example: Example) -> None:
        self.examples += 1
        record(self.builder, example)
        self._tally(example)
        if self.config.getoption("--alluredir", default=None):
            self._allure = self._allure or AllureLabels(self.target_name)
            self._allure.add(example)
            attach_example(example, self.builder.redactor.value(_hidden(example, self.show_user_data)))

    def _tally(self, example: Example) -> None:
        for finding in example.verdict.findings:
            if finding.status is Status.UNDETERMINED:
                continue
            self.judged[finding.rule_id] += 1
            if finding.status in (Status.DIVERGES, Status.CRASH):
                observed = "; ".join(finding.problems)[:300]
                self.seen.setdefault((finding.rule_id, finding.kind), observed)

    # -- xdist -------------------------------------------------------------------------------------
    def worker_state(self) -> dict[str, Any]:
        return {
            "examples": self.examples,
            "target_version": self.target_version,
            "judged": dict(sorted(self.judged.items())),
            "seen": [[r, k, o] for (r, k), o in sorted(self.seen.items())],
            "results": self.builder.state(),
            "stopped": self.stopped,
        }

    def merge_worker(self, state: dict[str, Any]) -> None:
        self.examples += int(state.get("examples", 0))
        self.target_version = self.target_version or str(state.get("target_version", ""))
        self.judged.update(state.get("judged", {}))
        for rule_id, kind, observed in state.get("seen", []):
            self.seen.setdefault((rule_id, kind), observed)
        if "results" in state:
            self.builder.merge(state["results"])
        self.stopped = self.stopped or str(state.get("stopped", ""))

    # -- end of run --------------------------------------------------------------------------------
    def fixed(self) -> list[tuple[str, str]]:
        return self.baseline.fixed(self.judged, self.seen)

    def known_rule_ids(self) -> frozenset[str]:
        """Rules whose every divergence seen in this run is listed in the baseline."""
        rules = {r for r, _ in self.baseline.entries()}
        unknown = {r for r, k in self.seen if not self.baseline.is_known(r, k)}
        return frozenset(rules - unknown)

    def finish(self) -> bool:
        """Write what the run produced; True when the run must fail (a baseline entry got fixed)."""
        if self.examples == 0:
            return False
        self.write_results()
        if self.update_baseline and not self.stopped:  # a run cut short must not shrink the baseline
            fresh = from_findings(self.target_name, ((r, k, o) for (r, k), o in self.seen.items()))
            fresh.write(self.baseline_path)
            return False
        return bool(self.fixed())

    def write_results(self) -> list[Path]:
        from dataclasses import replace

        from reports.files import write_report, write_results

        results = self.builder.build(finished=now(), duration_s=round(time.monotonic() - self._started, 3))
        results = replace(results, meta=replace(results.meta, target_version=self.target_version))
        results = results.with_baseline(self.known_rule_ids())
        written = [write_results(results, self.report_dir / "results.json")]
        written += write_report(results, self.report_dir)
        self.written = written
        return written

    def summary_lines(self) -> list[str]:
        if self.examples == 0:
            return []
        known = sum(1 for key in self.seen if self.baseline.is_known(*key))
        lines = [
            f"ec2-conformance: target {self.target_name}, {self.examples} examples, "
            f"{len(self.judged)} rules exercised, {len(self.seen)} divergences ({known} in the baseline)"
        ]
        lines += [f"ec2-conformance: wrote {p}" for p in getattr(self, "written", [])]
        if self.update_baseline:
            done = "not written (the run stopped early)" if self.stopped else "written"
            lines.append(f"ec2-conformance: baseline {done}: {self.baseline_path}")
        else:
            lines += [
                f"ec2-conformance: FIXED {rule_id} ({kind}) no longer diverges: "
                f"remove it from the baseline (run with --update-baseline)"
                for rule_id, kind in self.fixed()
            ]
        return lines


def _hidden(example: Example, show_user_data: bool) -> dict[str, Any]:
    from reports.redact import hide_user_data

    params = example.case.json_params()
    return params if show_user_data else hide_user_data(params)
