"""conformance.baseline: the ratchet (a signature is fixed only after enough chances in the tests that showed it;
one whose only change is its code or crash class is CHANGED, never fixed), and the versions a baseline names."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from conformance.baseline import (
    Baseline,
    BaselineError,
    from_findings,
    load,
    packaged,
    parse,
    recorded_with,
    version_drift,
)
from conformance.findings import BaselineStatus, Divergence, Signature

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


@pytest.mark.parametrize("target", ["moto", "moto-server", "ministack", "localstack"])
def test_no_committed_baseline_lists_a_post_condition_only_earlier_examples_showed(target: str) -> None:
    """The false-alarm check of every target with a baseline (#25): each post-condition divergence it lists was
    recorded with a replay of its request alone (conformance.alone), and that replay showed it again."""
    baseline = packaged(target)
    post_conditions = [s for s in baseline.signatures() if s.kind is Divergence.POSTCONDITION]
    assert post_conditions, target
    assert {s: baseline.alone.get(s) for s in post_conditions} == dict.fromkeys(post_conditions, True)


def test_whether_a_signature_showed_alone_survives_a_round_trip_and_must_be_a_boolean(tmp_path: Path) -> None:
    post = Signature("R-LT-3", Divergence.POSTCONDITION, "InstanceType")
    baseline = from_findings("moto", [(OLD, "x"), (post, "y")], alone={OLD: None, post: False})
    baseline.write(tmp_path / "b.json")
    assert load(tmp_path / "b.json").alone == {post: False}
    with pytest.raises(BaselineError, match=r"signatures\[0\].shown_alone must be true or false"):
        parse({"format": 2, "target": "moto", "signatures": [{"signature": str(post), "shown_alone": "yes"}]}, "b")


def test_the_moto_baselines_were_recorded_with_the_locked_versions() -> None:
    """The lock's moto and botocore are what the committed moto baselines say (an upgrade re-records them)."""
    for target in ("moto", "moto-server"):
        stamp = packaged(target).recorded_with
        assert stamp["botocore"] == metadata.version("botocore"), target
        assert stamp["target"].endswith(metadata.version("moto")), (target, stamp)


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


def test_a_run_of_other_tests_never_fixes_a_signature() -> None:
    signature = Signature("R-TAG-6", Divergence.ACCEPTED_INVALID, "TagSpecifications[].Tags[].Key")
    showed = ("test_requests.py::test_mutation_is_refused[tag]",)
    baseline = from_findings("fake", [(signature, "x")], {signature: showed})
    chances = {"R-TAG-6|": 9, "R-TAG-6|TagSpecifications[].Tags[].Key": 9}
    assert baseline.ratchet([], chances, tests_run=frozenset({"test_requests.py::test_valid"})).fixed == ()
    ran = frozenset({"test_requests.py::test_valid", "test_requests.py::test_mutation_is_refused[tag]"})
    assert baseline.ratchet([], chances, tests_run=ran).fixed == (signature,)


def test_a_signature_without_its_chances_is_not_changed_into_a_sibling() -> None:
    """A run of a few tests (LocalStack's `-k` held step) saw `R-BDM-10 ... MissingParameter`, listed, while
    the listed `... NoSuchEntity` of the same rule had no chance: that is two known divergences, not a change."""
    showed = ("test_requests.py::test_member_is_read_back[KmsKeyId]",)
    baseline = from_findings("fake", [(OLD, "x"), (NOW, "y")], {OLD: showed})
    ran = frozenset({"test_requests.py::test_wire_level_mistake_is_refused[min-count-negative]"})
    assert not baseline.ratchet([NOW], ENOUGH, tests_run=ran).fails
    assert baseline.ratchet([NOW], ENOUGH, tests_run=ran | set(showed)).changed == ((OLD, NOW),)
