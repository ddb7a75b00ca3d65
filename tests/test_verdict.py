"""conformance.verdict: the state machine's steps are judged by the verdict, through the oracle's code sets."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, cast

import pytest

import conformance.rules as rules
from conformance.baseline import Baseline
from conformance.evidence import Evidence
from conformance.example import ExampleResult
from conformance.findings import Divergence, ExampleVerdict, FailedCheck, Signature
from conformance.oracle import expect_of
from conformance.outcome import Fault, LeftBehind, Outcome, OutcomeKind
from conformance.rules import Role, by_role
from conformance.rules.core import Launch
from conformance.runner import Runner
from conformance.suite.test_stateful import Lifecycle
from conformance.targets.base import Target
from conformance.verdict import judge_state
from strategies.case import Before, Call, Case
from strategies.world import example_world

WORLD = example_world()
LAUNCH = {"ImageId": WORLD.images[0].image_id, "InstanceType": WORLD.instance_types[0], "MinCount": 1,
          "MaxCount": 1, "SubnetId": WORLD.subnets[0].subnet_id, "ClientToken": "conformance-1"}
MISMATCH = Outcome(OutcomeKind.ERROR, status=400, code="InvalidParameterValue", message="token reused",
                   raw_body="<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>m</Message>"
                            "</Error></Errors><RequestID>r</RequestID></Response>")


class QuietTarget:
    """A target the machine only needs to reset (the steps under test are handed their answers)."""

    name = "fake"
    forgets_between_examples = True

    def reset(self) -> None:
        pass

    def prepare(self, case: Case) -> Case:
        return case

    def read_back(self, reservation: Mapping[str, Any]) -> Launch:
        return Launch(reservation)


def _machine_verdict(outcome: Outcome, role: Role) -> list[ExampleResult]:
    """What the state machine's own hand-off (`Lifecycle._conclude`) records for one step."""
    results: list[ExampleResult] = []
    runner = Runner(cast(Target, QuietTarget()), WORLD, Baseline("fake"), record_only=True)
    runner.recorders.append(results.append)
    Lifecycle.runner = runner
    Lifecycle()._conclude(Case(dict(LAUNCH, MinCount=2, MaxCount=2)), role, outcome)
    return results


def test_an_evidence_code_of_a_stateful_rule_changes_the_state_machines_verdict(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule lives in one place: an observation added to R-IDEM-3's rule changes the machine's verdict too."""
    before = _machine_verdict(MISMATCH, Role.RETRY_CHANGED)[0]
    rule = by_role(Role.RETRY_CHANGED)
    assert [(f.rule_id, f.status, f.kind) for f in before.findings if f.rule_id == rule.id] == [
        (rule.id, ExampleVerdict.DIVERGES, Divergence.WRONG_CODE)]
    observed = dataclasses.replace(rule, evidence=(*rule.evidence, Evidence(
        "InvalidParameterValue", "2026-12-07", "a test's observation")))
    monkeypatch.setitem(rules._ROLES, Role.RETRY_CHANGED, observed)
    after = _machine_verdict(MISMATCH, Role.RETRY_CHANGED)[0]
    mine = [f for f in after.findings if f.rule_id == rule.id]
    assert [(f.status, f.kind) for f in mine] == [(ExampleVerdict.CONFORMS, None)]
    assert [m.source for m in mine[0].matched] == ["a test's observation"]


def test_an_expected_error_step_is_judged_as_every_example_is() -> None:
    """A launch where EC2 refuses is `accepted invalid request`; its envelope is checked like any error's."""
    rule = by_role(Role.RETRY_OF_TERMINATED)
    accepted = judge_state(Case(LAUNCH), WORLD, expect_of(rule), Outcome(OutcomeKind.SUCCESS, reservation={}))
    assert accepted.signatures == [Signature(rule.id, Divergence.ACCEPTED_INVALID)]
    refused = judge_state(Case(LAUNCH), WORLD, expect_of(rule), MISMATCH)
    assert {f.rule_id for f in refused.findings} == {rule.id, by_role(Role.ERROR_ENVELOPE).id}


def test_a_launch_step_is_judged_by_the_models_checks() -> None:
    rule = by_role(Role.IDEMPOTENT_RETRY)
    checks = (FailedCheck("InstanceIds", "retry returned other instances"),)
    broken = judge_state(Case(LAUNCH), WORLD, expect_of(rule), Outcome(OutcomeKind.SUCCESS), checks,
                         covers=("InstanceIds", "ReservationId"))
    assert broken.signatures == [Signature(rule.id, Divergence.IDEMPOTENCY, "InstanceIds")]
    assert broken.findings[0].covers == ("InstanceIds", "ReservationId")  # both were checked: both had a chance
    crash = Outcome(OutcomeKind.CRASH, detail="ValueError: boom", fault=Fault.EXCEPTION)
    crashed = judge_state(Case(LAUNCH), WORLD, expect_of(rule), crash, checks)
    assert crashed.signatures == [Signature(rule.id, Divergence.CRASH, "", "ValueError")]
    assert [f.status for f in crashed.findings] == [ExampleVerdict.CRASH]


def test_the_examples_own_setup_is_not_an_earlier_examples_leftover() -> None:
    """The address-in-use step holds the address itself (its `before` launch): a target that marks the answer as
    an earlier launch's address (EndpointTarget's ledger) still gets the answer judged."""
    rule = by_role(Role.ADDRESS_IN_USE)
    address = "10.0.0.10"
    holder = Before(Call.RUN, dict(LAUNCH, PrivateIpAddress=address))
    case = Case(dict(LAUNCH, PrivateIpAddress=address), before=(holder,))
    in_use = Outcome(OutcomeKind.ERROR, status=400, code="InvalidIPAddress.InUse", message="in use",
                     left_behind=LeftBehind(held_addresses=(address,)))
    verdict = judge_state(case, WORLD, expect_of(rule), in_use)
    assert [(f.rule_id, f.status) for f in verdict.findings if f.rule_id == rule.id] == [
        (rule.id, ExampleVerdict.CONFORMS)]
    someone_elses = dataclasses.replace(case, before=())
    undecided = judge_state(someone_elses, WORLD, expect_of(rule), in_use)
    assert {f.status for f in undecided.findings} == {ExampleVerdict.UNDETERMINED}
