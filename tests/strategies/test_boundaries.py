"""Boundary examples sit exactly on the documented edges and break exactly the rule they name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.validate import ParamValidator

from conformance.rules import RULES
from strategies.boundaries import EDGES, LABEL_PREFIX, boundary_examples, ranged_members
from strategies.case import Case
from strategies.model import input_shape
from strategies.world import example_world
from tests.support.rule_requests import broken

WORLD = example_world()
CASES = boundary_examples(WORLD)
_LABEL = re.compile(rf"{LABEL_PREFIX}:(R-[A-Z0-9]+-\d+):({'|'.join(re.escape(e) for e in EDGES)})")


def label(case: Case, key: str) -> str:
    return next(item.split(":", 1)[1] for item in case.labels if item.startswith(f"{key}:"))


def probe(case: Case) -> tuple[str, str]:
    match = next(m for m in map(_LABEL.fullmatch, case.labels) if m)
    return match.group(1), match.group(2)


def measured(node: Any, path: str) -> Iterator[int]:
    """The probed quantity at `path`: numbers as they are, strings and lists by length, prices in 1/1000."""
    head, _, rest = path.partition(".")
    name = head.removesuffix("[]")
    if not isinstance(node, dict) or name not in node:
        return
    value = node[name]
    if head.endswith("[]") and rest:
        for item in value:
            yield from measured(item, rest)
    elif rest:
        yield from measured(value, rest)
    elif isinstance(value, str) and name == "MaxPrice":
        yield round(float(value) * 1000)
    elif isinstance(value, str | list):
        yield len(value)
    else:
        yield value



def test_every_ranged_member_of_the_brief_is_probed() -> None:
    probed = {probe(case)[0] for case in CASES}
    expected = {
        "R-COUNT-2", "R-MD-2", "R-BDM-3", "R-BDM-5", "R-BDM-8", "R-BDM-15", "R-NIC-14", "R-NIC-15",
        "R-NIC-16", "R-TAG-4", "R-TAG-5", "R-TAG-9", "R-IDEM-1", "R-UD-2",
    }
    assert expected <= probed, sorted(expected - probed)


def test_examples_are_deterministic() -> None:
    def facts(cases: list[Case]) -> list[tuple[Any, ...]]:
        return [(c.params, c.labels, c.mutation) for c in cases]

    assert facts(boundary_examples(WORLD)) == facts(CASES)


def test_examples_sit_exactly_on_the_edges() -> None:
    expected: list[int] = []
    for ranged in ranged_members(WORLD):
        expected.extend(value for _, value, _ in ranged.edges())
        if ranged.low is not None:
            assert ranged.low in [v for e, v, _ in ranged.edges() if e == "min"]
        if ranged.high is not None:
            assert ranged.high in [v for e, v, _ in ranged.edges() if e == "max"]
    assert [int(label(case, "value")) for case in CASES] == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: "/".join(c.labels))
def test_the_probed_value_is_in_the_request(case: Case) -> None:
    values = list(measured(dict(case.params), label(case, "path")))
    assert int(label(case, "value")) in values, (values, dict(case.params))


@pytest.mark.parametrize("case", CASES, ids=lambda c: "/".join(c.labels))
def test_in_range_is_valid_and_out_of_range_names_its_rule(case: Case) -> None:
    rule_id, edge = probe(case)
    in_range = edge in ("min", "max")
    assert (case.mutation is None) is in_range
    if in_range:
        report = ParamValidator().validate(dict(case.params), input_shape())
        assert not report.has_errors(), report.generate_report()
        assert broken(case, WORLD) == set()
        return
    assert case.mutation is not None and case.mutation.rule_id == rule_id
    assert case.mutation.path == label(case, "path")
    rule = RULES.get(rule_id)
    assert rule is not None and rule.violated is not None, f"{rule_id}: an out-of-range edge needs a rule predicate"
    assert broken(case, WORLD) == {rule_id}
