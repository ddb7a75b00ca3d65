"""reports.schema: a built results document is valid; a broken one fails naming the field; the JSON Schema agrees
with the validator."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from reports.schema import InvalidResults, results_schema, schema_errors, validate
from tests.support import reports as support


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

