"""The instance-metadata family (conformance/rules/metadata.py, R-MD-1..5): R-MD-2's predicate fires on a hop limit
out of range and not on the bound beside it; the post-conditions flag a launch whose metadata options are not the
requested ones (or not shown at all)."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.rules import Kind, rule
from conformance.rules.metadata import RULES as FAMILY
from strategies.limits import HOP_LIMIT
from strategies.mutations import MUTATIONS
from tests.support.rule_requests import WORLD, Edit, edited, instance, member, metadata, post_problems

OWN = frozenset(r.id for r in FAMILY)

# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
    ("R-MD-2", member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[1] + 1),
     member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[1])),
    ("R-MD-2", member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[0] - 1),
     member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[0])),
]


@pytest.mark.parametrize(("rule_id", "breaking", "keeping"), TABLE, ids=[row[0] for row in TABLE])
def test_predicate_fires_on_the_violation_only(rule_id: str, breaking: Edit, keeping: Edit) -> None:
    check = rule(rule_id).violated
    assert check is not None
    assert check(edited(breaking), WORLD), "the violating request was not flagged"
    assert not check(edited(keeping), WORLD), "the valid neighbour was flagged"


def test_every_part_b_predicate_has_a_table_row_and_a_mutation() -> None:
    predicates = {i for i in OWN if rule(i).violated is not None}
    assert predicates <= {row[0] for row in TABLE}
    assert predicates <= {spec.rule_id for spec in MUTATIONS}



# --- post-conditions ---

# (rule id, a described instance that breaks it)
BROKEN_INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("R-MD-1", instance(MetadataOptions=metadata(HttpTokens="optional"))),
    ("R-MD-3", instance(MetadataOptions=metadata(HttpEndpoint="disabled"))),
    ("R-MD-4", instance(MetadataOptions=metadata(State=None))),
]


def test_every_part_b_postcondition_is_exercised() -> None:
    posts = {i for i in OWN if rule(i).kind is Kind.POSTCONDITION}
    assert posts == {row[0] for row in BROKEN_INSTANCES}


@pytest.mark.parametrize(("rule_id", "shown"), BROKEN_INSTANCES, ids=[r[0] for r in BROKEN_INSTANCES])
def test_postcondition_flags_broken_and_accepts_good(rule_id: str, shown: dict[str, Any]) -> None:
    assert post_problems(rule_id, instance()) == []
    assert post_problems(rule_id, shown), "the broken launch was accepted"

