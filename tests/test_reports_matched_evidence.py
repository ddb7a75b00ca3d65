"""Which observation a conforming answer matched: the verdict records it, results.json and the reports show it.

R-BDM-1 documents InvalidBlockDeviceMapping; MissingParameter is acceptable only because real EC2 answered it
(moto pull request 2949, tested against EC2, 2020). A target answering MissingParameter conforms on that
evidence, and every output says so; one answering the documented code matched no observation.
"""

from __future__ import annotations

import json

from conformance.example import ExampleResult, Expected, Observed
from conformance.findings import EvidenceMatch, ExampleVerdict, Expect
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
from strategies.world import example_world

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
