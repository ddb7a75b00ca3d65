"""results.schema.json and SCHEMA.md's field tables, generated from the dataclasses that write the document.

The results document is described once: on the fields of `reports.results` (and of `Expected`, `Observed`,
`Signature` and `EvidenceMatch` in the vocabulary), each with its meaning and, where `to_json()` writes it in
another shape than its Python type says, how (`reports.fields.doc`); keys `to_json()` computes are listed as the
class's `JSON_DERIVED`. Enum-typed fields become `enum` lists, so a new RuleStatus or BaselineStatus value
updates the schema by itself.

    python -m reports.schema_gen --write   # rewrite reports/results.schema.json and SCHEMA.md's tables
    python -m reports.schema_gen --check   # exit 1 when either is stale

SCHEMA.md keeps its prose; only the text between `<!-- generated: NAME -->` and `<!-- end generated -->` is
generated (NAME is one of TABLES).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import types
import typing
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from conformance.example import Expected, Observed
from reports.fields import Derived
from reports.results import Counterexample, Coverage, Results, RuleResult, RunMeta, SignatureResult
from reports.score import Score
from strategies.case import Before

SCHEMA_PATH = Path(__file__).with_name("results.schema.json")
MARKDOWN_PATH = Path(__file__).with_name("SCHEMA.md")

# a dataclass written as a JSON object -> its name under $defs (Results is the document itself)
DEFS: dict[type, str] = {
    RunMeta: "run", Score: "summary", RuleResult: "rule", Counterexample: "counterexample", Before: "before",
    Expected: "expected", Observed: "observed", Coverage: "coverage", SignatureResult: "signature",
}
# SCHEMA.md's tables: marker name -> the dataclass whose fields it lists
TABLES: dict[str, type] = {
    "results": Results, "run": RunMeta, "summary": Score, "signatures": SignatureResult, "rules": RuleResult,
    "counterexample": Counterexample, "expected": Expected, "observed": Observed, "coverage": Coverage,
}
_COMMON: dict[str, dict[str, Any]] = {
    "count": {"type": "integer", "minimum": 0},
    "counts": {"type": "object", "additionalProperties": {"$ref": "#/$defs/count"}},
    "optional_string": {"type": ["string", "null"]},
    "optional_status": {"type": ["integer", "null"], "minimum": 100, "maximum": 599},
}
_HTTP_STATUS = {"type": "integer", "minimum": 100, "maximum": 599}
_MARKER = re.compile(r"(<!-- generated: (\w+) -->\n)(.*?)(<!-- end generated -->)", re.DOTALL)


@dataclasses.dataclass(frozen=True)
class Prop:
    """One key of a JSON object (dotted: inside a nested object), its schema, meaning and whether it is required."""

    key: str
    schema: dict[str, Any]
    meaning: str
    required: bool = True


class Generator:
    """Walks the dataclasses from Results down, collecting the objects it meets under $defs."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = dict(_COMMON)

    def schema(self) -> dict[str, Any]:
        root = _object(self.props(Results))
        return {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "https://example.invalid/ec2-conformance/results.schema.json",
                "title": "ec2-conformance results of one run", **root, "$defs": self.defs}

    def props(self, cls: type) -> list[Prop]:
        """The keys `cls.to_json()` writes: its fields in order, then (or where they say) its derived keys."""
        hints = typing.get_type_hints(cls)
        found: list[Prop] = []
        for item in dataclasses.fields(cls):
            meta = item.metadata
            if "doc" not in meta and cls in TABLES.values():
                raise ValueError(f"{cls.__name__}.{item.name} says nothing of its meaning in results.json: "
                                 f"give it field(metadata=doc(...))")
            key, meaning = meta.get("json", item.name), meta.get("doc", "")
            if meta.get("spread"):
                found.append(Prop(key, {"type": "string", "minLength": 1}, meaning))
                found.extend(self.props(hints[item.name]))
                continue
            found.append(Prop(key, self.shape(hints[item.name], meta), meaning, not meta.get("optional")))
        derived: tuple[Derived, ...] = getattr(cls, "JSON_DERIVED", ())
        for extra in derived:
            prop = Prop(extra.key, self._derived(extra), extra.meaning)
            keys = [p.key for p in found]
            at = len(found) if extra.after is None else 0 if extra.after == "" else keys.index(extra.after) + 1
            found.insert(at, prop)
        return found

    def _derived(self, extra: Derived) -> dict[str, Any]:
        if extra.const is not None:
            return {"const": extra.const}
        shape = self.shape(extra.type, {})
        return {**shape, "minimum": 0, "maximum": 1} if extra.ratio else shape

    def shape(self, hint: Any, meta: Mapping[str, Any]) -> dict[str, Any]:
        """The JSON Schema of a value of this Python type, written as `meta` says."""
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if meta.get("as_text"):
            return {"type": "string"}
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            if len(inner) != 1:
                raise TypeError(f"no JSON shape for {hint}")
            if inner[0] is str:
                return {"$ref": "#/$defs/optional_string"}
            if inner[0] is int and meta.get("http"):
                return {"$ref": "#/$defs/optional_status"}
            shape = self.shape(inner[0], meta)
            if "$ref" in shape:
                return {"anyOf": [{"type": "null"}, shape]}
            if isinstance(shape.get("type"), str):
                return {**shape, "type": [shape["type"], "null"]}
            raise TypeError(f"no JSON shape for {hint}")
        if hint is str:
            return {"type": "string", "minLength": 1} if meta.get("nonempty") is True else {"type": "string"}
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return dict(_HTTP_STATUS) if meta.get("http") else {"$ref": "#/$defs/count"}
        if hint is float:
            return {"type": "number", "minimum": 0}
        if isinstance(hint, type) and issubclass(hint, Enum):
            return {"enum": [member.value for member in hint]}
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return {"$ref": f"#/$defs/{self.define(hint)}"}
        if origin is Mapping:
            return self._mapping(hint, args, meta)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            if typing.get_origin(args[0]) is tuple:
                return {"type": "array", "items": self._pairs(args[0], meta)}
            return {"type": "array", "items": self.shape(args[0], meta)}
        raise TypeError(f"no JSON shape for {hint}: say how to_json() writes it (reports.fields.doc)")

    def _mapping(self, hint: Any, args: tuple[Any, ...], meta: Mapping[str, Any]) -> dict[str, Any]:
        value = args[1]
        if meta.get("keys"):
            return self._item(meta, [Prop(key, self.shape(value, {}), "") for key in meta["keys"]])
        if value is int:
            return {"$ref": "#/$defs/counts"}
        if value is str:
            return {"type": "object", "additionalProperties": {"type": "string"}}
        if value is Any:
            return {"type": "object"}
        raise TypeError(f"no JSON shape for {hint}")

    def _pairs(self, pair: Any, meta: Mapping[str, Any]) -> dict[str, Any]:
        """Each tuple of the pairs written as one object with `meta["keys"]` (`"*"`: the dataclass's own keys)."""
        keys, parts = meta.get("keys", ()), typing.get_args(pair)
        if len(keys) != len(parts):
            raise TypeError(f"{pair} needs one key per part (reports.fields.doc(keys=...))")
        nonempty = meta.get("nonempty", ())
        found: list[Prop] = []
        for key, part in zip(keys, parts, strict=True):
            if key == "*":
                found.extend(self.props(part))
            else:
                found.append(Prop(key, self.shape(part, {"nonempty": key in nonempty}), ""))
        return self._item(meta, found)

    def _item(self, meta: Mapping[str, Any], props: list[Prop]) -> dict[str, Any]:
        name = meta.get("item") or ""
        if not name:
            raise TypeError(f"an object with keys {meta.get('keys')} needs a name (reports.fields.doc(item=...))")
        self.defs[name] = _object(props)
        return {"$ref": f"#/$defs/{name}"}

    def define(self, cls: type) -> str:
        if cls not in DEFS:
            raise TypeError(f"{cls.__name__} is written as an object: name it in reports.schema_gen.DEFS")
        name = DEFS[cls]
        if name not in self.defs:
            self.defs[name] = {}  # taken, in the order first met
            self.defs[name] = _object(self.props(cls))
        return name


def _object(props: Sequence[Prop]) -> dict[str, Any]:
    """A closed JSON object of these keys; dotted keys make nested objects."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    nested: dict[str, list[Prop]] = {}
    for prop in props:  # a nested object is required when one of its keys is
        head, _, rest = prop.key.partition(".")
        if prop.required and head not in required:
            required.append(head)
        if rest:
            nested.setdefault(head, [])
            properties.setdefault(head, None)
            nested[head].append(dataclasses.replace(prop, key=rest))
        else:
            properties[head] = {**prop.schema, "description": prop.meaning} if prop.meaning else prop.schema
    for head, inner in nested.items():
        properties[head] = _object(inner)
    return {"type": "object", "required": required, "additionalProperties": False, "properties": properties}


def results_schema() -> dict[str, Any]:
    """The JSON Schema of a results document, from the dataclasses."""
    return Generator().schema()


def schema_text() -> str:
    return json.dumps(results_schema(), indent=2, ensure_ascii=False) + "\n"


def table(name: str) -> str:
    """SCHEMA.md's table of one object: field, type, meaning."""
    generator = Generator()
    schema = generator.schema()
    rows = ["| Field | Type | Meaning |", "|---|---|---|"]
    for prop in generator.props(TABLES[name]):
        meaning = prop.meaning
        if "enum" in prop.schema:
            meaning += f"; one of {', '.join(f'`{v}`' for v in prop.schema['enum'])}"
        kind = _type_text(prop.schema, schema["$defs"]) + ("" if prop.required else ", optional")
        rows.append(f"| `{prop.key}` | {kind} | {_cell(meaning)} |")
    return "\n".join(rows) + "\n"


def _type_text(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "enum" in schema:
        return "enum"
    if "anyOf" in schema:
        options = [_type_text(o, defs) for o in schema["anyOf"] if o != {"type": "null"}]
        return " or ".join(options) + " or null"
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        common = {"count": "integer", "counts": "object (→ integer)", "optional_string": "string or null",
                  "optional_status": "integer or null"}
        if name in common:
            return common[name]
        keys = list(defs[name]["properties"])
        return f"`{{{', '.join(keys)}}}`" if len(keys) <= 5 else "object"
    kinds = schema.get("type", "")
    if kinds == "array":
        inner = _type_text(schema["items"], defs)
        return f"`[{inner.strip('`')}]`"
    if kinds == "object" and "additionalProperties" in schema and schema["additionalProperties"] is not False:
        return f"object (→ {_type_text(schema['additionalProperties'], defs)})"
    names = {"boolean": "bool"}
    return " or ".join(names.get(k, k) for k in ([kinds] if isinstance(kinds, str) else kinds))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_text(current: str) -> str:
    """SCHEMA.md with every generated table brought up to date (the prose around them kept)."""
    seen: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in TABLES:
            raise ValueError(f"SCHEMA.md: no table named {name!r} (one of {sorted(TABLES)})")
        seen.append(name)
        return match.group(1) + table(name) + match.group(4)

    text = _MARKER.sub(fill, current)
    missing = sorted(set(TABLES) - set(seen))
    if missing or len(seen) != len(set(seen)):
        raise ValueError(f"SCHEMA.md needs one <!-- generated: NAME --> ... <!-- end generated --> block for each"
                         f" of {sorted(TABLES)}; missing {missing}, seen {seen}")
    return text


def stale(schema_path: Path = SCHEMA_PATH, markdown_path: Path = MARKDOWN_PATH) -> list[Path]:
    """The files that differ from what the dataclasses generate."""
    current = markdown_path.read_text(encoding="utf-8")
    wanted = {schema_path: schema_text(), markdown_path: markdown_text(current)}
    return [path for path, text in wanted.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def write(schema_path: Path = SCHEMA_PATH, markdown_path: Path = MARKDOWN_PATH) -> list[Path]:
    """Rewrite the stale files; the ones rewritten."""
    current = markdown_path.read_text(encoding="utf-8")
    wanted = {schema_path: schema_text(), markdown_path: markdown_text(current)}
    changed = [path for path, text in wanted.items()
               if not path.exists() or path.read_text(encoding="utf-8") != text]
    for path in changed:
        path.write_text(wanted[path], encoding="utf-8")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports.schema_gen", description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the schema and SCHEMA.md's tables")
    action.add_argument("--check", action="store_true", help="exit 1 when either is stale")
    parser.add_argument("--schema", type=Path, default=SCHEMA_PATH, help="the JSON Schema file (default: %(default)s)")
    parser.add_argument("--markdown", type=Path, default=MARKDOWN_PATH, help="SCHEMA.md (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        if args.write:
            for path in write(args.schema, args.markdown):
                print(f"wrote {path}")
            return 0
        outdated = stale(args.schema, args.markdown)
    except (OSError, ValueError) as error:
        print(f"schema_gen: {error}", file=sys.stderr)
        return 2 if args.write else 1
    for path in outdated:
        print(f"stale: {path} (run python -m reports.schema_gen --write)", file=sys.stderr)
    return 1 if outdated else 0


if __name__ == "__main__":
    sys.exit(main())
