"""The same profile and seed give the same results file (timings aside) on two runs against moto in-process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.targets.world_build import OWNER_TAG
from tests.support.faults import QUICK, moto_server, run_conformance

SELECTION = "valid_requests_launch or wire_level or counts or under_dry_run"
TIMINGS = ("started", "finished", "duration_s")


def results_of_a_run(report: Path) -> dict[str, Any]:
    """results.json of a run, with the run's exit code (a divergence missing from the baseline may fail it)."""
    result = run_conformance("--hypothesis-profile=ci", "--hypothesis-seed=20240101", "-k", SELECTION,
                             f"--conformance-report={report}")
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-2000:]
    doc = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    doc["exit code"] = result.returncode
    return doc


def without_timings(value: Any) -> Any:
    """The document with every timing and timestamp dropped, at any depth."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if k not in TIMINGS and not k.endswith("_ms")}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def test_two_runs_write_the_same_results(tmp_path: Path) -> None:
    first = results_of_a_run(tmp_path / "first")
    second = results_of_a_run(tmp_path / "second")
    assert first["run"]["examples"] >= 30 and first["summary"]["exercised"] >= 10, first["summary"]
    assert first["run"]["profile"] == "ci" and first["run"]["seed"] == "20240101"
    assert first["run"]["started"] and "duration_s" in first["run"]  # the timings really are dropped below
    assert without_timings(first) == without_timings(second)
    for name in ("report.md",):  # the Markdown report differs only where it prints timings
        lines = [
            [line for line in (tmp_path / run / name).read_text(encoding="utf-8").splitlines()
             if not any(t in line.lower() for t in ("started", "finished", "duration", " s ", "202"))]
            for run in ("first", "second")
        ]
        assert lines[0] == lines[1]


def test_stateful_runs_are_repeatable(tmp_path: Path) -> None:
    """ClientToken idempotency and lifecycle: launches are drawn in launch order, not by their random tokens."""
    runs = []
    for name in ("first", "second"):
        result = run_conformance("-p", "tests.support.quick_profile", "--hypothesis-profile=tiny", "-k", "stateful",
                                 f"--conformance-report={tmp_path / name}")
        assert result.returncode in (0, 1), result.stdout[-3000:]
        runs.append(without_timings(json.loads((tmp_path / name / "results.json").read_text(encoding="utf-8"))))
    verdicts = {r["id"]: r["verdicts"] for r in runs[0]["rules"]}  # -k stateful: all the state machine's
    # Not an empty run: Hypothesis derives the derandomized seed from the state machine's source, so which of
    # its rules (idempotency, R-NET-20, lifecycle) get verdicts, and how many, changes with any edit of it.
    judged = {rule: sum(v.values()) for rule, v in verdicts.items() if sum(v.values())}
    assert len(judged) >= 2 and sum(judged.values()) >= 3, judged
    assert runs[0] == runs[1]


def signatures_and_verdicts(report: Path, *workers: str) -> tuple[dict[str, Any], dict[str, Any]]:
    result = run_conformance("--hypothesis-profile=ci", "-k", PROBED, f"--conformance-report={report}", *workers)
    return _signatures_and_verdicts(result, report)


def _signatures_and_verdicts(result: Any, report: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-2000:]
    doc = json.loads((report / "results.json").read_text(encoding="utf-8"))
    signatures = {s["signature"]: (s["status"], s["examples"]) for s in doc["signatures"]}
    verdicts = {r["id"]: r["verdicts"] for r in doc["rules"] if r["verdicts"]}
    return signatures, verdicts


# tests whose refusals and wrong codes the probes locate (moto refuses instance-store mappings)
PROBED = "valid_requests_launch or bdm or tag-type or metadata or security-group"


def test_the_worker_count_does_not_change_the_signatures(tmp_path: Path) -> None:
    """Probes are remembered per worker; their answers must not depend on which worker asked first."""
    alone = signatures_and_verdicts(tmp_path / "alone", "-n", "0")
    shared = signatures_and_verdicts(tmp_path / "shared", "-n", "2")
    assert any("refused valid request" in s for s in alone[0]), alone[0]  # the probes really ran
    assert alone == shared


def _worker_vpcs(url: str) -> set[str]:
    """The owner tags of the VPCs on the server at `url` (one per worker world)."""
    import boto3

    client = boto3.client("ec2", endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")
    vpcs = client.describe_vpcs(Filters=[{"Name": "tag-key", "Values": [OWNER_TAG]}])["Vpcs"]
    return {t["Value"] for v in vpcs for t in v.get("Tags", []) if t["Key"] == OWNER_TAG}


# Tests whose answers on a moto server do not depend on the launches before them: moto hands out addresses from a
# counter that earlier launches move, and crashes (HTTP 500) where an address it picks for a request's secondary
# address or second interface is the one the request names; which examples meet that depends on the split.
# Nor the tag mutations moto refuses and launches anyway (too many tags): on a shared server a side effect counts
# only in the worker's own subnets (README, "Checks beyond the answer"), and a launch into the default VPC is
# neither counted nor cleaned up there, so later answers differ. Nor the DryRun and read-back variants: their
# plain probes and carriers launch more, moving moto's address counter between the two splits.
SHARED_SELECTION = "valid_requests_launch or (test_mutation_is_refused and tag and not dry_run and not too-many)"


def test_workers_sharing_one_endpoint_see_what_one_worker_sees(tmp_path: Path) -> None:
    """Two xdist workers on one moto server, each in its own world (reset once before they start), give the
    signatures and verdicts of one worker alone."""
    def run(name: str, *workers: str) -> tuple[dict[str, Any], dict[str, Any]]:
        report = tmp_path / name
        result = run_conformance(*QUICK, "--target=endpoint", f"--endpoint-url={url}", "-k",
                                 SHARED_SELECTION, f"--conformance-report={report}", "--update-baseline",
                                 f"--baseline={tmp_path / name}.json", *workers)
        return _signatures_and_verdicts(result, report)

    with moto_server() as upstream:
        url = f"http://{upstream}"
        shared = run("shared", "-n", "2")
        owners = _worker_vpcs(url)
        alone = run("alone", "-n", "0")
    assert owners == {"gw0", "gw1"}, owners  # each worker really built its own world
    assert sum(sum(v.values()) for v in alone[1].values()) >= 40 and alone[0], alone
    differ = {key: (alone[1].get(key), shared[1].get(key)) for key in alone[1].keys() | shared[1].keys()
              if alone[1].get(key) != shared[1].get(key)}
    assert alone[0] == shared[0] and not differ, differ
