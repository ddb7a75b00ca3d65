"""reports.results: the score the outputs all say, the JSON round trip, a counterexample's earlier calls, and the
run's label."""

from __future__ import annotations

import dataclasses
import json

from conformance.example import ExampleResult, Expected
from conformance.findings import Divergence, ExampleVerdict, Expect, Finding
from conformance.outcome import Outcome, OutcomeKind
from reports.redact import Disclosure, Redactor
from reports.results import Counterexample, Results
from reports.schema import schema_errors
from strategies.case import Before, Call, Case
from tests.support import reports as support


def test_score_counts_conforming_over_decided_decidable_rules() -> None:
    score = support.build().score()
    # conforms: R-COUNT-2, R-COUNT-4, R-PROTO-3; diverges: R-COUNT-3, R-COUNT-10, R-TAG-6; crash: R-UD-2.
    assert (score.conforming, score.exercised, score.diverging, score.crashes) == (3, 7, 4, 1)
    assert (score.catalogued, score.decidable, score.undetermined) == (10, 9, 0)
    assert score.percent_text == "42.9%"


def test_json_round_trip_is_lossless() -> None:
    results = support.build()
    text = json.dumps(results.to_json())
    again = Results.from_json(json.loads(text))
    assert again == results
    assert again.to_json() == results.to_json()

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


def test_a_version_that_names_its_server_is_not_prefixed_twice() -> None:
    run = support.build()
    named = dataclasses.replace(run.meta, target_name="ministack", target_version="ministack 1.5.33")
    endpoint = dataclasses.replace(run.meta, target_name="endpoint", target_version="localstack 4.14.0")
    assert (named.label, endpoint.label, run.meta.label) == ("ministack 1.5.33", "endpoint localstack 4.14.0",
                                                             "moto 5.2.5")

