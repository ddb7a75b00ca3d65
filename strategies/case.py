"""A case: one RunInstances request to send, and what (if anything) it was built to break."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from functools import cached_property
from typing import Any, Literal

Transport = Literal["boto3", "query"]


@dataclass(frozen=True)
class Mutation:
    """Names the one rule a mutated request breaks and the member path it touched."""

    rule_id: str
    path: str
    name: str


@dataclass(frozen=True)
class WireEdit:
    """A change to the serialized Query parameters that boto3 would refuse or rewrite.

    `value=None` deletes `key`; otherwise `key` is set to `value` (added if absent).
    """

    key: str
    value: str | None

    def __repr__(self) -> str:
        value = _Withheld(self.value) if self.key == USER_DATA and self.value is not None else self.value
        return f"WireEdit(key={self.key!r}, value={value!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class Call(Enum):
    """A call made before a case whose answer depends on it (the state machine's earlier steps)."""

    RUN = "RunInstances"  # `params`: the request
    TERMINATE = "TerminateInstances"  # `params`: {"of": i}, the instances the i-th earlier call launched


@dataclass(frozen=True)
class Before:
    """One earlier call of a case's sequence: a reproducer makes it first."""

    call: Call
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Case:
    """A RunInstances request.

    `params` is the request in botocore's API shape (what `client.run_instances(**params)` takes,
    `UserData` raw, before botocore base64-encodes it). `wire_edits` are applied to the Query
    encoding of `params`; a case with wire edits must be sent over the raw Query transport.
    """

    params: Mapping[str, Any]
    mutation: Mutation | None = None
    wire_edits: tuple[WireEdit, ...] = ()
    labels: tuple[str, ...] = field(default=(), compare=False)
    # the valid request a mutation was made from (API-shaped), so a wrong answer can be checked against it
    origin: Mapping[str, Any] | None = field(default=None, compare=False)
    # the calls made before this one that its answer depends on (a retry's first launch, a held address)
    before: tuple[Before, ...] = field(default=(), compare=False)

    @property
    def transport(self) -> Transport:
        return "query" if self.wire_edits else "boto3"

    @property
    def dry_run(self) -> bool:
        """DryRun as the target will read it (wire edits win)."""
        value = self.query.get("DryRun")
        return value is not None and value.lower() == "true"

    @cached_property
    def query(self) -> dict[str, str]:
        """The Query parameters actually sent, `Action` and `Version` included."""
        from strategies.wire import apply_edits, to_query

        return apply_edits(to_query(self.params), self.wire_edits)

    def api_params(self) -> dict[str, Any]:
        """A deep copy of `params`, safe to hand to a client that mutates its input."""
        return copy.deepcopy(dict(self.params))

    def json_params(self) -> dict[str, Any]:
        """`params` as plain JSON values (timestamps as ISO 8601, bytes decoded)."""
        result = jsonable(dict(self.params))
        assert isinstance(result, dict)
        return result

    def without(self, member: str) -> Case:
        """The same request without one top-level member (no mutation label, same wire edits)."""
        return Case({k: v for k, v in self.params.items() if k != member}, wire_edits=self.wire_edits)

    def without_dry_run(self) -> Case:
        """The same case (mutation, origin, wire edits) sent without DryRun: what a DryRun answer is weighed
        against."""
        origin = None if self.origin is None else {k: v for k, v in self.origin.items() if k != "DryRun"}
        return replace(self, params={k: v for k, v in self.params.items() if k != "DryRun"}, origin=origin)

    def without_item(self, member: str, index: int) -> Case:
        """The same request without one item of a list member."""
        items = list(self.params[member])
        del items[index]
        return Case({**self.params, member: items}, wire_edits=self.wire_edits)

    def with_params(self, params: Mapping[str, Any], mutation: Mutation | None = None) -> Case:
        return Case(params=params, mutation=mutation or self.mutation, wire_edits=self.wire_edits, origin=self.origin)

    def _shown_fields(self) -> list[tuple[str, Any]]:
        params = dict(self.params)
        if params.get(USER_DATA) is not None:
            params[USER_DATA] = _Withheld(params[USER_DATA])
        return [("params", params), ("mutation", self.mutation), ("wire_edits", self.wire_edits),
                ("labels", self.labels)]

    def __repr__(self) -> str:
        """UserData is sensitive: reprs (and so test failure output) show its size and hash, not its content."""
        return "Case(" + ", ".join(f"{name}={value!r}" for name, value in self._shown_fields()) + ")"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis's pretty printer (falsifying examples), with UserData withheld as in `repr`."""
        with printer.group(5, "Case(", ")"):
            for index, (name, value) in enumerate(self._shown_fields()):
                if index:
                    printer.text(",")
                    printer.breakable()
                printer.text(f"{name}=")
                printer.pretty(value)


USER_DATA = "UserData"


class _Withheld:
    """Stands in for a UserData value in reprs: its size and SHA-256, never its content."""

    def __init__(self, value: Any) -> None:
        raw = value if isinstance(value, bytes) else str(value).encode("utf-8")
        self.text = f"<UserData withheld: {len(raw)} bytes, sha256 {hashlib.sha256(raw).hexdigest()}>"

    def __repr__(self) -> str:
        return self.text


def jsonable(value: Any) -> Any:
    """A JSON-serialisable copy of an API-shaped value."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, datetime):
        return value.isoformat()
    return value
