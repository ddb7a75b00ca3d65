"""conformance.probes: the follow-up requests that locate what a target objected to (the member, list item and leaf
of a refused valid request; the valid member that masks a wrong code), remembered by the request's shape."""

from __future__ import annotations

from typing import cast

from conformance.baseline import Baseline
from conformance.findings import Divergence, ExampleVerdict, Signature
from conformance.runner import Runner
from conformance.targets.base import Target
from conformance.verdict import PartAtFault
from strategies.case import Case
from tests.support.runner_targets import EBS, EPHEMERAL, VALID, WORLD, FakeTarget, error, runner


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
