"""The run's judgement: verdicts per rule, the member at fault of a refusal, the baseline ratchet."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pytest

from conformance.baseline import Baseline, from_findings
from conformance.example import ExampleResult
from conformance.findings import Divergence, ExampleVerdict, Signature, Undetermined
from conformance.oracle import expect
from conformance.outcome import Fault, Outcome, OutcomeKind
from conformance.rules.core import Launch
from conformance.runner import ConformanceFailure, Runner, TargetDied
from conformance.session import suite_nodeid
from conformance.targets.addresses import AddressLedger
from conformance.targets.base import Target
from conformance.verdict import PartAtFault, judge, owning_rules
from strategies.case import Call, Case, Mutation
from strategies.world import World, example_world

WORLD = example_world()
VALID: dict[str, Any] = {
    "ImageId": WORLD.images[0].image_id, "MinCount": 1, "MaxCount": 1,
    "InstanceType": "t3.micro", "SubnetId": WORLD.subnets[0].subnet_id,
}
EPHEMERAL = {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}
EBS = {"DeviceName": "/dev/sdc", "Ebs": {"VolumeSize": 8, "VolumeType": "gp2"}}


def error(code: str, status: int = 400) -> Outcome:
    return Outcome(OutcomeKind.ERROR, status=status, code=code, message="m", request_id="r")


def launched(case: Case) -> Outcome:
    instance = {"InstanceId": "i-0123456789abcdef0", "ImageId": case.params.get("ImageId"),
                "State": {"Code": 0, "Name": "pending"}, "AmiLaunchIndex": 0}
    return Outcome(OutcomeKind.SUCCESS, status=200,
                   reservation={"ReservationId": "r-0123456789abcdef0", "OwnerId": "1", "Instances": [instance]})


class FakeTarget:
    """Refuses any request with an instance-store mapping (as moto does); launches everything else."""

    name = "fake"

    def __init__(self) -> None:
        self.sent: list[Case] = []

    def prepare(self, case: Case) -> Case:
        return case

    def reset(self) -> None:
        pass

    def send(self, case: Case) -> Outcome:
        self.sent.append(case)
        mappings = case.params.get("BlockDeviceMappings", [])
        if any("VirtualName" in m for m in mappings):
            return error("MissingParameter")
        if case.params.get("MetadataOptions", {}).get("HttpPutResponseHopLimit", 1) > 64:
            return error("InvalidParameterValue")
        if case.dry_run:
            return error("DryRunOperation", 412)
        return launched(case)

    def describe_instances(self, ids: list[str]) -> list[dict[str, Any]]:
        return []

    def read_back(self, reservation: Mapping[str, Any]) -> Launch:
        return Launch(reservation)


def runner(baseline: Baseline | None = None, **options: Any) -> Runner:
    return Runner(cast(Target, FakeTarget()), WORLD, baseline or Baseline("fake"), **options)


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


def test_environmental_refusal_is_undetermined_and_a_crash_is_a_crash() -> None:
    case = Case(VALID)
    assert {s for s, _ in statuses(case,
                                   error("InsufficientInstanceCapacity")).values()} == {ExampleVerdict.UNDETERMINED}
    crash = Outcome(OutcomeKind.CRASH, status=500, detail="boom")
    assert {s for s, _ in statuses(case, crash).values()} == {ExampleVerdict.CRASH}


def test_a_refusal_is_attributed_through_the_list_item_at_fault() -> None:
    case = Case({**VALID, "BlockDeviceMappings": [EBS, EPHEMERAL], "Monitoring": {"Enabled": True}})
    run = runner(record_only=True)
    verdict = run.run(case)
    refused = [f for f in verdict.findings if f.kind is Divergence.REFUSED_VALID]
    assert [f.rule_id for f in refused] == ["R-BDM-16"], refused  # the VirtualName rule, not an Ebs one
    assert "BlockDeviceMappings[1].VirtualName" in refused[0].problems[0]
    assert refused[0].signature == Signature(
        "R-BDM-16", Divergence.REFUSED_VALID, "BlockDeviceMappings[].VirtualName", "MissingParameter")
    at_fault = run.prober.member_at_fault(case, error("MissingParameter"))
    assert at_fault == PartAtFault("BlockDeviceMappings", 1, "VirtualName")


def test_unknown_divergences_fail_known_ones_pass_and_strict_fails_all() -> None:
    case = Case({**VALID, "MinCount": 3, "MaxCount": 2})
    with pytest.raises(ConformanceFailure, match="R-COUNT-3"):
        runner().run(case)
    known = from_findings("fake", [(Signature("R-COUNT-3", Divergence.ACCEPTED_INVALID), "launched")])
    runner(known).run(case)
    with pytest.raises(ConformanceFailure):
        runner(known, strict=True).run(case)
    runner(record_only=True).run(case)


def test_a_baseline_signature_is_fixed_only_after_enough_chances() -> None:
    signature = Signature("R-TAG-6", Divergence.ACCEPTED_INVALID)
    baseline = from_findings("fake", [(signature, "x")])
    assert baseline.ratchet([], {"R-TAG-6|": 5}).fixed == (signature,)
    assert baseline.ratchet([], {"R-TAG-6|": 2}).fixed == ()
    assert baseline.ratchet([signature], {"R-TAG-6|": 5}).fixed == ()
    assert baseline.ratchet([], {}).fixed == ()
    other = Signature("R-TAG-6", Divergence.WRONG_CODE, observed="InvalidParameter")
    assert baseline.ratchet([other], {"R-TAG-6|": 5}) == baseline.ratchet([other], {"R-TAG-6|": 5}, strict=False)
    assert baseline.ratchet([other], {"R-TAG-6|": 5}).new == (other,)  # another divergence of a listed rule


def test_a_member_signature_is_fixed_only_after_chances_of_its_member() -> None:
    tenancy = Signature("R-LT-3", Divergence.POSTCONDITION, "Placement.Tenancy")
    baseline = from_findings("fake", [(tenancy, "x")])
    assert baseline.ratchet([], {"R-LT-3|": 40, "R-LT-3|Placement.Tenancy": 2}).fixed == ()
    assert baseline.ratchet([], {"R-LT-3|": 40, "R-LT-3|Placement.Tenancy": 3}).fixed == (tenancy,)


def test_a_known_refusal_shape_is_not_probed_again() -> None:
    target = FakeTarget()
    run = Runner(cast(Target, target), WORLD, Baseline("fake"), record_only=True)
    first = Case({**VALID, "BlockDeviceMappings": [EBS, EPHEMERAL]})
    at_fault = PartAtFault("BlockDeviceMappings", 1, "VirtualName")
    assert run.prober.member_at_fault(first, error("MissingParameter")) == at_fault
    probes = len(target.sent)
    assert probes > 0
    renamed = Case({**VALID, "BlockDeviceMappings": [{**EBS, "DeviceName": "/dev/sdx"}, EPHEMERAL]})
    assert run.prober.member_at_fault(renamed, error("MissingParameter")) == at_fault  # same shape: remembered
    assert len(target.sent) == probes
    swapped = Case({**VALID, "BlockDeviceMappings": [EPHEMERAL, EBS]})  # another shape: asked afresh, so the
    assert run.prober.member_at_fault(swapped, error("MissingParameter")) == PartAtFault(  # answer never depends on
        "BlockDeviceMappings", 0, "VirtualName")  # which example a worker saw first
    assert len(target.sent) > probes


def test_two_refused_items_are_probed_once_per_shape() -> None:
    target = FakeTarget()
    run = Runner(cast(Target, target), WORLD, Baseline("fake"), record_only=True)
    both = [EPHEMERAL, {**EPHEMERAL, "DeviceName": "/dev/sdd", "VirtualName": "ephemeral1"}]
    case = Case({**VALID, "BlockDeviceMappings": both})
    first_alone = PartAtFault("BlockDeviceMappings", 0, "VirtualName")  # no single removal helps: kept alone, refused
    assert run.prober.member_at_fault(case, error("MissingParameter")) == first_alone
    probes = len(target.sent)
    again = Case({**VALID, "BlockDeviceMappings": [{**item, "DeviceName": "/dev/sdf"} for item in both]})
    assert run.prober.member_at_fault(again, error("MissingParameter")) == first_alone
    assert len(target.sent) == probes


def test_an_unnamed_code_accepts_any_generic_parameter_error_but_a_named_one_does_not() -> None:
    inferred = Case({**VALID, "MetadataOptions": {"HttpPutResponseHopLimit": 65}})  # R-MD-2: code unnamed
    assert statuses(inferred, error("InvalidParameterDependency"))["R-MD-2"] == (ExampleVerdict.CONFORMS, "")
    observed = Case({**VALID, "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": WORLD.subnets[0].subnet_id}]})
    # R-NET-2: InvalidParameterCombination observed on real EC2 (OBS-NI-SUBNET)
    assert statuses(observed, error("InvalidParameterDependency"))["R-NET-2"] == (ExampleVerdict.DIVERGES, "wrong code")


def test_a_wrong_code_caused_by_a_refused_valid_member_is_not_charged_to_the_broken_rule() -> None:
    masked = Case({**VALID, "BlockDeviceMappings": [EPHEMERAL], "MetadataOptions": {"HttpPutResponseHopLimit": 65}})
    verdict = runner(record_only=True).run(masked)
    assert [(f.rule_id, f.status, f.kind_text) for f in verdict.findings if f.rule_id != "R-PROTO-5"] == [
        ("R-MD-2", ExampleVerdict.UNDETERMINED, "masked by a refusal")
    ]
    assert "BlockDeviceMappings" in verdict.findings[0].problems[0]
    unmasked = Case({**VALID, "MetadataOptions": {"HttpPutResponseHopLimit": 65}, "Monitoring": {"Enabled": True}})
    assert [f.status for f in runner(record_only=True).run(unmasked).findings] == [ExampleVerdict.CONFORMS] * 2


def test_a_wrong_code_caused_by_refused_sibling_items_is_not_charged_to_the_broken_rule() -> None:
    oversized = {"DeviceName": "/dev/sdc", "Ebs": {"VolumeSize": 70000, "VolumeType": "gp2"}}  # R-BDM-3
    second_store = {"DeviceName": "/dev/sdd", "VirtualName": "ephemeral1"}
    case = Case({**VALID, "BlockDeviceMappings": [EPHEMERAL, second_store, oversized]})
    run = runner(record_only=True)
    findings = run.run(case).findings
    assert [(f.rule_id, f.status, f.kind_text) for f in findings if f.rule_id != "R-PROTO-5"] == [
        ("R-BDM-3", ExampleVerdict.UNDETERMINED, "masked by a refusal")
    ]
    assert "refusal of BlockDeviceMappings[0, 1]" in findings[0].problems[0]
    again = Case({**VALID, "BlockDeviceMappings": [EPHEMERAL, second_store, oversized]})
    sent = len(cast(FakeTarget, run.target).sent)
    run.run(again)
    assert len(cast(FakeTarget, run.target).sent) == sent + 1  # the answer is remembered: no new probes


class DeadTarget(FakeTarget):
    """Every call fails as a closed connection would."""

    def reset(self) -> None:
        raise ConnectionRefusedError("connection refused")

    def send(self, case: Case) -> Outcome:
        return Outcome(OutcomeKind.CRASH, detail="connection refused", fault=Fault.UNREACHABLE)

    def describe_instances(self, ids: list[str]) -> list[dict[str, Any]]:
        raise ConnectionResetError("connection reset")

    def terminate_instances(self, ids: list[str]) -> None:
        raise ConnectionResetError("connection reset")


def test_every_target_call_of_the_runner_stops_the_run_when_the_target_is_gone() -> None:
    run = Runner(cast(Target, DeadTarget()), WORLD, Baseline("fake"), record_only=True)
    for call in (run.reset, lambda: run.describe(["i-1"]), lambda: run.terminate(["i-1"])):
        with pytest.raises(TargetDied, match="stopped answering"):
            call()
    run.send(Case(VALID))
    run.send(Case(VALID))
    with pytest.raises(TargetDied, match="connection refused"):
        run.send(Case(VALID))


def test_botocore_connection_errors_count_as_a_dead_target() -> None:
    from botocore.exceptions import EndpointConnectionError

    class BotocoreDead(DeadTarget):
        def reset(self) -> None:
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1:1")

    run = Runner(cast(Target, BotocoreDead()), WORLD, Baseline("fake"), record_only=True)
    with pytest.raises(TargetDied, match="Could not connect"):
        run.reset()


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


def test_a_run_of_other_tests_never_fixes_a_signature() -> None:
    signature = Signature("R-TAG-6", Divergence.ACCEPTED_INVALID, "TagSpecifications[].Tags[].Key")
    showed = ("test_requests.py::test_mutation_is_refused[tag]",)
    baseline = from_findings("fake", [(signature, "x")], {signature: showed})
    chances = {"R-TAG-6|": 9, "R-TAG-6|TagSpecifications[].Tags[].Key": 9}
    assert baseline.ratchet([], chances, tests_run=frozenset({"test_requests.py::test_valid"})).fixed == ()
    ran = frozenset({"test_requests.py::test_valid", "test_requests.py::test_mutation_is_refused[tag]"})
    assert baseline.ratchet([], chances, tests_run=ran).fixed == (signature,)


def test_reports_name_a_test_the_same_from_a_checkout_and_from_an_installed_package() -> None:
    test = "test_requests.py::test_mutation_is_refused[unknown-action]"
    assert suite_nodeid(f"venv/lib/python3.11/site-packages/conformance/suite/{test}") == f"conformance/suite/{test}"
    assert suite_nodeid(f"conformance/suite/{test}") == f"conformance/suite/{test}"
    assert suite_nodeid("tests/test_other.py::test_x") == "tests/test_other.py::test_x"


class HeldAddressTarget(FakeTarget):
    """LocalStack after an earlier example: HTTP 500 "IP already in use" at 10.0.0.10, with the held-address
    mark conformance.targets.http_target adds to such an answer (its ledger's `left_behind`)."""

    def send(self, case: Case) -> Outcome:
        if case.params.get("PrivateIpAddress") == "10.0.0.10":
            return Outcome(OutcomeKind.CRASH, status=500, code="InternalError", message="IP already in use",
                           fault=Fault.SERVER_ERROR, left_behind=AddressLedger([]).left_behind(case, ["10.0.0.10"]))
        return super().send(case)


def test_a_valid_origin_an_earlier_examples_address_decided_is_not_charged() -> None:
    """The mutated rule stays open, and no rule of the address is charged a crash of the valid origin."""
    origin = {**VALID, "PrivateIpAddress": "10.0.0.10"}
    mutated = Case({**origin, "MetadataOptions": {"HttpPutResponseHopLimit": 65}}, origin=origin,
                   mutation=Mutation("R-MD-2", "MetadataOptions.HttpPutResponseHopLimit", "hop-limit"))
    run = Runner(cast(Target, HeldAddressTarget()), WORLD, Baseline("fake"), record_only=True)
    findings = run.run(mutated).findings
    assert ("R-MD-2", ExampleVerdict.UNDETERMINED) in {(f.rule_id, f.status) for f in findings}, findings
    assert not [f for f in findings if f.status is ExampleVerdict.CRASH], findings


def test_an_answer_an_earlier_examples_address_made_records_the_calls_that_held_it() -> None:
    """A reproducer of such an answer launches at the address and terminates that launch first."""
    case = Case({**VALID, "PrivateIpAddress": "10.0.0.10", "MinCount": 2, "MaxCount": 2})  # R-NET-8
    run = Runner(cast(Target, HeldAddressTarget()), WORLD, Baseline("fake"), record_only=True)
    records: list[ExampleResult] = []
    run.recorders.append(records.append)
    run.run(case)
    assert [(b.call, dict(b.params).get("PrivateIpAddress")) for b in records[0].before] == [
        (Call.RUN, "10.0.0.10"), (Call.TERMINATE, None)]
    assert dict(records[0].before[0].params)["SubnetId"] == VALID["SubnetId"]
