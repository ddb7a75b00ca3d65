"""conformance.verdict: each example's findings per rule (codes, statuses, DryRun, environmental refusals, crashes),
the rule a refusal is charged to, answers a valid request close to the example gets too, the state machine's
steps judged through the oracle's code sets, and a refusal that launched or created something anyway."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, cast

import pytest

import conformance.rules as rules
from conformance.baseline import Baseline
from conformance.evidence import Evidence
from conformance.example import ExampleResult
from conformance.findings import Divergence, ExampleVerdict, FailedCheck, Severity, Signature, Undetermined
from conformance.oracle import expect, expect_of
from conformance.outcome import Appeared, Fault, LeftBehind, Outcome, OutcomeKind, Resource
from conformance.rules import Role, by_role
from conformance.rules.core import Launch
from conformance.runner import Runner
from conformance.suite.test_stateful import Lifecycle
from conformance.targets.base import Target
from conformance.verdict import NoProbes, PartAtFault, judge, judge_state, owning_rules
from strategies.case import Before, Call, Case, Mutation
from strategies.world import World
from tests.support.runner_targets import (
    EPHEMERAL,
    VALID,
    WORLD,
    FakeTarget,
    HeldAddressTarget,
    error,
    launched,
    runner,
)

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


def _machine_verdict(outcome: Outcome, role: Role, monkeypatch: pytest.MonkeyPatch) -> list[ExampleResult]:
    """What the state machine's own hand-off (`Lifecycle._conclude`) records for one step."""
    results: list[ExampleResult] = []
    runner = Runner(cast(Target, QuietTarget()), WORLD, Baseline("fake"), record_only=True)
    runner.recorders.append(results.append)
    monkeypatch.setattr(Lifecycle, "runner", runner, raising=False)  # the class attribute the machine reads
    Lifecycle()._conclude(Case(dict(LAUNCH, MinCount=2, MaxCount=2)), role, outcome)
    return results


def test_an_evidence_code_of_a_stateful_rule_changes_the_state_machines_verdict(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule lives in one place: an observation added to R-IDEM-3's rule changes the machine's verdict too."""
    before = _machine_verdict(MISMATCH, Role.RETRY_CHANGED, monkeypatch)[0]
    rule = by_role(Role.RETRY_CHANGED)
    assert [(f.rule_id, f.status, f.kind) for f in before.findings if f.rule_id == rule.id] == [
        (rule.id, ExampleVerdict.DIVERGES, Divergence.WRONG_CODE)]
    observed = dataclasses.replace(rule, evidence=(*rule.evidence, Evidence(
        "InvalidParameterValue", "2026-12-07", "a test's observation")))
    monkeypatch.setitem(rules._ROLES, Role.RETRY_CHANGED, observed)
    after = _machine_verdict(MISMATCH, Role.RETRY_CHANGED, monkeypatch)[0]
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


def statuses(case: Case, outcome: Outcome, world: World = WORLD) -> dict[str, tuple[ExampleVerdict, str]]:
    verdict = judge(case, world, expect(case, world), outcome)
    return {f.rule_id: (f.status, f.kind_text) for f in verdict.findings if f.rule_id != "R-PROTO-5"}


def test_an_accepted_invalid_request_diverges_on_its_rule() -> None:
    case = Case({**VALID, "MinCount": 3, "MaxCount": 2})
    assert statuses(case, launched(case))["R-COUNT-3"] == (ExampleVerdict.DIVERGES, "accepted invalid request")


def test_the_right_code_conforms_and_a_wrong_one_diverges() -> None:
    case = Case({**VALID, "MetadataOptions": {"HttpPutResponseHopLimit": 65}})
    assert statuses(case, error("InvalidParameterValue"))["R-MD-2"] == (ExampleVerdict.CONFORMS, "")
    assert statuses(case, error("Client.InvalidParameterValue"))["R-MD-2"] == (ExampleVerdict.CONFORMS, "")
    assert statuses(case, error("Bogus"))["R-MD-2"] == (ExampleVerdict.DIVERGES, "wrong code")
    assert statuses(case, error("InvalidParameterValue", 500))["R-MD-2"] == (ExampleVerdict.DIVERGES, "wrong status")


def test_dry_run_answers() -> None:
    valid = Case({**VALID, "DryRun": True})
    assert statuses(valid, error("DryRunOperation", 412))["R-DRY-1"] == (ExampleVerdict.CONFORMS, "")
    assert statuses(valid, launched(valid))["R-DRY-1"] == (ExampleVerdict.DIVERGES, "launched under DryRun")
    invalid = Case({**VALID, "DryRun": True, "MinCount": 3, "MaxCount": 2})
    found = statuses(invalid, error("DryRunOperation", 412))
    assert found == {"R-DRY-3": (ExampleVerdict.DIVERGES, "DryRun skipped validation")}
    validated = statuses(invalid, error("InvalidParameterValue"))
    assert validated == {"R-DRY-3": (ExampleVerdict.CONFORMS, ""), "R-COUNT-3": (ExampleVerdict.CONFORMS, "")}


def test_a_skipped_dry_run_validation_names_the_rule_it_skipped() -> None:
    """One signature per broken rule, and each conforming DryRun refusal is a chance for that rule's one."""
    invalid = Case({**VALID, "DryRun": True, "MinCount": 3, "MaxCount": 2})
    skipped = judge(invalid, WORLD, expect(invalid, WORLD), error("DryRunOperation", 412)).findings
    assert [str(f.signature) for f in skipped if f.signature] == ["R-DRY-3 | DryRun skipped validation | R-COUNT-3"]
    refused = judge(invalid, WORLD, expect(invalid, WORLD), error("InvalidParameterValue")).findings
    assert [f.covers for f in refused if f.rule_id == "R-DRY-3"] == [("R-COUNT-3",)]


class PlainAnswer(NoProbes):
    """Probes whose one answer is the same request's without DryRun."""

    def __init__(self, plain: Outcome, origin: Outcome | None = None) -> None:
        self.plain, self.origin = plain, origin
        self.asked: list[Case] = []

    def plain_answer(self, case: Case) -> Outcome | None:
        self.asked.append(case)
        return self.plain

    def control_answer(self, case: Case, answer: Outcome) -> tuple[Case, Outcome] | None:
        assert not case.dry_run and "DryRun" not in (case.origin or {})
        return (Case(case.origin), self.origin) if self.origin is not None and case.origin is not None else None


def test_a_dry_run_operation_is_weighed_against_the_plain_answer() -> None:
    """412 to an invalid DryRun request is R-DRY-3 only where the target refuses the request without DryRun; a
    target that accepts it without DryRun never checks the rule (the plain test reports that), and a target
    that validates under DryRun is never asked."""
    invalid = Case({**VALID, "DryRun": True, "MinCount": 3, "MaxCount": 2})
    refusing = PlainAnswer(error("InvalidParameterValue"))
    skipped = judge(invalid, WORLD, expect(invalid, WORLD), error("DryRunOperation", 412), probes=refusing).findings
    assert [str(f.signature) for f in skipped if f.signature] == ["R-DRY-3 | DryRun skipped validation | R-COUNT-3"]
    assert "without DryRun: InvalidParameterValue (HTTP 400)" in skipped[0].problems[0], skipped[0].problems
    accepting = PlainAnswer(launched(invalid))
    never = judge(invalid, WORLD, expect(invalid, WORLD), error("DryRunOperation", 412), probes=accepting).findings
    assert [(f.rule_id, f.status, f.kind) for f in never if f.rule_id != "R-PROTO-5"] == [
        ("R-DRY-3", ExampleVerdict.UNDETERMINED, Undetermined.NOT_VALIDATED)]
    validating = PlainAnswer(launched(invalid))
    judge(invalid, WORLD, expect(invalid, WORLD), error("InvalidParameterValue"), probes=validating)
    assert validating.asked == [] and len(accepting.asked) == 1


def test_a_plain_refusal_the_valid_origin_gets_too_is_not_charged_to_dry_run() -> None:
    """moto refuses some valid io1 bases without DryRun ("requires the parameter Iops"): the DryRunOperation to
    a mutation of such a base says nothing of the broken rule. A crash or another code that only the mutation
    gets still counts."""
    origin = {**VALID, "DryRun": True}
    invalid = Case({**origin, "MinCount": 3, "MaxCount": 2}, origin=origin,
                   mutation=Mutation("R-COUNT-3", "MinCount", "min-count-above-max-count"))
    other = error("InvalidParameterDependency")
    masked = PlainAnswer(other, origin=other)
    found = judge(invalid, WORLD, expect(invalid, WORLD), error("DryRunOperation", 412), probes=masked).findings
    assert [(f.rule_id, f.status, f.kind) for f in found if f.rule_id != "R-PROTO-5"] == [
        ("R-DRY-3", ExampleVerdict.UNDETERMINED, Undetermined.MASKED)]
    crash = Outcome(OutcomeKind.CRASH, status=500, fault=Fault.EXCEPTION, detail="IndexError: list index")
    own = judge(invalid, WORLD, expect(invalid, WORLD), error("DryRunOperation", 412), probes=PlainAnswer(crash))
    assert [str(f.signature) for f in own.findings if f.signature] == [
        "R-DRY-3 | DryRun skipped validation | R-COUNT-3"]


def test_environmental_refusal_is_undetermined_and_a_crash_is_a_crash() -> None:
    case = Case(VALID)
    assert {s for s, _ in statuses(case,
                                   error("InsufficientInstanceCapacity")).values()} == {ExampleVerdict.UNDETERMINED}
    crash = Outcome(OutcomeKind.CRASH, status=500, detail="boom")
    assert {s for s, _ in statuses(case, crash).values()} == {ExampleVerdict.CRASH}


def test_an_unnamed_code_accepts_any_generic_parameter_error_but_a_named_one_does_not() -> None:
    inferred = Case({**VALID, "MetadataOptions": {"HttpPutResponseHopLimit": 65}})  # R-MD-2: code unnamed
    assert statuses(inferred, error("InvalidParameterDependency"))["R-MD-2"] == (ExampleVerdict.CONFORMS, "")
    observed = Case({**VALID, "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": WORLD.subnets[0].subnet_id}]})
    # R-NET-2: InvalidParameterCombination observed on real EC2 (OBS-NI-SUBNET)
    assert statuses(observed, error("InvalidParameterDependency"))["R-NET-2"] == (ExampleVerdict.DIVERGES, "wrong code")


def test_a_wrong_code_the_valid_origin_gets_too_is_not_charged_to_the_mutated_rule() -> None:
    origin = {**VALID, "BlockDeviceMappings": [EPHEMERAL]}
    mutated = Case({**origin, "MetadataOptions": {"HttpPutResponseHopLimit": 65}}, origin=origin,
                   mutation=Mutation("R-MD-2", "MetadataOptions.HttpPutResponseHopLimit", "hop-limit"))
    findings = runner(record_only=True).run(mutated).findings
    found = {(f.rule_id, f.status, f.kind) for f in findings if f.rule_id != "R-PROTO-5"}
    assert ("R-MD-2", ExampleVerdict.UNDETERMINED, Undetermined.ORIGIN_REFUSED) in found, found
    refused = [f for f in findings if f.kind is Divergence.REFUSED_VALID]
    assert [str(f.signature) for f in refused] == [
        "R-BDM-16 | refused valid request | BlockDeviceMappings[].VirtualName | MissingParameter"]
    assert not [f for f in findings if f.kind is Divergence.WRONG_CODE]


class WrongCodeTarget(FakeTarget):
    """Answers a hop limit above 64 with a code no rule allows, and launches the valid origin."""

    def send(self, case: Case) -> Outcome:
        if case.params.get("MetadataOptions", {}).get("HttpPutResponseHopLimit", 1) > 64:
            return error("Bogus")
        return super().send(case)


def test_a_wrong_code_only_the_mutation_gets_stays_a_wrong_code() -> None:
    mutated = Case({**VALID, "MetadataOptions": {"HttpPutResponseHopLimit": 65}}, origin=VALID,
                   mutation=Mutation("R-MD-2", "MetadataOptions.HttpPutResponseHopLimit", "hop-limit"))
    run = Runner(cast(Target, WrongCodeTarget()), WORLD, Baseline("fake"), record_only=True)
    wrong = [f for f in run.run(mutated).findings if f.kind is Divergence.WRONG_CODE]
    expected = "R-MD-2 | wrong code | MetadataOptions.HttpPutResponseHopLimit | Bogus"
    assert [str(f.signature) for f in wrong] == [expected]


def test_a_refused_io1_mapping_is_charged_by_the_members_its_message_names() -> None:
    """No single leaf removal is valid (io1 needs Iops, Iops needs io1): the message decides between rules."""
    io1 = {"DeviceName": "/dev/sdc", "Ebs": {"VolumeType": "io1", "VolumeSize": 8, "Iops": 100}}
    refusal = Outcome(OutcomeKind.ERROR, status=400, code="InvalidParameterDependency",
                      message="The parameter [VolumeType] requires the parameter Iops to be set.")
    rules = owning_rules(Case({**VALID, "BlockDeviceMappings": [io1]}), PartAtFault("BlockDeviceMappings"),
                         refusal.message or "")
    assert any("Iops" in m for m in rules[0].members), rules[0]


def test_a_valid_origin_an_earlier_examples_address_decided_is_not_charged() -> None:
    """The mutated rule stays open, and no rule of the address is charged a crash of the valid origin."""
    origin = {**VALID, "PrivateIpAddress": "10.0.0.10"}
    mutated = Case({**origin, "MetadataOptions": {"HttpPutResponseHopLimit": 65}}, origin=origin,
                   mutation=Mutation("R-MD-2", "MetadataOptions.HttpPutResponseHopLimit", "hop-limit"))
    run = Runner(cast(Target, HeldAddressTarget()), WORLD, Baseline("fake"), record_only=True)
    findings = run.run(mutated).findings
    assert ("R-MD-2", ExampleVerdict.UNDETERMINED) in {(f.rule_id, f.status) for f in findings}, findings
    assert not [f for f in findings if f.status is ExampleVerdict.CRASH], findings


LEFT = Appeared(((Resource.INSTANCE, "i-0feedfacefeedface"), (Resource.NETWORK_INTERFACE, "eni-0feedfacefeedface")))


class LaunchesOnRefusal(FakeTarget):
    """Refuses as FakeTarget does, and launches all the same (what the target's side-effect check reports)."""

    def send(self, case: Case) -> Outcome:
        outcome = super().send(case)
        return outcome if outcome.kind is OutcomeKind.SUCCESS else dataclasses.replace(outcome, appeared=LEFT)


def _signatures(target: FakeTarget, case: Case) -> list[str]:
    run = Runner(cast(Target, target), WORLD, Baseline("fake"), record_only=True)
    return sorted(str(s) for s in run.run(case).signatures)


HOP = Mutation("R-MD-2", "MetadataOptions.HttpPutResponseHopLimit", "hop-limit")


def test_a_refusal_that_launched_is_a_side_effect_of_the_rule_the_request_breaks() -> None:
    mutated = Case({**VALID, "MetadataOptions": {"HttpPutResponseHopLimit": 65}}, origin=VALID, mutation=HOP)
    assert _signatures(LaunchesOnRefusal(), mutated) == [
        "R-MD-2 | side effect | MetadataOptions.HttpPutResponseHopLimit | instance"]
    assert _signatures(FakeTarget(), mutated) == []  # the same refusal, nothing left: conforms


def test_a_refused_valid_request_that_launched_is_charged_where_its_refusal_is() -> None:
    case = Case({**VALID, "BlockDeviceMappings": [EPHEMERAL]})
    assert _signatures(LaunchesOnRefusal(), case) == [
        "R-BDM-16 | refused valid request | BlockDeviceMappings[].VirtualName | MissingParameter",
        "R-BDM-16 | side effect | BlockDeviceMappings[].VirtualName | instance"]


def test_a_side_effect_the_valid_origin_shows_too_is_charged_where_its_refusal_is() -> None:
    """Not to the broken rule: the verdict found the answer was about a valid sibling member, so one emulator bug
    (moto launching an instance-store mapping it refuses) is one signature, not one per mutation it meets."""
    origin = {**VALID, "BlockDeviceMappings": [EPHEMERAL]}
    mutated = Case({**origin, "MetadataOptions": {"HttpPutResponseHopLimit": 65}}, origin=origin, mutation=HOP)
    assert _signatures(LaunchesOnRefusal(), mutated) == [
        "R-BDM-16 | refused valid request | BlockDeviceMappings[].VirtualName | MissingParameter",
        "R-BDM-16 | side effect | BlockDeviceMappings[].VirtualName | instance"]


class GenericRefusal(LaunchesOnRefusal):
    """Answers an instance-store mapping with the generic code a hop limit above 64 gets too (and launches)."""

    def send(self, case: Case) -> Outcome:
        if any("VirtualName" in m for m in case.params.get("BlockDeviceMappings", [])):
            return dataclasses.replace(error("InvalidParameterValue"), appeared=LEFT)
        return super().send(case)


def test_a_right_code_the_valid_origin_gets_too_does_not_charge_the_side_effect_to_the_broken_rule() -> None:
    """The code fits R-MD-2, but the valid origin is refused alike and launches too: the mapping's rule owns it."""
    origin = {**VALID, "BlockDeviceMappings": [EPHEMERAL]}
    mutated = Case({**origin, "MetadataOptions": {"HttpPutResponseHopLimit": 65}}, origin=origin, mutation=HOP)
    assert _signatures(GenericRefusal(), mutated) == [
        "R-BDM-16 | side effect | BlockDeviceMappings[].VirtualName | instance"]


def test_a_dry_run_that_answered_412_and_launched_is_a_side_effect_of_the_dry_run_answer() -> None:
    case = Case({**VALID, "DryRun": True})
    left = dataclasses.replace(error("DryRunOperation", 412), appeared=Appeared(((Resource.VOLUME, "vol-1"),)))
    verdict = judge(case, WORLD, expect(case, WORLD), left)
    assert [str(s) for s in verdict.signatures] == ["R-DRY-1 | side effect | - | volume"]
    assert verdict.divergences[0].weight is Severity.SEVERE
    assert "and yet it left volume vol-1" in verdict.divergences[0].problems[0]


def test_a_refused_launch_step_that_launched_is_a_side_effect_of_the_step() -> None:
    rule = by_role(Role.IDEMPOTENT_RETRY)
    refused = dataclasses.replace(MISMATCH, appeared=LEFT)
    verdict = judge_state(Case(LAUNCH), WORLD, expect_of(rule), refused)
    assert [str(s) for s in verdict.signatures] == [
        f"{rule.id} | refused valid request | - | InvalidParameterValue", f"{rule.id} | side effect | - | instance"]
    launch = Outcome(OutcomeKind.SUCCESS, reservation={}, appeared=LEFT)  # a launch is judged by what it launched
    assert judge_state(Case(LAUNCH), WORLD, expect_of(rule), launch).signatures == []


ROOT_MISSING = "The request must contain the parameter size or snapshotId"  # moto's and LocalStack's answer


@pytest.mark.parametrize("fault", [PartAtFault("BlockDeviceMappings", 0), PartAtFault("BlockDeviceMappings"), None])
def test_a_refused_root_override_is_charged_to_the_rule_that_exempts_it(fault: PartAtFault | None) -> None:
    """A root override keeps the AMI's snapshot: R-BDM-1 exempts it from needing a size or a snapshot, so a target
    that asks for one contradicts R-BDM-1, not the rule of whichever member the mapping carries (R-BDM-18 by its
    DeviceName, R-BDM-29 by a KmsKeyId, or with the fault unknown a rule of another member)."""
    root = WORLD.images[0].root_device_name
    override = {"DeviceName": root, "Ebs": {"DeleteOnTermination": False, "KmsKeyId": "alias/k", "Encrypted": True}}
    case = Case({**VALID, "BlockDeviceMappings": [override], "CpuOptions": {"CoreCount": 1}})
    assert [r.id for r in owning_rules(case, fault, ROOT_MISSING)] == ["R-BDM-1"]
    # a refusal naming no member the mapping lacks is charged by the members it carries, as before
    assert [r.id for r in owning_rules(case, fault, "Internal error")] != ["R-BDM-1"]


def test_a_refusal_naming_a_present_and_a_missing_member_is_charged_to_the_rule_of_both() -> None:
    """"KmsKeyId requires Encrypted": R-BDM-29's two members, not a rule of Encrypted alone (R-BDM-12)."""
    mapping = {"DeviceName": "/dev/sdc", "Ebs": {"VolumeSize": 8, "KmsKeyId": "alias/k"}}
    case = Case({**VALID, "BlockDeviceMappings": [mapping]})
    message = "The parameter [KmsKeyId] requires the parameter Encrypted to be set."
    for fault in (PartAtFault("BlockDeviceMappings", 0), None):
        assert [r.id for r in owning_rules(case, fault, message)] == ["R-BDM-29"]
