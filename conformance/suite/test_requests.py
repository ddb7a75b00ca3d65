"""RunInstances requests, valid and invalid, grouped by member family; each property is tied to rule ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.rules import RULES, Kind
from conformance.runner import Runner
from strategies.boundaries import boundary_examples
from strategies.mutations import MUTATIONS, mutations, select
from strategies.valid import valid_requests

FAMILIES = sorted({RULES[s.rule_id].family for s in MUTATIONS if s.rule_id in RULES and not s.wire})
WIRE_FAMILIES = sorted({RULES[s.rule_id].family for s in MUTATIONS if s.rule_id in RULES and s.wire})


def family_rules(family: str) -> list[str]:
    return [r.id for r in RULES.values() if r.family == family and r.kind is not Kind.UNDECIDABLE]


@given(data=st.data())
def test_valid_requests_launch(conformance: Runner, data: st.DataObject) -> None:
    """Valid requests succeed with their post-conditions (R-PROTO-8..10, R-COUNT-4, ...)."""
    conformance.run(data.draw(valid_requests(conformance.world, dry_run=False), label="request"))


@given(data=st.data())
def test_valid_requests_under_dry_run(conformance: Runner, data: st.DataObject) -> None:
    """Valid requests with DryRun=true answer DryRunOperation/412 and launch nothing (R-DRY-1)."""
    conformance.run(data.draw(valid_requests(conformance.world, dry_run=True), label="request"))


@pytest.mark.parametrize("family", FAMILIES)
def test_invalid_requests_are_refused(conformance: Runner, family: str) -> None:
    """Each mutation breaks one rule of the family; the target must answer with that rule's error."""
    specs = select(conformance.world, rules=family_rules(family), wire=False)
    if not specs:
        pytest.skip(f"no mutation of family {family} applies to this target's world")

    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(mutations(conformance.world, rules=family_rules(family), wire=False), label="request")
        conformance.run(case)

    check()


@pytest.mark.parametrize("family", WIRE_FAMILIES)
def test_wire_level_mistakes_are_refused(conformance: Runner, family: str) -> None:
    """Requests boto3 would refuse or rewrite, sent as raw signed Query requests (R-PROTO-*, R-COUNT-*, R-UD-*)."""

    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(mutations(conformance.world, rules=family_rules(family), wire=True), label="request")
        conformance.run(case)

    check()


@given(data=st.data())
def test_invalid_requests_under_dry_run(conformance: Runner, data: st.DataObject) -> None:
    """DryRun does not skip validation (R-DRY-3): an invalid request still gets its rule's error."""
    conformance.run(data.draw(mutations(conformance.world, dry_run=True), label="request"))


def test_boundaries(conformance: Runner) -> None:
    """Every ranged member at min-1, min, max and max+1."""
    failures = []
    for case in boundary_examples(conformance.world):
        try:
            conformance.run(case)
        except AssertionError as exc:
            failures.append(f"{', '.join(case.labels)}\n{exc}")
    assert not failures, "\n\n".join(failures)
