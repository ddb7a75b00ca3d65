"""conformance.probes: the follow-up requests that locate what a target objected to (the member, list item and leaf
of a refused valid request; the valid member that masks a wrong code), remembered by the request's shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from conformance.baseline import Baseline
from conformance.findings import Divergence, ExampleVerdict, Signature
from conformance.oracle import expect
from conformance.outcome import Fault, Outcome, OutcomeKind
from conformance.probes import KEEP, Prober, accepted_by_docs, item_shape, request_shape, same_answer
from conformance.runner import Runner
from conformance.targets.base import Target
from conformance.verdict import PartAtFault
from strategies.case import Case, Mutation, WireEdit
from tests.support.runner_targets import EBS, EPHEMERAL, VALID, WORLD, FakeTarget, error, launched, runner


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


class ScriptedTarget:
    """Answers each request as `answer` says, counting the requests and the resets between them."""

    name = "scripted"

    def __init__(self, answer: Callable[[Case], Outcome]) -> None:
        self.answer = answer
        self.sent: list[Case] = []
        self.resets = 0

    def reset(self) -> None:
        self.resets += 1

    def send(self, case: Case) -> Outcome:
        self.sent.append(case)
        return self.answer(case)

    probe = send


def prober(answer: Callable[[Case], Outcome]) -> tuple[Prober, ScriptedTarget]:
    target = ScriptedTarget(answer)
    return Prober(cast(Target, target), WORLD, target.reset), target


def test_an_item_shape_keeps_enum_and_boolean_leaves_and_hides_the_rest() -> None:
    shape = item_shape({"DeviceName": "/dev/sdb", "Ebs": {"VolumeType": "gp2", "Encrypted": True,
                                                          "KmsKeyId": "arn:aws:kms:us-east-1:1:key/x"}})
    assert shape == ((".DeviceName", "*"), (".Ebs.Encrypted", "True"), (".Ebs.KmsKeyId", "*"),
                     (".Ebs.VolumeType", "gp2"))
    assert item_shape({"Tags": [{"Key": "a"}, {"Key": "b"}]}) == ((".Tags[].Key", "a"), (".Tags[].Key", "b"))


def test_requests_differing_only_in_names_have_one_shape() -> None:
    first = Case({**VALID, "BlockDeviceMappings": [EBS, EPHEMERAL]})
    renamed = Case({**VALID, "BlockDeviceMappings": [{**EBS, "DeviceName": "/dev/sdx"}, EPHEMERAL]})
    assert request_shape(first) == request_shape(renamed)
    io1 = Case({**VALID, "BlockDeviceMappings": [{**EBS, "Ebs": {"VolumeSize": 8, "VolumeType": "io1"}}, EPHEMERAL]})
    assert request_shape(io1) != request_shape(first)  # an enum value a refusal may hinge on
    swapped = Case({**VALID, "BlockDeviceMappings": [EPHEMERAL, EBS]})
    assert request_shape(swapped) != request_shape(first)  # the item order is part of the shape
    edited = Case(VALID, wire_edits=(WireEdit("MinCount", None),))
    assert request_shape(edited) != request_shape(Case(VALID))


def test_same_answer_compares_codes_without_prefix_and_crashes_by_class() -> None:
    assert same_answer(error("InvalidParameterValue"), error("Client.InvalidParameterValue"))
    assert not same_answer(error("InvalidParameterValue"), error("InvalidParameterCombination"))
    crash = Outcome(OutcomeKind.CRASH, status=500, fault=Fault.SERVER_ERROR)
    assert same_answer(crash, Outcome(OutcomeKind.CRASH, status=500, detail="other text"))
    assert not same_answer(crash, Outcome(OutcomeKind.CRASH, status=502))
    assert not same_answer(crash, error("InternalError", 500)) and not same_answer(error("X"), crash)
    assert not same_answer(error("X"), launched(Case(VALID)))


def test_a_launch_or_a_valid_dry_run_is_what_the_docs_accept() -> None:
    assert accepted_by_docs(expect(Case(VALID), WORLD))
    assert accepted_by_docs(expect(Case({**VALID, "DryRun": True}), WORLD))
    assert not accepted_by_docs(expect(Case({**VALID, "MinCount": 3, "MaxCount": 2}), WORLD))


def test_the_members_a_request_needs_are_never_removed_and_nothing_is_blamed_when_nothing_helps() -> None:
    probe, target = prober(lambda case: error("Unsupported"))  # refuses whatever it gets
    case = Case({**VALID, "DryRun": True, "Monitoring": {"Enabled": True}})
    assert probe.member_at_fault(case, error("Unsupported")) is None
    assert target.sent and all(set(sent.params) >= KEEP for sent in target.sent)
    assert target.resets == len(target.sent)  # each probe starts from a reset target


def test_a_single_member_at_fault_is_found_with_its_leaf() -> None:
    def refuses_monitoring(case: Case) -> Outcome:
        return error("InvalidParameterValue") if "Monitoring" in case.params else launched(case)

    probe, _ = prober(refuses_monitoring)
    case = Case({**VALID, "Monitoring": {"Enabled": True}, "EbsOptimized": False})
    assert probe.member_at_fault(case, error("InvalidParameterValue")) == PartAtFault("Monitoring")


def test_the_control_answer_is_the_valid_origins_and_is_asked_once() -> None:
    def refuses_everything_with_ebs(case: Case) -> Outcome:
        return error("InvalidBlockDeviceMapping") if "BlockDeviceMappings" in case.params else launched(case)

    probe, target = prober(refuses_everything_with_ebs)
    origin = {**VALID, "BlockDeviceMappings": [EBS]}
    mutated = Case({**origin, "MinCount": 3, "MaxCount": 2}, origin=origin,
                   mutation=Mutation("R-COUNT-3", "MinCount", "min-above-max"))
    found = probe.control_answer(mutated, error("InvalidBlockDeviceMapping"))
    assert found is not None and found[0] == Case(origin) and found[1].code == "InvalidBlockDeviceMapping"
    asked = len(target.sent)
    assert probe.control_answer(mutated, error("InvalidBlockDeviceMapping")) is not None
    assert len(target.sent) == asked  # remembered by the control's request
    assert probe.control_answer(mutated, error("InvalidParameterValue")) is None  # the origin's answer differs


def test_without_an_origin_the_control_is_the_case_without_its_mutated_member() -> None:
    probe, target = prober(lambda case: error("InvalidParameterValue"))
    mutated = Case({**VALID, "MetadataOptions": {"HttpPutResponseHopLimit": 65}},
                   mutation=Mutation("R-MD-2", "MetadataOptions.HttpPutResponseHopLimit", "hop-limit"))
    found = probe.control_answer(mutated, error("InvalidParameterValue"))
    assert found is not None
    assert found[0].params == {**VALID, "MetadataOptions": {}}  # the broken leaf removed, the rest kept
    assert target.sent == [found[0]]


def test_a_dry_run_operation_is_asked_again_without_dry_run_once_per_request() -> None:
    """The plain answer of an invalid DryRun request: the same request without DryRun, sent once and remembered;
    a target that takes only DryRun requests (real EC2) is never asked (None)."""
    target = FakeTarget()
    run = Runner(cast(Target, target), WORLD, Baseline("fake"), record_only=True)
    invalid = Case({**VALID, "DryRun": True, "MinCount": 3, "MaxCount": 2})
    assert run.prober.plain_answer(invalid) == launched(invalid.without("DryRun"))
    assert [c.params.get("DryRun") for c in target.sent] == [None]
    run.prober.plain_answer(invalid)
    assert len(target.sent) == 1
    findings = run.run(invalid).findings  # FakeTarget answers 412 and launches the plain request: not R-DRY-3's
    assert not [f for f in findings if f.signature is not None], findings
    target.launches = False
    assert Prober(cast(Target, target), WORLD, target.reset).plain_answer(invalid) is None
