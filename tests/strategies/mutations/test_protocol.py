"""Wire-level protocol mutations: an unknown name, Action or Version, and a value outside its wire type for a
member the request sends (a fallback member where it sends none)."""

from __future__ import annotations

from typing import Any, cast

import pytest
from hypothesis import strategies as st

from strategies.case import Case
from strategies.model import API_VERSION, OPERATION
from strategies.mutations import MutationSpec, protocol
from strategies.sampling import run_draws
from strategies.valid import valid_requests
from strategies.wire import to_query
from strategies.wire_names import canonical, wire_types
from strategies.world import example_world

WORLD = example_world()
SPECS = {spec.name: spec for spec in protocol.MUTATIONS}
BASE = {"ImageId": WORLD.image_ids[0], "MinCount": 1, "MaxCount": 1}


Built = list[tuple[dict[str, str], Case]]  # the Query before the mutation, and the mutated case


def _cases(spec: MutationSpec, base: dict[str, Any] | None = None, examples: int = 40) -> Built:
    found: Built = []
    valid = valid_requests(WORLD, dry_run=None)

    def body(data: st.DataObject) -> None:
        params = dict(base) if base is not None else data.draw(valid).api_params()
        before = to_query(params)
        found.append((before, spec.build(cast(st.DrawFn, data.draw), params, WORLD)))

    run_draws(examples, body)
    return found


def test_every_protocol_mutation_is_a_wire_mutation_of_a_protocol_rule() -> None:
    assert all(spec.wire and spec.rule_id.startswith("R-PROTO-") for spec in protocol.MUTATIONS)


def test_unknown_names_are_not_in_the_model() -> None:
    names = set()
    for before, case in _cases(SPECS["unknown-parameter-name"]):
        (edit,) = case.wire_edits
        assert edit.key in protocol.UNKNOWN_NAMES and edit.key not in before
        assert canonical(edit.key) not in wire_types()
        assert case.query[edit.key] == edit.value and case.mutation is not None and case.mutation.path == edit.key
        names.add(edit.key)
    assert len(names) > 1


def test_action_and_version_mutations() -> None:
    for _, case in _cases(SPECS["unknown-action"], BASE, 10):
        assert case.query["Action"] in protocol.UNKNOWN_ACTIONS and case.query["Action"] != OPERATION
    for _, case in _cases(SPECS["missing-action"], BASE, 3):
        assert "Action" not in case.query and case.query["Version"] == API_VERSION
    for _, case in _cases(SPECS["wrong-version"], BASE, 10):
        assert case.query["Version"] in protocol.WRONG_VERSIONS and case.query["Version"] != API_VERSION
        assert case.query["Action"] == OPERATION


@pytest.mark.parametrize(("name", "kinds", "values"), [
    ("boolean-not-true-or-false", ("boolean",), protocol.NOT_BOOLEAN),
    ("integer-not-decimal", ("integer", "long"), protocol.NOT_INTEGER),
])
def test_a_badly_typed_value_replaces_a_sent_member_of_that_type(name: str, kinds: tuple[str, ...],
                                                                  values: tuple[str, ...]) -> None:
    fallback = SPECS[name].path
    for before, case in _cases(SPECS[name]):
        (edit,) = case.wire_edits
        assert edit.value in values
        assert edit.key not in protocol.COUNTS
        sent = [k for k in before if k not in protocol.COUNTS and wire_types().get(canonical(k)) in kinds]
        if sent:
            assert edit.key in sent
        else:
            assert edit.key == fallback


def test_the_fallbacks_are_members_of_the_right_wire_type() -> None:
    assert wire_types()[protocol.FALLBACK_BOOLEAN] == "boolean"
    assert wire_types()[protocol.FALLBACK_INTEGER] in ("integer", "long")
    (edit,) = _cases(SPECS["boolean-not-true-or-false"], BASE, 1)[0][1].wire_edits
    assert edit.key == protocol.FALLBACK_BOOLEAN  # BASE sends no boolean
