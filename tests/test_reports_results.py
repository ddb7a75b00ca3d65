"""Results: the builder's choices (worst status, smallest counterexample), JSON round trip, schema, merge."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from conformance.example import ExampleResult, Expected
from conformance.findings import Divergence, ExampleVerdict, Expect, Finding, RuleStatus, Signature
from conformance.outcome import Outcome, OutcomeKind
from reports.builder import ResultsBuilder
from reports.redact import Disclosure, Redactor
from reports.results import Counterexample, Results
from reports.schema import InvalidResults, results_schema, schema_errors, validate
from strategies.case import Before, Call, Case
from strategies.model import leaf_paths, top_level_members
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


def test_score_counts_conforming_over_decided_decidable_rules() -> None:
    score = support.build().score()
    # conforms: R-COUNT-2, R-COUNT-4, R-PROTO-3; diverges: R-COUNT-3, R-COUNT-10, R-TAG-6; crash: R-UD-2.
    assert (score.conforming, score.exercised, score.diverging, score.crashes) == (3, 7, 4, 1)
    assert (score.catalogued, score.decidable, score.undetermined) == (10, 9, 0)
    assert score.percent_text == "42.9%"


def test_coverage_lists_every_member_and_leaf() -> None:
    coverage = support.build().coverage
    assert list(coverage.members) == list(top_level_members())
    assert len(coverage.members) == 44
    assert list(coverage.leaves) == list(leaf_paths())
    assert coverage.members["MinCount"] == len(support.records())
    assert coverage.members["TagSpecifications"] == 1
    assert coverage.leaves["TagSpecifications[].Tags[].Key"] == 1
    assert coverage.members["BlockDeviceMappings"] == 0


def test_json_round_trip_is_lossless() -> None:
    results = support.build()
    text = json.dumps(results.to_json())
    again = Results.from_json(json.loads(text))
    assert again == results
    assert again.to_json() == results.to_json()


def test_a_built_document_is_valid() -> None:
    doc = json.loads(json.dumps(support.build().to_json()))
    assert schema_errors(doc) == []
    validate(doc)


def _broken(path: list[Any], value: Any) -> dict[str, Any]:
    doc: dict[str, Any] = copy.deepcopy(support.build().to_json())
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


_DELETE = object()


@pytest.mark.parametrize(("path", "value", "named"), [
    (["rules", 0, "status"], "sort of", "$.rules[0].status"),
    (["run", "target", "name"], _DELETE, "$.run.target.name: required field missing"),
    (["run", "examples"], -1, "$.run.examples"),
    (["coverage", "members", "MinCount"], "many", "$.coverage.members.MinCount"),
    (["schema_version"], 1, "$.schema_version"),
    (["summary", "score"], 1.5, "$.summary.score"),
    (["run", "hostname"], "build-42", "$.run.hostname: unexpected field"),
])
def test_a_broken_document_fails_naming_the_field(path: list[Any], value: Any, named: str) -> None:
    doc = _broken(path, value)
    with pytest.raises(InvalidResults) as raised:
        validate(doc)
    assert any(error.startswith(named) for error in raised.value.errors), raised.value.errors


def test_counterexample_errors_are_found_inside_any_of() -> None:
    doc = support.build().to_json()
    index = next(i for i, r in enumerate(doc["rules"]) if r["id"] == "R-COUNT-3")
    doc["rules"][index]["counterexample"]["observed"]["kind"] = "exploded"
    assert any(e.startswith(f"$.rules[{index}].counterexample.observed.kind") for e in schema_errors(doc))


def test_duplicate_rule_ids_are_invalid() -> None:
    doc = support.build().to_json()
    doc["rules"].append(copy.deepcopy(doc["rules"][0]))
    assert any("duplicate rule id" in e for e in schema_errors(doc))


def test_the_schema_is_a_valid_json_schema_that_agrees_with_the_validator() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(results_schema())
    jsonschema.Draft202012Validator.check_schema(results_schema())
    assert list(validator.iter_errors(support.build().to_json())) == []
    assert list(validator.iter_errors(_broken(["rules", 0, "status"], "sort of")))


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


def test_a_stateful_examples_earlier_calls_are_recorded_valid_and_read_back() -> None:
    """`before` survives the results document (schema 4), with UserData hidden as in the request."""
    first = {"ImageId": "ami-12345678", "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1,
             "ClientToken": "conformance-1", "UserData": "secret-script"}
    case = Case(first, before=(Before(Call.RUN, first), Before(Call.TERMINATE, {"of": 0})))
    record = ExampleResult.of(case, Outcome(OutcomeKind.SUCCESS), findings=[
        Finding("R-COUNT-3", ExampleVerdict.DIVERGES, Divergence.ACCEPTED_INVALID)], expected=Expected(Expect.ERROR),
        disclosure=Disclosure(False, Redactor(())))
    doc = json.loads(json.dumps(Counterexample.of(record).to_json()))
    assert [b["call"] for b in doc["before"]] == ["RunInstances", "TerminateInstances"]
    assert "secret-script" not in json.dumps(doc) and doc["before"][0]["params"]["UserData"]["size"] == 13
    full = support.build().to_json()
    full["rules"][0]["counterexample"] = doc
    assert schema_errors(json.loads(json.dumps(full))) == []
    again = Counterexample.from_json(doc)
    assert again.before[1] == Before(Call.TERMINATE, {"of": 0}) and again.to_json() == doc
    doc["before"][1]["call"] = "RebootInstances"
    assert schema_errors(full) != []
