"""Checks on a target's answer (conformance/rules/_answers.py): the response members derived from a recorded real
answer, literal "None" strings."""

from __future__ import annotations

import json
from typing import Any

from conformance.rules._answers import (
    LAUNCH_INSTANCE_MEMBERS,
    instance_member_problems,
    literal_none_problems,
)
from tests.support import REPO

RECORDED = REPO / "conformance/evidence/responses/cloud-custodian-RunInstances_1.json"


def recorded_answer() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(RECORDED.read_text(encoding="utf-8"))["data"]
    return doc


def test_required_members_are_in_the_recorded_answer() -> None:
    instances = recorded_answer()["Instances"]
    assert instance_member_problems("RunInstances", instances, LAUNCH_INSTANCE_MEMBERS) == []
    assert literal_none_problems("RunInstances", recorded_answer()) == []


def test_a_missing_member_and_a_literal_none_are_named() -> None:
    instance = dict(recorded_answer()["Instances"][0])
    del instance["Hypervisor"]
    instance["KernelId"] = "None"
    problems = instance_member_problems("RunInstances", [instance], LAUNCH_INSTANCE_MEMBERS)
    assert [p.check for p in problems] == ["RunInstances Instances[].Hypervisor (missing)"]
    assert [p.check for p in literal_none_problems("RunInstances", {"Instances": [instance]})] == [
        "RunInstances Instances[].KernelId (None)"]

