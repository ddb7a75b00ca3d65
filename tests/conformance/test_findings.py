"""conformance.findings: the judging vocabulary (signatures and their text, verdict ranks, a rule's status held
against the baseline, a finding's signature and weight, evidence matches)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.findings import (
    BaselineStatus,
    Divergence,
    EvidenceMatch,
    ExampleVerdict,
    Finding,
    RuleStatus,
    Severity,
    Signature,
    Undetermined,
    chance_key,
    member_pattern,
    same_divergence,
    stamp_text,
)

_CHECK = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.[]", max_size=30)
_OBSERVED = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789. ", max_size=20)
SIGNATURES = st.builds(Signature, st.from_regex(r"R-[A-Z]{2,5}-[1-9][0-9]?", fullmatch=True),
                       st.sampled_from(Divergence), _CHECK, _OBSERVED)


@given(SIGNATURES)
def test_a_signature_reads_back_from_its_text(signature: Signature) -> None:
    assert Signature.parse(str(signature)) == signature


def test_a_signature_text_drops_what_it_does_not_have() -> None:
    assert str(Signature("R-LT-3", Divergence.POSTCONDITION, "KeyName")) == "R-LT-3 | post-condition | KeyName"
    assert str(Signature("R-NET-13", Divergence.CRASH, "", "HTTP 500")) == "R-NET-13 | target crash | - | HTTP 500"
    assert str(Signature("R-DRY-1", Divergence.LAUNCHED_UNDER_DRY_RUN)) == "R-DRY-1 | launched under DryRun"
    side_effect = Signature("R-IAM-1", Divergence.SIDE_EFFECT, "IamInstanceProfile.Name", "instance")
    assert str(side_effect) == "R-IAM-1 | side effect | IamInstanceProfile.Name | instance"
    assert Signature.parse(str(side_effect)) == side_effect
    assert Signature.parse("R-NET-13 | target crash | - | HTTP 500").check == ""


@pytest.mark.parametrize(("text", "why"), [
    ("R-TAG-6", "expected 'R-ID"),
    ("TAG-6 | wrong code", "expected 'R-ID"),
    ("R-TAG-6 | oops", "'oops' is not a divergence kind"),
    ("R-TAG-6 | wrong code | a | b | c", "expected 'R-ID"),
])
def test_a_text_that_is_no_signature_is_refused(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        Signature.parse(text)


def test_signatures_sort_by_rule_kind_check_and_observed() -> None:
    ordered = [Signature("R-A-1", Divergence.WRONG_CODE, "X", "B"), Signature("R-A-1", Divergence.CRASH),
               Signature("R-A-1", Divergence.WRONG_CODE, "X", "A"), Signature("R-A-1", Divergence.WRONG_CODE)]
    assert [str(s) for s in sorted(ordered)] == [
        "R-A-1 | target crash", "R-A-1 | wrong code", "R-A-1 | wrong code | X | A", "R-A-1 | wrong code | X | B"]
    assert Signature("R-A-1", Divergence.CRASH) < Signature("R-B-1", Divergence.ACCEPTED_INVALID)
    assert Signature("R-A-1", Divergence.CRASH).__lt__("R-A-1") is NotImplemented


def test_a_signature_to_json_names_every_part() -> None:
    assert Signature("R-NET-13", Divergence.CRASH, "SecurityGroupIds", "HTTP 500").to_json() == {
        "rule": "R-NET-13", "kind": "target crash", "check": "SecurityGroupIds", "observed": "HTTP 500"}


def test_list_indices_never_matter_to_a_member() -> None:
    assert member_pattern("BlockDeviceMappings[1].Ebs.Iops") == "BlockDeviceMappings[].Ebs.Iops"
    assert member_pattern("NetworkInterfaces[12].PrivateIpAddresses[0]") == "NetworkInterfaces[].PrivateIpAddresses[]"
    assert member_pattern("TagSpecifications[].Tags[]") == "TagSpecifications[].Tags[]"


def test_same_divergence_ignores_only_the_observed_code() -> None:
    crash = Signature("R-LT-2", Divergence.CRASH, "LaunchTemplate.Version", "ValueError")
    assert same_divergence(crash, Signature("R-LT-2", Divergence.CRASH, "LaunchTemplate.Version", "HTTP 500"))
    assert not same_divergence(crash, Signature("R-LT-2", Divergence.CRASH, "LaunchTemplate.LaunchTemplateId"))
    assert not same_divergence(crash, Signature("R-LT-2", Divergence.WRONG_CODE, "LaunchTemplate.Version"))
    assert not same_divergence(crash, Signature("R-LT-3", Divergence.CRASH, "LaunchTemplate.Version"))


def test_a_crash_outranks_a_divergence_which_outranks_conforming_and_undetermined() -> None:
    ranked = sorted(ExampleVerdict, key=lambda v: v.rank)
    assert ranked == [ExampleVerdict.UNDETERMINED, ExampleVerdict.CONFORMS, ExampleVerdict.DIVERGES,
                      ExampleVerdict.CRASH]
    assert [v for v in ExampleVerdict if v.diverges] == [ExampleVerdict.DIVERGES, ExampleVerdict.CRASH]


def test_each_example_verdict_is_a_rule_status_of_the_same_word() -> None:
    for verdict in ExampleVerdict:
        assert RuleStatus.of(verdict).value == verdict.value
    assert RuleStatus.of(ExampleVerdict.CRASH).is_divergence and RuleStatus.of(ExampleVerdict.CONFORMS).is_conforming
    assert not RuleStatus.UNDETERMINED.is_decided and not RuleStatus.NOT_EXERCISED.is_decided
    assert RuleStatus.FIXED.is_decided and RuleStatus.KNOWN_DIVERGENCE.is_decided


def test_a_rule_whose_every_divergence_is_listed_is_a_known_divergence() -> None:
    known, new, changed = BaselineStatus.KNOWN, BaselineStatus.NEW, BaselineStatus.CHANGED
    assert RuleStatus.DIVERGES.held_against([known, known]) is RuleStatus.KNOWN_DIVERGENCE
    assert RuleStatus.DIVERGES.held_against([known, new]) is RuleStatus.DIVERGES
    assert RuleStatus.DIVERGES.held_against([known, changed]) is RuleStatus.DIVERGES
    assert RuleStatus.DIVERGES.held_against([]) is RuleStatus.DIVERGES
    assert RuleStatus.CRASH.held_against([known]) is RuleStatus.CRASH  # a crash stays a crash


def test_a_rule_that_no_longer_shows_its_baseline_signatures_is_fixed() -> None:
    fixed = [BaselineStatus.FIXED]
    assert RuleStatus.CONFORMS.held_against(fixed) is RuleStatus.FIXED
    assert RuleStatus.UNDETERMINED.held_against(fixed) is RuleStatus.FIXED
    assert RuleStatus.DIVERGES.held_against([*fixed, BaselineStatus.NEW]) is RuleStatus.DIVERGES
    assert RuleStatus.CONFORMS.held_against([]) is RuleStatus.CONFORMS


def test_only_a_known_signature_lets_the_run_pass() -> None:
    assert [s for s in BaselineStatus if not s.fails] == [BaselineStatus.KNOWN]


def test_crash_kinds_and_default_severities() -> None:
    assert {d for d in Divergence if d.is_crash} == {Divergence.CRASH, Divergence.THROTTLED}
    assert Divergence.ACCEPTED_INVALID.severity is Severity.SEVERE
    assert Divergence.REFUSED_VALID.severity is Severity.MAJOR  # not listed: the default weight
    assert Divergence.SIDE_EFFECT.severity is Severity.SEVERE  # launched (and billed) what it refused
    assert sorted(Severity, key=lambda s: s.rank) == [Severity.SEVERE, Severity.MAJOR, Severity.MINOR]


def test_a_finding_has_a_signature_only_when_it_diverges_with_a_divergence_kind() -> None:
    wrong = Finding("R-MD-2", ExampleVerdict.DIVERGES, Divergence.WRONG_CODE, check="MetadataOptions", observed="X")
    assert wrong.signature == Signature("R-MD-2", Divergence.WRONG_CODE, "MetadataOptions", "X")
    assert wrong.kind_text == "wrong code"
    crash = Finding("R-MD-2", ExampleVerdict.CRASH, Divergence.CRASH, observed="HTTP 500")
    assert crash.signature == Signature("R-MD-2", Divergence.CRASH, "", "HTTP 500")
    masked = Finding("R-MD-2", ExampleVerdict.UNDETERMINED, Undetermined.MASKED)
    assert masked.signature is None and masked.weight is None and masked.kind_text == "masked by a refusal"
    conforms = Finding("R-MD-2", ExampleVerdict.CONFORMS)
    assert conforms.signature is None and conforms.kind_text == "" and not conforms.diverges


def test_a_findings_own_severity_outweighs_its_kinds() -> None:
    lowered = Finding("R-MD-2", ExampleVerdict.DIVERGES, Divergence.WRONG_CODE, severity=Severity.MINOR)
    assert lowered.weight is Severity.MINOR
    assert Finding("R-MD-2", ExampleVerdict.DIVERGES, Divergence.ACCEPTED_INVALID).weight is Severity.SEVERE
    assert Finding("R-MD-2", ExampleVerdict.CONFORMS, Divergence.WRONG_CODE, severity=Severity.MINOR).weight is None


def test_a_version_stamp_reads_as_one_phrase() -> None:
    assert stamp_text({"target": "moto 5.2.6", "botocore": "1.44.18"}) == "moto 5.2.6 (botocore 1.44.18)"
    assert stamp_text({"target": "moto 5.2.6"}) == "moto 5.2.6 (botocore unknown)"
    assert stamp_text({}) == "-"


def test_a_chance_is_counted_per_rule_and_per_member() -> None:
    assert chance_key("R-LT-3") == "R-LT-3|"
    assert chance_key("R-LT-3", "Placement.Tenancy") == "R-LT-3|Placement.Tenancy"
    assert chance_key("R-LT-3") != chance_key("R-LT-3", "KeyName")


def test_an_evidence_match_describes_itself_and_survives_json() -> None:
    recorded = EvidenceMatch("InvalidParameterValue", "2026-01-02", "https://example.org/x", "OBS-1")
    assert recorded.describe() == "InvalidParameterValue (OBS-1, 2026-01-02, https://example.org/x)"
    assert EvidenceMatch.from_json(recorded.to_json()) == recorded
    in_rule = EvidenceMatch.from_json({"code": "MissingParameter", "date": "2020", "source": "moto#2949"})
    assert in_rule.observation == "" and in_rule.describe() == "MissingParameter (2020, moto#2949)"
