"""Baselines and results name what they were measured with; a run on other versions says so first, and a
signature whose only change is its code or crash class is CHANGED, never fixed."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest

from conformance.baseline import (
    Baseline,
    BaselineError,
    from_findings,
    load,
    packaged,
    packaged_path,
    parse,
    recorded_with,
    version_drift,
)
from conformance.findings import BaselineStatus, Divergence, Signature
from tests.support.faults import QUICK, run_conformance

OLD = Signature("R-LT-2", Divergence.CRASH, "LaunchTemplate.Version", "ValueError")
NOW = Signature("R-LT-2", Divergence.CRASH, "LaunchTemplate.Version", "HTTP 500")
PROTO_OLD = Signature("R-PROTO-2", Divergence.CRASH, "Action", "OperationNotFoundError")
PROTO_KNOWN = Signature("R-PROTO-2", Divergence.CRASH, "Action", "HTTP 404")
ENOUGH = {"R-LT-2|": 9, "R-LT-2|LaunchTemplate.Version": 9, "R-PROTO-2|": 9, "R-PROTO-2|Action": 9}


def test_a_new_code_under_a_listed_divergence_is_changed_not_fixed_nor_new() -> None:
    ratchet = Baseline("moto", {OLD: "x"}).ratchet([NOW], ENOUGH)
    assert ratchet.changed == ((OLD, NOW),)
    assert not ratchet.new and not ratchet.fixed and ratchet.fails
    assert ratchet.status_of(OLD) is BaselineStatus.CHANGED
    assert ratchet.statuses() == {OLD: BaselineStatus.CHANGED}  # NOW is told as OLD's replacement, not as new


def test_a_listed_signature_gone_into_a_known_sibling_is_changed() -> None:
    """moto 5.2.6 answers a missing Action with the HTTP 404 the baseline already lists: not a fix."""
    ratchet = Baseline("moto", {PROTO_OLD: "x", PROTO_KNOWN: "y"}).ratchet([PROTO_KNOWN], ENOUGH)
    assert ratchet.changed == ((PROTO_OLD, PROTO_KNOWN),)
    assert ratchet.known == (PROTO_KNOWN,) and not ratchet.fixed and ratchet.fails


def test_a_gone_signature_without_a_sibling_is_still_fixed_and_strict_changes_nothing() -> None:
    ratchet = Baseline("moto", {OLD: "x"}).ratchet([], ENOUGH)
    assert ratchet.fixed == (OLD,) and not ratchet.changed
    strict = Baseline("moto", {OLD: "x"}).ratchet([NOW], ENOUGH, strict=True)
    assert strict.new == (NOW,) and not strict.changed


def test_another_rule_or_check_is_new_not_changed() -> None:
    other_check = Signature("R-LT-2", Divergence.CRASH, "LaunchTemplate.LaunchTemplateId", "HTTP 500")
    ratchet = Baseline("moto", {OLD: "x"}).ratchet([other_check], {})
    assert ratchet.new == (other_check,) and not ratchet.changed


def test_the_stamp_survives_a_round_trip(tmp_path: Path) -> None:
    stamp = recorded_with("moto 5.2.6", "1.44.18")
    baseline = from_findings("moto", [(OLD, "x")], stamp=stamp)
    baseline.write(tmp_path / "b.json")
    assert load(tmp_path / "b.json").recorded_with == {"target": "moto 5.2.6", "botocore": "1.44.18"}


def test_a_malformed_stamp_is_one_line() -> None:
    with pytest.raises(BaselineError, match="'recorded_with' must be an object of strings"):
        parse({"format": 2, "target": "moto", "signatures": [], "recorded_with": {"target": 5}}, "b.json")


def test_version_drift_names_both_sides_and_nothing_when_they_agree() -> None:
    old, new = recorded_with("moto 5.2.5", "1.44.8"), recorded_with("moto 5.2.6", "1.44.18")
    assert version_drift(old, new) == ("baseline recorded with moto 5.2.5 (botocore 1.44.8), "
                                       "this run: moto 5.2.6 (botocore 1.44.18)")
    assert version_drift(new, new) == "" and version_drift({}, new) == ""


@pytest.mark.parametrize("target", ["moto", "moto-server", "ministack", "localstack"])
def test_every_committed_baseline_names_its_versions(target: str) -> None:
    stamp = packaged(target).recorded_with
    assert stamp.get("target") and stamp.get("botocore"), f"{target}: {stamp}"


def test_the_moto_baselines_were_recorded_with_the_locked_versions() -> None:
    """The lock's moto and botocore are what the committed moto baselines say (an upgrade re-records them)."""
    for target in ("moto", "moto-server"):
        stamp = packaged(target).recorded_with
        assert stamp["botocore"] == metadata.version("botocore"), target
        assert stamp["target"].endswith(metadata.version("moto")), (target, stamp)


def _planted_baseline(tmp_path: Path) -> tuple[Path, str, str]:
    """The moto baseline, stamped with older versions, one signature's observed class moved."""
    document = json.loads(packaged_path("moto").read_text(encoding="utf-8"))
    real = "R-PROTO-9 | post-condition | RunInstances StateReason.Code"
    assert real in {s["signature"] for s in document["signatures"]}
    planted = f"{real} | PlantedClass"
    for entry in document["signatures"]:
        if entry["signature"] == real:
            entry["signature"] = planted
    document["recorded_with"] = {"target": "moto 5.2.5", "botocore": "1.44.8"}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, planted, real


def test_a_run_on_other_versions_says_so_first_and_reports_the_changed_signature(tmp_path: Path) -> None:
    path, planted, real = _planted_baseline(tmp_path)
    result = run_conformance("-k", "test_valid_requests_launch", f"--baseline={path}", *QUICK,
                             f"--conformance-report={tmp_path / 'report'}")
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    drift = "baseline recorded with moto 5.2.5 (botocore 1.44.8), this run: moto "
    said = [line for line in result.stderr.splitlines() if line.startswith("ec2-conformance:")]
    assert said and said[0].startswith(f"ec2-conformance: {drift}"), result.stderr[-2000:]
    summary = [line for line in result.stdout.splitlines() if line.startswith("ec2-conformance:")]
    assert summary[0].startswith(f"ec2-conformance: Versions differ: {drift}"), summary[:3]
    assert any(f"CHANGED {planted} -> now {real}" in line for line in summary), summary
    assert not any(line.startswith("ec2-conformance: FIXED") for line in summary), summary
    doc = json.loads((tmp_path / "report" / "results.json").read_text(encoding="utf-8"))
    assert doc["run"]["baseline"]["version_drift"].startswith(drift)
    assert doc["run"]["recorded_with"] == {"target": f"moto {metadata.version('moto')}",
                                           "botocore": metadata.version("botocore")}
    changed = [s for s in doc["signatures"] if s["status"] == "changed"]
    assert [(s["signature"], s["now"]) for s in changed] == [(planted, real)]
    assert real not in {s["signature"] for s in doc["signatures"]}  # told once, as the change
    assert doc["summary"]["signatures"]["changed"] == 1
    for name in ("report.md", "report.html"):
        text = (tmp_path / "report" / name).read_text(encoding="utf-8").replace("\\|", "|")
        assert "possibly due to the upgrade" in text and drift in text and planted in text, name
