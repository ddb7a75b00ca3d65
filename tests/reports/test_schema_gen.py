"""reports.schema_gen: the committed schema and SCHEMA.md's tables are what the dataclasses generate, and the
generated schema accepts exactly what `Results.to_json()` writes."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
import subprocess
import sys
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

import pytest

import reports.results
from conformance.findings import BaselineStatus, Divergence, RuleStatus, Signature
from reports import schema_gen
from reports.schema import results_schema, schema_errors
from tests.support import REPO
from tests.support import reports as support

SCHEMA = REPO / "reports" / "results.schema.json"
MARKDOWN = REPO / "reports" / "SCHEMA.md"


def _document() -> dict[str, Any]:
    """A document as the suite writes it: a baseline known, one fixed, a stateful counterexample, read-backs."""
    fixed = Signature("R-COUNT-2", Divergence.WRONG_CODE)
    results = support.build(statuses=support.known("R-COUNT-3", fixed=(fixed,)))
    doc: dict[str, Any] = json.loads(json.dumps(results.to_json()))
    return doc


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    schema, markdown = tmp_path / "results.schema.json", tmp_path / "SCHEMA.md"
    shutil.copy(SCHEMA, schema)
    shutil.copy(MARKDOWN, markdown)
    return schema, markdown


def test_the_committed_schema_is_the_generated_one() -> None:
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == schema_gen.results_schema(), (
        "reports/results.schema.json is stale: run python -m reports.schema_gen --write")
    assert SCHEMA.read_text(encoding="utf-8") == schema_gen.schema_text()
    assert results_schema() == schema_gen.results_schema()  # what the validator reads (package data)


def test_the_committed_schema_md_tables_are_the_generated_ones() -> None:
    text = MARKDOWN.read_text(encoding="utf-8")
    stale = "reports/SCHEMA.md is stale: run python -m reports.schema_gen --write"
    assert text == schema_gen.markdown_text(text), stale
    for name in schema_gen.TABLES:
        assert f"<!-- generated: {name} -->\n{schema_gen.table(name)}<!-- end generated -->" in text


def test_nothing_is_stale() -> None:
    assert schema_gen.stale() == []
    assert schema_gen.main(["--check"]) == 0


def test_a_written_document_validates() -> None:
    doc = _document()
    assert any(r["counterexample"] for r in doc["rules"]) and doc["signatures"]
    assert schema_errors(doc, schema_gen.results_schema()) == []
    assert schema_errors(doc) == []


def test_the_generated_schema_is_a_valid_json_schema_that_accepts_it() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = schema_gen.results_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(_document())) == []


def _closed_objects(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    """Where a closed object of the schema lists keys the document's object does not have (or the reverse)."""
    while "$ref" in schema or "anyOf" in schema:
        if "$ref" in schema:
            schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        else:
            schema = next(o for o in schema["anyOf"] if o != {"type": "null"})
    found: list[str] = []
    if isinstance(value, dict) and schema.get("additionalProperties") is False:
        if set(value) != set(schema["properties"]):
            found.append(f"{path}: written {sorted(value)}, schema {sorted(schema['properties'])}")
        for key, item in value.items():
            if key in schema["properties"]:
                found += _closed_objects(item, schema["properties"][key], root, f"{path}.{key}")
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += _closed_objects(item, schema["items"], root, f"{path}[{index}]")
    return found


def test_the_schema_lists_exactly_the_keys_to_json_writes() -> None:
    """No key the schema names that to_json() never writes (nor the reverse): the schema is not a wish list."""
    doc = _document()
    rule = next(r for r in doc["rules"] if r["counterexample"] and r["counterexample"]["mutation"])
    assert rule["counterexample"]["wire_edits"] or any(
        r["counterexample"] and r["counterexample"]["wire_edits"] for r in doc["rules"])
    schema = schema_gen.results_schema()
    assert _closed_objects(doc, schema, schema, "$") == []


def test_older_documents_without_the_optional_fields_still_validate() -> None:
    doc = _document()
    for rule in doc["rules"]:
        if rule["counterexample"] is not None:
            del rule["counterexample"]["before"]  # schema 3
    del doc["coverage"]["read_back"]
    assert schema_errors(doc) == []


def test_the_validator_keeps_its_error_messages() -> None:
    doc = _document()
    doc["rules"][0]["status"] = "sort of"
    doc["signatures"][0]["status"] = "maybe"
    del doc["run"]["target"]["name"]
    statuses = [s.value for s in RuleStatus]
    assert schema_errors(doc) == [
        "$.run.target.name: required field missing",
        f"$.rules[0].status: 'sort of' is not one of {statuses}",
        f"$.signatures[0].status: 'maybe' is not one of {[s.value for s in BaselineStatus]}",
    ]


def test_a_new_rule_status_or_baseline_status_changes_the_generated_schema(monkeypatch: pytest.MonkeyPatch,
                                                                           tmp_path: Path) -> None:
    rule_statuses = [*((s.name, s.value) for s in RuleStatus), ("FLAKY", "flaky")]
    baseline_statuses = [*((s.name, s.value) for s in BaselineStatus), ("DRIFTED", "drifted")]
    rule_status = Enum("RuleStatus", rule_statuses)  # type: ignore[misc]
    baseline_status = StrEnum("BaselineStatus", baseline_statuses)  # type: ignore[misc]
    monkeypatch.setattr(reports.results, "RuleStatus", rule_status)
    monkeypatch.setattr(reports.results, "BaselineStatus", baseline_status)
    schema = schema_gen.results_schema()
    assert schema["$defs"]["rule"]["properties"]["status"]["enum"][-1] == "flaky"
    assert schema["$defs"]["signature"]["properties"]["status"]["enum"][-1] == "drifted"
    assert "`drifted`" in schema_gen.table("signatures") and "`flaky`" in schema_gen.table("rules")
    assert schema_gen.stale() == [schema_gen.SCHEMA_PATH, schema_gen.MARKDOWN_PATH]
    schema_file, markdown = _copies(tmp_path)
    assert schema_gen.main(["--check", "--schema", str(schema_file), "--markdown", str(markdown)]) == 1


def test_a_field_without_a_meaning_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclasses.dataclass(frozen=True)
    class Undocumented:
        size: int = 0

    monkeypatch.setitem(schema_gen.TABLES, "undocumented", Undocumented)
    with pytest.raises(ValueError, match=r"Undocumented\.size says nothing of its meaning"):
        schema_gen.table("undocumented")


def test_check_exits_1_on_a_stale_copy_and_write_brings_it_up_to_date(tmp_path: Path) -> None:
    schema_file, markdown = _copies(tmp_path)
    paths = ["--schema", str(schema_file), "--markdown", str(markdown)]
    assert schema_gen.main(["--check", *paths]) == 0
    stale_schema = json.loads(schema_file.read_text(encoding="utf-8"))
    stale_schema["$defs"]["rule"]["properties"]["status"]["enum"].pop()
    schema_file.write_text(json.dumps(stale_schema, indent=2), encoding="utf-8")
    markdown.write_text(markdown.read_text(encoding="utf-8").replace("examples that involved the rule", "old text"),
                        encoding="utf-8")
    assert schema_gen.stale(schema_file, markdown) == [schema_file, markdown]
    assert schema_gen.main(["--check", *paths]) == 1
    run = subprocess.run([sys.executable, "-m", "reports.schema_gen", "--check", *paths], cwd=REPO,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1 and f"stale: {schema_file}" in run.stderr
    assert schema_gen.main(["--write", *paths]) == 0
    assert schema_file.read_text(encoding="utf-8") == SCHEMA.read_text(encoding="utf-8")
    assert markdown.read_text(encoding="utf-8") == MARKDOWN.read_text(encoding="utf-8")
    assert schema_gen.main(["--check", *paths]) == 0


def test_schema_md_without_a_table_marker_fails_the_check(tmp_path: Path) -> None:
    schema_file, markdown = _copies(tmp_path)
    text = markdown.read_text(encoding="utf-8").replace("<!-- generated: coverage -->\n", "")
    markdown.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="missing \\['coverage'\\]"):
        schema_gen.markdown_text(text)
    assert schema_gen.main(["--check", "--schema", str(schema_file), "--markdown", str(markdown)]) == 1


def test_prose_outside_the_markers_is_kept(tmp_path: Path) -> None:
    text = MARKDOWN.read_text(encoding="utf-8")
    stale = text.replace("| `examples` | integer | examples that involved the rule |", "| `old` | | |")
    regenerated = schema_gen.markdown_text("Intro prose.\n" + stale + "\nClosing prose.\n")
    assert regenerated == "Intro prose.\n" + text + "\nClosing prose.\n"


def test_json_round_trip_still_holds_with_documented_fields() -> None:
    results = support.build()
    again = reports.results.Results.from_json(copy.deepcopy(results.to_json()))
    assert again == results and again.to_json() == results.to_json()
