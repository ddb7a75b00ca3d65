"""Check a results document against reports/results.schema.json, with no third-party package.

The schema is generated from the dataclasses (reports.schema_gen); this module only reads it.

The validator covers exactly the JSON Schema subset the schema uses (type, const, enum, required,
properties, additionalProperties, items, minimum, maximum, minLength, anyOf, local $ref) and, like
botocore's validator, collects every error with its path (`rules[3].status`) instead of stopping at the first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from conformance.findings import RuleStatus

SCHEMA_FILE = "results.schema.json"

_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_KNOWN_KEYWORDS = frozenset({
    "$schema", "$id", "$defs", "title", "description", "type", "const", "enum", "required", "properties",
    "additionalProperties", "items", "minimum", "maximum", "minLength", "anyOf", "$ref",
})


class InvalidResults(ValueError):
    """A results document does not match the schema; `errors` lists every problem with its path."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"invalid results document: {errors[0]}{more}")


@cache
def results_schema() -> dict[str, Any]:
    """The JSON Schema of a results document (package data)."""
    text = resources.files("reports").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_errors(doc: Any, schema: Mapping[str, Any] | None = None) -> list[str]:
    """Every way `doc` breaks the schema, as `path: problem` lines (empty when valid)."""
    root = results_schema() if schema is None else schema
    errors: list[str] = []
    _check(doc, root, root, "$", errors)
    if not errors and isinstance(doc, dict):
        errors.extend(_semantic_errors(doc))
    return errors


def validate(doc: Any) -> None:
    """Raise InvalidResults naming each field that breaks the schema."""
    errors = schema_errors(doc)
    if errors:
        raise InvalidResults(errors)


def _check(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any], path: str,
           errors: list[str]) -> None:
    unknown = set(schema) - _KNOWN_KEYWORDS
    assert not unknown, f"schema keyword(s) not supported by the validator: {sorted(unknown)}"
    if "$ref" in schema:
        _check(value, _resolve(root, schema["$ref"]), root, path, errors)
        return
    if "anyOf" in schema:
        if not any(not _errors_of(value, option, root, path) for option in schema["anyOf"]):
            branch_errors = [e for option in schema["anyOf"] for e in _errors_of(value, option, root, path)]
            errors.append(branch_errors[-1] if branch_errors else f"{path}: matches none of anyOf")
        return
    if not _check_scalar(value, schema, path, errors):
        return
    if isinstance(value, dict):
        _check_object(value, schema, root, path, errors)
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _check(item, schema["items"], root, f"{path}[{index}]", errors)


def _errors_of(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any], path: str) -> list[str]:
    found: list[str] = []
    _check(value, schema, root, path, found)
    return found


def _check_scalar(value: Any, schema: Mapping[str, Any], path: str, errors: list[str]) -> bool:
    """Type, const, enum and bounds; False when the type is wrong (nothing more to check)."""
    if "type" in schema:
        allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[name](value) for name in allowed):
            errors.append(f"{path}: expected {' or '.join(allowed)}, got {_describe(value)}")
            return False
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: must be {schema['const']!r}, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} is not one of {schema['enum']}")
    if _TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} is below the minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} is above the maximum {schema['maximum']}")
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        errors.append(f"{path}: must not be empty" if not value else f"{path}: too short")
    return True


def _check_object(value: dict[str, Any], schema: Mapping[str, Any], root: Mapping[str, Any], path: str,
                  errors: list[str]) -> None:
    properties = schema.get("properties", {})
    for name in schema.get("required", ()):
        if name not in value:
            errors.append(f"{_join(path, name)}: required field missing")
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            _check(item, properties[name], root, _join(path, name), errors)
        elif extra is False:
            errors.append(f"{_join(path, name)}: unexpected field")
        elif isinstance(extra, Mapping):
            _check(item, extra, root, _join(path, name), errors)


def _semantic_errors(doc: Mapping[str, Any]) -> list[str]:
    """What the schema cannot say: rule ids are unique; a rule not exercised has no examples."""
    errors: list[str] = []
    seen: set[str] = set()
    for index, rule in enumerate(doc["rules"]):
        if rule["id"] in seen:
            errors.append(f"$.rules[{index}].id: duplicate rule id {rule['id']!r}")
        seen.add(rule["id"])
        if rule["status"] == RuleStatus.NOT_EXERCISED.value and rule["examples"]:
            errors.append(f"$.rules[{index}].examples: a rule not exercised has no examples")
    return errors


def _resolve(root: Mapping[str, Any], ref: str) -> Mapping[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref are supported, not {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    assert isinstance(node, Mapping)
    return node


def _join(path: str, name: str) -> str:
    return f"{path}.{name}"


def _describe(value: Any) -> str:
    for name, matches in _TYPES.items():
        if matches(value):
            return name
    return type(value).__name__
