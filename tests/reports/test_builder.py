"""reports.builder: the builder's choices (worst status, smallest counterexample), coverage, worker states merged,
the baseline's statuses; and which observation a conforming answer matched, carried from the verdict to
results.json and the reports.

R-BDM-1 documents InvalidBlockDeviceMapping; MissingParameter is acceptable only because real EC2 answered it
(moto pull request 2949, tested against EC2, 2020). A target answering MissingParameter conforms on that
evidence, and every output says so; one answering the documented code matched no observation.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from conformance.example import ExampleResult, Expected, Observed
from conformance.findings import Divergence, EvidenceMatch, ExampleVerdict, Expect, RuleStatus, Signature
from conformance.oracle import expect
from conformance.outcome import Outcome, OutcomeKind
from conformance.rules import RULES
from conformance.verdict import judge
from reports.builder import ResultsBuilder
from reports.html import render_html
from reports.markdown import render_markdown
from reports.results import Results, RunMeta
from reports.schema import validate
from strategies.case import Case
from strategies.model import leaf_paths, top_level_members
from strategies.world import example_world
from tests.support import reports as support


def test_every_registered_rule_is_listed_and_unexercised_ones_say_so() -> None:
    results = support.build()
    assert {r.id for r in results.rules} == set(support.RULES)
    assert results.rule("R-NEVER-1").status is RuleStatus.NOT_EXERCISED
    assert results.rule("R-NEVER-1").examples == 0


def test_builder_defaults_to_the_real_rule_registry() -> None:
    from conformance.rules import RULES

    results = ResultsBuilder(support.META).build()
    assert [r.id for r in results.rules] == list(RULES)
    assert all(r.status is RuleStatus.NOT_EXERCISED for r in results.rules)
    for result in results.rules:
        rule = RULES[result.id]
        assert result.citations == tuple((c.source, c.quote) for c in rule.citations)
        assert result.family == rule.family


def test_status_is_the_most_severe_verdict() -> None:
    results = support.build()
    assert results.rule("R-UD-2").status is RuleStatus.CRASH  # one conforms, one crash
    assert results.rule("R-UD-2").verdicts == {ExampleVerdict.CONFORMS: 1, ExampleVerdict.CRASH: 1}
    assert results.rule("R-COUNT-4").status is RuleStatus.CONFORMS
    assert results.rule("R-COUNT-3").status is RuleStatus.DIVERGES
    assert results.rule("R-ENV-1").status is RuleStatus.UNDETERMINED


def test_conforms_beats_undetermined() -> None:
    records = [
        ExampleResult.uniform(["R-COUNT-2"], ExampleVerdict.UNDETERMINED, params=support.BASE, expected=support.ERROR,
                              observed=support.LAUNCHED),
        ExampleResult.uniform(["R-COUNT-2"], ExampleVerdict.CONFORMS, params=support.BASE, expected=support.ERROR,
                              observed=support.LAUNCHED),
    ]
    assert support.build(records).rule("R-COUNT-2").status is RuleStatus.CONFORMS


def test_the_smallest_counterexample_is_kept() -> None:
    example = support.build().rule("R-COUNT-3").counterexample
    assert example is not None
    assert example.node_id == "t::small"
    assert "KeyName" not in example.params
    assert example.mutation == {"rule_id": "R-COUNT-3", "path": "MinCount", "name": "min_above_max"}


def test_conforming_rules_keep_no_counterexample() -> None:
    assert support.build().rule("R-COUNT-2").counterexample is None


def test_wire_edits_and_findings_are_recorded() -> None:
    example = support.build().rule("R-COUNT-10").counterexample
    assert example is not None
    assert example.wire_edits == (("MaxCount", "one"), ("MinCount", None))
    assert example.finding == "wrong code"
    assert set(example.expected.codes) == {"InvalidParameterValue", "InvalidParameter"}
    assert example.observed.code == "InternalFailure"


def test_coverage_lists_every_member_and_leaf() -> None:
    coverage = support.build().coverage
    assert list(coverage.members) == list(top_level_members())
    assert len(coverage.members) == 44
    assert list(coverage.leaves) == list(leaf_paths())
    assert coverage.members["MinCount"] == len(support.records())
    assert coverage.members["TagSpecifications"] == 1
    assert coverage.leaves["TagSpecifications[].Tags[].Key"] == 1
    assert coverage.members["BlockDeviceMappings"] == 0


def _state_round_trip(builder: ResultsBuilder) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(json.dumps(builder.state()))
    return state


def test_merging_workers_equals_one_builder_fed_everything() -> None:
    records = support.records()
    whole = support.build(records)
    controller = ResultsBuilder(support.META, rules=support.RULES)
    workers = [ResultsBuilder(support.META, rules=support.RULES) for _ in range(2)]
    for index, record in enumerate(reversed(records)):  # another order, split across two workers
        workers[index % 2].record(record)
    for worker in workers:
        controller.merge(_state_round_trip(worker))
    assert controller.build() == whole
    assert controller.example_time_s == pytest.approx(0.25)


def test_worker_state_carries_examples_only_for_verdicts_a_report_shows() -> None:
    builder = ResultsBuilder(support.META, rules=support.RULES)
    for record in support.records():
        builder.record(record)
    rules = builder.state()["rules"]
    assert rules["R-COUNT-2"]["verdicts"].get("conforms", 0) >= 1
    assert "conforms" not in rules["R-COUNT-2"]["smallest"]
    assert set(rules["R-COUNT-3"]["smallest"]) == set(rules["R-COUNT-3"]["verdicts"]) - {"conforms"}


def test_merge_refuses_an_unknown_state_version() -> None:
    builder = ResultsBuilder(support.META, rules=support.RULES)
    with pytest.raises(ValueError, match="state version"):
        builder.merge({"state_version": 99})


def test_baseline_marks_known_divergences_and_fixes() -> None:
    fixed = Signature("R-COUNT-2", Divergence.WRONG_CODE)
    results = support.build(statuses=support.known("R-COUNT-3", "R-UD-2", fixed=(fixed,)))
    assert results.rule("R-COUNT-3").status is RuleStatus.KNOWN_DIVERGENCE
    assert results.rule("R-UD-2").status is RuleStatus.CRASH  # a known crash is still a crash
    assert results.rule("R-COUNT-2").status is RuleStatus.FIXED
    assert results.rule("R-TAG-6").status is RuleStatus.DIVERGES
    score = results.score()
    assert (score.conforming, score.crashes, score.diverging) == (3, 1, 4)
    assert (score.known_signatures, score.fixed_signatures) == (2, 1)
    validate(results.to_json())


# which observation a conforming answer matched ------------------------------------------------------------

WORLD = example_world()
PR_2949 = EvidenceMatch("MissingParameter", "2020", "https://github.com/getmoto/moto/pull/2949")
SIZELESS = Case({
    "ImageId": WORLD.images[0].image_id, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1,
    "SubnetId": WORLD.subnets[0].subnet_id,
    "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeType": "gp3"}}],
})


def _answer(code: str) -> Outcome:
    return Outcome(OutcomeKind.ERROR, status=400, code=code, message="Either snapshot ID or volume size must be "
                   "provided for: /dev/sdf")


def _bdm_finding(code: str) -> tuple[EvidenceMatch, ...]:
    expectation = expect(SIZELESS, WORLD)
    assert expectation.rule_ids == ("R-BDM-1",)
    verdict = judge(SIZELESS, WORLD, expectation, _answer(code))
    (finding,) = verdict.findings[:1]
    assert finding.rule_id == "R-BDM-1" and finding.status is ExampleVerdict.CONFORMS
    return finding.matched


def test_the_verdict_names_the_observation_an_undocumented_code_matched() -> None:
    assert _bdm_finding("MissingParameter") == (PR_2949,)
    assert _bdm_finding("InvalidBlockDeviceMapping") == ()  # documented: no observation needed


def _record(code: str) -> ExampleResult:
    expectation = expect(SIZELESS, WORLD)
    findings = judge(SIZELESS, WORLD, expectation, _answer(code)).findings
    return ExampleResult(findings=findings, params=dict(SIZELESS.params),
                         expected=Expected(Expect.ERROR, tuple(expectation.codes), (400,)),
                         observed=Observed(OutcomeKind.ERROR, code, "", 400), node_id="t::bdm")


def _builder(*codes: str) -> ResultsBuilder:
    builder = ResultsBuilder(RunMeta(target_name="moto"), rules=RULES)
    for code in codes:
        builder.record(_record(code))
    return builder


def test_results_json_carries_the_matched_evidence_and_reads_back() -> None:
    results = _builder("MissingParameter", "MissingParameter", "InvalidBlockDeviceMapping").build()
    doc = json.loads(json.dumps(results.to_json()))
    validate(doc)
    (rule,) = [r for r in doc["rules"] if r["id"] == "R-BDM-1"]
    assert rule["matched_evidence"] == [{**PR_2949.to_json(), "examples": 2}]
    assert all(r["matched_evidence"] == [] for r in doc["rules"] if r["id"] != "R-BDM-1")
    assert Results.from_json(doc).rule("R-BDM-1").matched_evidence == ((PR_2949, 2),)


def test_worker_states_merge_their_matches() -> None:
    merged = _builder()
    for worker in (_builder("MissingParameter"), _builder("MissingParameter", "MissingParameter")):
        merged.merge(json.loads(json.dumps(worker.state())))
    assert merged.build().rule("R-BDM-1").matched_evidence == ((PR_2949, 3),)


def test_markdown_and_html_show_which_observation_was_matched() -> None:
    results = _builder("MissingParameter").build()
    markdown, html = render_markdown(results), render_html(results)
    row = next(line for line in markdown.splitlines() if line.startswith("| R-BDM-1 | `MissingParameter`"))
    assert "2020" in row and PR_2949.source in row and row.endswith("| 1 |")
    assert 'id="observed-codes"' in html and PR_2949.source in html
    documented = _builder("InvalidBlockDeviceMapping").build()
    assert "accepted on an observation" not in render_markdown(documented)


def _post_condition(alone: bool | None) -> ExampleResult:
    finding = dataclasses.replace(
        support.records()[0].findings[0], rule_id="R-LT-3", status=ExampleVerdict.DIVERGES,
        kind=Divergence.POSTCONDITION, check="InstanceType", alone=alone)
    return dataclasses.replace(support.records()[0], findings=(finding,))


@pytest.mark.parametrize(("seen", "shown"), [((None,), None), ((False, False), False), ((False, True), True)])
def test_a_signature_is_shown_alone_once_any_replay_showed_it_across_workers(
        seen: tuple[bool | None, ...], shown: bool | None) -> None:
    controller = ResultsBuilder(support.META, rules=support.RULES)
    for alone in seen:
        worker = ResultsBuilder(support.META, rules=support.RULES)
        worker.record(_post_condition(alone))
        controller.merge(_state_round_trip(worker))
    signature = Signature("R-LT-3", Divergence.POSTCONDITION, "InstanceType")
    [result] = [s for s in controller.build().signatures if s.signature == signature]
    assert result.shown_alone is shown
    round_trip = Results.from_json(json.loads(json.dumps(controller.build().to_json())))
    assert [s.shown_alone for s in round_trip.signatures if s.signature == signature] == [shown]
    report = render_markdown(controller.build())
    assert ("NOT SHOWN ALONE (1)" in report) is (shown is False)


def test_a_member_is_read_back_only_at_a_set_value() -> None:
    """A launch that carried Monitoring.Enabled at its default (false) proves nothing about the member: only the
    launch that set it to true counts as read back."""
    valid = support.records()[1]
    assert valid.launched
    builder = ResultsBuilder(support.META, rules=support.RULES)
    for enabled in (False, False, True):
        builder.record(dataclasses.replace(valid, params={**valid.params, "Monitoring": {"Enabled": enabled}}))
    coverage = builder.build().coverage
    assert coverage.leaves["Monitoring.Enabled"] == 3
    assert coverage.read_back["Monitoring.Enabled"] == 1
