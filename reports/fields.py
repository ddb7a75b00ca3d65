"""How a field of the results document says what it means: the metadata reports.schema_gen reads to generate
results.schema.json and SCHEMA.md's tables (`field(metadata=doc(...))`, and `Derived` for a key `to_json()`
computes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def doc(meaning: str, *, json: str = "", optional: bool = False, nonempty: bool | tuple[str, ...] = False,
        keys: tuple[str, ...] = (), item: str = "", spread: bool = False, as_text: bool = False,
        http: bool = False) -> dict[str, Any]:
    """A field's metadata (`field(metadata=doc(...))`): what it means in results.json, and how `to_json()` writes
    it where its Python type does not say (reports.schema_gen reads it; SCHEMA.md and the schema are generated).

    `json`: its key (dotted: inside a nested object), when not the field's name. `optional`: older documents may
    lack it. `nonempty`: a string that is never empty (or, for `keys`, the keys that are not). `keys`: the keys of
    the object written for each pair (a tuple of pairs) or for a mapping with fixed keys, `"*"` spreading a
    dataclass's own; `item`: that object's name in the schema. `spread`: written as its text, followed by its own
    fields. `as_text`: written as its text (a Signature). `http`: an HTTP status (100-599).
    """
    meta: dict[str, Any] = {"doc": meaning}
    for name, value in (("json", json), ("optional", optional), ("nonempty", nonempty), ("keys", keys),
                        ("item", item), ("spread", spread), ("as_text", as_text), ("http", http)):
        if value:
            meta[name] = value
    return meta


@dataclass(frozen=True)
class Derived:
    """A key `to_json()` writes that is no field of the dataclass: computed from the fields (a class lists these
    as `JSON_DERIVED`, for reports.schema_gen)."""

    key: str
    type: Any  # as a field's annotation would say it
    meaning: str
    after: str | None = None  # the JSON key it follows ("": first; None: last)
    const: Any = None  # the one value it has
    ratio: bool = False  # a number in [0, 1]
