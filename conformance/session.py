"""State of one conformance run: the target's life, the runner, tallies for the baseline, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conformance.baseline import Baseline, from_findings
from conformance.runner import Example, Runner
from conformance.verdict import Status


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
    exercised: set[str] = field(default_factory=set)
    seen: dict[tuple[str, str], str] = field(default_factory=dict)  # (rule, kind) -> observed example
    examples: int = 0
    _target: Any = None
    _runner: Runner | None = None
    _item: pytest.Item | None = None

    # -- target life ---------------------------------------------------------------------------
    def runner(self) -> Runner:
        if self._runner is None:
            self._runner = Runner(self._start_target(), self._target.world(), self.baseline, self.strict)
            self._runner.recorders.append(self._tally)
        return self._runner

    def _start_target(self) -> Any:
        from conformance.targets import TargetError, get_target

        try:
            self._target = get_target(self.target_name, endpoint_url=self.endpoint_url, region=self.region)
            self._target.start()
        except TargetError as exc:
            pytest.exit(f"ec2-conformance: {exc}", returncode=3)
        return self._target

    def stop_target(self) -> None:
        if self._target is not None:
            self._target.stop()
            self._target = None
            self._runner = None

    def begin_test(self, item: pytest.Item) -> None:
        self._item = item
        if self._runner is not None:
            self._runner.nodeid = item.nodeid

    # -- tallies ---------------------------------------------------------------------------------
    def _tally(self, example: Example) -> None:
        self.examples += 1
        for finding in example.verdict.findings:
            if finding.status is Status.UNDETERMINED:
                continue
            self.exercised.add(finding.rule_id)
            if finding.status in (Status.DIVERGES, Status.CRASH):
                observed = "; ".join(finding.problems)[:300]
                self.seen.setdefault((finding.rule_id, finding.kind), observed)

    def worker_state(self) -> dict[str, Any]:
        return {
            "examples": self.examples,
            "exercised": sorted(self.exercised),
            "seen": [[r, k, o] for (r, k), o in sorted(self.seen.items())],
        }

    def merge_worker(self, state: dict[str, Any]) -> None:
        self.examples += int(state.get("examples", 0))
        self.exercised.update(state.get("exercised", []))
        for rule_id, kind, observed in state.get("seen", []):
            self.seen.setdefault((rule_id, kind), observed)

    # -- end of run --------------------------------------------------------------------------------
    def fixed(self) -> list[tuple[str, str]]:
        return self.baseline.fixed(self.exercised, self.seen)

    def finish(self, session: pytest.Session) -> bool:
        """Write what the run produced; True when the run must fail (a baseline entry got fixed)."""
        if self.examples == 0:
            return False
        if self.update_baseline:
            fresh = from_findings(self.target_name, ((r, k, o) for (r, k), o in self.seen.items()))
            fresh.write(self.baseline_path)
            return False
        return bool(self.fixed()) and not self.strict

    def summary_lines(self) -> list[str]:
        if self.examples == 0:
            return []
        lines = [
            f"ec2-conformance: target {self.target_name}, {self.examples} examples, "
            f"{len(self.exercised)} rules exercised, {len(self.seen)} divergences "
            f"({sum(1 for key in self.seen if self.baseline.is_known(*key))} in the baseline)"
        ]
        if self.update_baseline:
            lines.append(f"ec2-conformance: baseline written to {self.baseline_path}")
        for rule_id, kind in self.fixed():
            lines.append(
                f"ec2-conformance: FIXED {rule_id} ({kind}) no longer diverges: "
                f"remove it from the baseline (run with --update-baseline)"
            )
        return lines
