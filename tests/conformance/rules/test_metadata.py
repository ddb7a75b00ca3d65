"""The instance-metadata family (conformance/rules/metadata.py, R-MD-1..5): R-MD-2's predicate fires on a hop limit
out of range and not on the bound beside it; the post-conditions flag a launch whose metadata options are not the
requested ones (or not shown at all)."""

from __future__ import annotations

from typing import Any

from conformance.rules.metadata import RULES as FAMILY
from strategies.limits import HOP_LIMIT
from tests.support.family_tables import broken_instance_tests, neighbour_tests
from tests.support.rule_requests import Edit, instance, member, metadata

# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
    ("R-MD-2", member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[1] + 1),
     member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[1])),
    ("R-MD-2", member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[0] - 1),
     member("MetadataOptions.HttpPutResponseHopLimit", HOP_LIMIT[0])),
]


test_predicate_fires_on_the_violation_only, test_every_predicate_has_a_table_row_and_a_mutation = (
    neighbour_tests(TABLE, FAMILY))


# --- post-conditions ---

# (rule id, a described instance that breaks it)
BROKEN_INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("R-MD-1", instance(MetadataOptions=metadata(HttpTokens="optional"))),
    ("R-MD-3", instance(MetadataOptions=metadata(HttpEndpoint="disabled"))),
    ("R-MD-4", instance(MetadataOptions=metadata(State=None))),
]


test_every_postcondition_is_exercised, test_postcondition_flags_broken_and_accepts_good = (
    broken_instance_tests(BROKEN_INSTANCES, FAMILY))


