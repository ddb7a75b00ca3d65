"""Faults of the target during a conformance run: unreachable at start, dying mid-run, hanging, 5xx, throttling.

Each test runs the suite in a subprocess against `--target=endpoint` pointed at a loopback proxy in front of a
moto server started here; the proxy dies, hangs or answers for the server on cue.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from conformance.targets.net import free_port
from conformance.targets.transport import DEFAULT_TIMEOUT
from tests.support.faults import QUICK, Proxy, hang_for, moto_server, proxy_to, run_conformance
from tests.support.targets import error_xml

DRY_RUN_VALID = ("-k", "test_valid_requests_under_dry_run")


def endpoint_run(proxy: Proxy, report: Path, *extra: str) -> tuple[int, str]:
    result = run_conformance(*QUICK, "--target=endpoint", f"--endpoint-url={proxy.url}",
                             f"--conformance-report={report}", *extra)
    return result.returncode, result.stdout + result.stderr


def recording_run(proxy: Proxy, tmp_path: Path) -> tuple[int, str, dict[str, Any]]:
    """A run that records every divergence into a fresh baseline instead of failing on it."""
    code, output = endpoint_run(proxy, tmp_path / "report", *DRY_RUN_VALID, "--update-baseline",
                                f"--baseline={tmp_path / 'baseline.json'}")
    results = json.loads((tmp_path / "report" / "results.json").read_text(encoding="utf-8"))
    return code, output, results


def observed(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [r["counterexample"]["observed"] for r in results["rules"] if r["counterexample"]]


def test_unreachable_at_start_is_one_error_and_nothing_written(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run_conformance("--target=endpoint", f"--endpoint-url={url}", f"--conformance-report={tmp_path}")
    output = result.stdout + result.stderr
    assert result.returncode not in (0, 1) and "Traceback" not in output, output
    assert [line for line in output.splitlines() if url in line and "unreachable" in line], output
    assert "FAILED" not in output and "ERROR " not in output, output
    assert not (tmp_path / "results.json").exists()


def test_target_dying_mid_run_stops_the_run_and_keeps_the_results(tmp_path: Path) -> None:
    report = tmp_path / "report"
    with moto_server() as upstream, proxy_to(upstream, die_after=4) as proxy:  # record only: no other failure
        code, output = endpoint_run(proxy, report, "-k", "valid_requests", "--update-baseline",
                                    f"--baseline={tmp_path / 'baseline.json'}")
        assert proxy.died.is_set(), output
    stops = [line for line in output.splitlines() if "stopped answering" in line]
    assert len(stops) == 1 and "target endpoint" in stops[0], output
    assert code == 2 and "Traceback" not in output and "FAILED" not in output, output
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    examples = results["run"]["examples"]
    assert 1 <= examples <= 4 and f"run stopped after {examples} examples" in stops[0], (examples, stops)
    assert (report / "report.md").exists() and "wrote" in output
    assert not (tmp_path / "baseline.json").exists()  # a run cut short does not rewrite the baseline


def test_a_target_dying_under_xdist_workers_stops_the_run_with_one_line_and_keeps_the_results(tmp_path: Path
                                                                                            ) -> None:
    """Two workers share one endpoint; it dies part-way: exit 2 (target stopped), one line, no traceback, and the
    results of what ran are merged, written and marked partial."""
    report, baseline = tmp_path / "report", tmp_path / "baseline.json"
    with moto_server() as upstream, proxy_to(upstream, die_after=12) as proxy:
        code, output = endpoint_run(proxy, report, "-n", "2", "-k", "valid_requests or bdm", "--update-baseline",
                                    f"--baseline={baseline}")
        assert proxy.died.is_set(), output
    stops = [line for line in output.splitlines() if "stopped answering" in line]
    assert code == 2 and len(stops) == 1 and "target endpoint" in stops[0], output
    assert "Traceback" not in output and "FAILED" not in output and "INTERNALERROR" not in output, output
    run = json.loads((report / "results.json").read_text(encoding="utf-8"))["run"]
    assert run["complete"] is False and "stopped answering" in run["stopped"], run
    assert run["examples"] >= 2 and (report / "report.md").exists(), run  # both workers' examples, merged
    assert "PARTIAL" in (report / "report.md").read_text(encoding="utf-8")
    assert not baseline.exists()  # a run cut short does not rewrite the baseline


def test_a_run_that_died_leaves_a_moto_server_that_comes_back_to_the_same_world(tmp_path: Path) -> None:
    """moto keeps its backends per process: a moto server started after a run that died part-way (one that used
    services without resetting) must still come back to the same world after every reset."""
    report, baseline = tmp_path / "report", tmp_path / "baseline.json"
    with moto_server() as upstream, proxy_to(upstream, die_after=12, plain=True) as proxy:
        code, output = endpoint_run(proxy, report, "-k", "valid_requests", "--update-baseline",
                                    f"--baseline={baseline}")
        assert proxy.died.is_set(), output
    assert code == 2 and "stopped answering" in output, output
    assert not baseline.exists()  # a run cut short must not rewrite the baseline
    with moto_server() as upstream, proxy_to(upstream) as proxy:
        code, output = endpoint_run(proxy, tmp_path / "next", *DRY_RUN_VALID, "--update-baseline",
                                    f"--baseline={tmp_path / 'next.json'}")
    assert code == 0 and "came back with other ids" not in output, output[-3000:]


def test_hung_endpoint_times_out_as_a_crash(tmp_path: Path) -> None:
    with moto_server() as upstream, proxy_to(upstream, lambda n: hang_for(DEFAULT_TIMEOUT + 2) if n == 1 else None
                                              ) as proxy:
        started = time.monotonic()
        code, output, results = recording_run(proxy, tmp_path)
        elapsed = time.monotonic() - started
    assert code == 0 and elapsed < DEFAULT_TIMEOUT + 60, (elapsed, output)
    crashes = [o for o in observed(results) if o["kind"] == "crash"]
    assert results["summary"]["crashes"] >= 1 and crashes, observed(results)
    assert any("timeout" in (o["message"] or "").lower() or "timed out" in (o["message"] or "") for o in crashes)
    assert results["run"]["examples"] >= 2  # the run went on after the hung example


def test_5xx_and_throttling_are_target_errors(tmp_path: Path) -> None:
    """A 500 and a throttled answer each count as a target crash for the rules the example exercised."""
    answers = {2: (500, error_xml("InternalError", "boom")), 3: (503, error_xml("RequestLimitExceeded", "slow"))}
    with moto_server() as upstream, proxy_to(upstream, answers.get) as proxy:
        code, output, results = recording_run(proxy, tmp_path)
    assert code == 0, output
    crash_verdicts = sum(r["verdicts"].get("target crash", 0) for r in results["rules"])
    assert crash_verdicts >= 2 and results["summary"]["crashes"] >= 1, results["summary"]
    shown = [r["counterexample"] for r in results["rules"] if r["counterexample"]]
    target_errors = [e for e in shown if e["finding"] in ("target crash", "target throttled")]
    assert any(e["observed"]["status"] in (500, 503) for e in target_errors), shown
    throttled = [e for e in shown if e["observed"]["code"] == "RequestLimitExceeded"]
    assert all(e["finding"] == "target throttled" for e in throttled), throttled
