"""conformance.drift: signatures that appear, disappear or change told apart, the exit code of what was found, the
requirements a pin gives, and the locked model's member gaps (the real venv runs: tests/integration/test_drift.py)."""

from __future__ import annotations

from typing import Any

from conformance.drift import CANNOT_RUN, DRIFT, NO_DRIFT, DriftReport, member_gaps, requirements, target_drift


def _results(*signatures: dict[str, str], stopped: str = "") -> dict[str, Any]:
    return {"run": {"recorded_with": {"target": "moto 5.2.5", "botocore": "1.44.18"}, "stopped": stopped,
                    "baseline": {"recorded_with": {"target": "moto 5.2.6", "botocore": "1.44.18"}}},
            "signatures": list(signatures)}


def test_appearing_disappearing_and_changing_signatures_are_told_apart() -> None:
    drift = target_drift("moto", _results({"signature": "A", "status": "new"}, {"signature": "B", "status": "fixed"},
                                          {"signature": "C", "status": "changed", "now": "D"},
                                          {"signature": "E", "status": "known"}))
    assert drift.changes == (("appears", "A", ""), ("disappears", "B", ""), ("changes", "C", "D"))
    assert drift.versions.startswith("older than its baseline: moto 5.2.5")


def test_exit_codes_follow_what_was_found() -> None:
    quiet = {"botocore": "1", "paths": 1, "gaps": []}
    assert DriftReport({}, quiet, [target_drift("moto", _results())]).exit_code == NO_DRIFT
    assert DriftReport({}, {**quiet, "gaps": [{"path": "X", "missing": ["rule"]}]}).exit_code == DRIFT
    assert DriftReport({}, quiet, [target_drift("moto", _results({"signature": "A", "status": "new"}))]).exit_code \
        == DRIFT
    assert DriftReport({}, quiet, [target_drift("moto", _results(stopped="target died"))]).exit_code == CANNOT_RUN


def test_a_pin_replaces_the_range_and_keeps_the_extra() -> None:
    found = requirements(["moto==5.2.5"])
    assert "moto[server]==5.2.5" in found and not any(r.startswith("moto[server]<") for r in found)


def test_the_locked_model_has_no_member_gap() -> None:
    assert member_gaps() == []
