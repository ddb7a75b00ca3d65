"""RunInstances requests: valid ones, one test per named mutation, DryRun, boundaries; tied to rule ids."""

from __future__ import annotations

import zlib
from functools import cache

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from conformance.outcome import OutcomeKind
from conformance.profiles import examples_per_dry_run_mutation, examples_per_mutation, loaded
from conformance.readback_table import NOT_DRAWN, observable_paths
from conformance.runner import Runner
from strategies.boundaries import boundary_examples
from strategies.carriers import carriers
from strategies.case import Case
from strategies.mutations import MUTATIONS, mutations, select
from strategies.valid import valid_requests
from strategies.world import World

# One test per named mutation, so every one runs in every profile (sampling them missed a third in 40 draws).
MUTATION_NAMES = [s.name for s in MUTATIONS if not s.wire]
WIRE_MUTATION_NAMES = [s.name for s in MUTATIONS if s.wire]


@given(data=st.data())
def test_valid_requests_launch(conformance: Runner, data: st.DataObject) -> None:
    """Valid requests succeed with their post-conditions (R-PROTO-8..10, R-COUNT-4, ...)."""
    conformance.run(data.draw(valid_requests(conformance.world, dry_run=False), label="request"))


@given(data=st.data())
def test_valid_requests_under_dry_run(conformance: Runner, data: st.DataObject) -> None:
    """Valid requests with DryRun=true answer DryRunOperation/412 and launch nothing (R-DRY-1)."""
    conformance.run(data.draw(valid_requests(conformance.world, dry_run=True), label="request"))


@cache
def _carriers(world: World) -> dict[str, list[Case]]:
    return carriers(world, observable_paths())


@pytest.mark.parametrize("path", observable_paths())
def test_member_is_read_back(conformance: Runner, path: str) -> None:
    """A valid request carrying each observable member is launched and read back (R-RB-*): 40 random draws
    leave many members out (`python -m conformance.readback_table --results ... --check` counts them). A refused
    request (for any member) is judged like any other, and the next smallest carrier is sent."""
    candidates = _carriers(conformance.world).get(path)
    if not candidates:
        pytest.skip(NOT_DRAWN.get(path, f"no valid request on this target's world carried {path}"))
    for case in candidates:
        if conformance.run(case).outcome.kind is OutcomeKind.SUCCESS:
            return


def _refused(conformance: Runner, name: str, *, dry_run: bool = False) -> None:
    """Hypothesis draws valid bases for one named mutation; each must get the broken rule's error (with DryRun
    too, R-DRY-3: a third of the share, at least one, from the same seed, so the plain test's first bases)."""
    if not select(conformance.world, names=[name]):
        pytest.skip(f"mutation {name} needs a resource this target's world lacks")
    share = examples_per_dry_run_mutation() if dry_run else examples_per_mutation()

    @settings(max_examples=share)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        strategy = mutations(conformance.world, names=[name], wire=None, dry_run=dry_run)
        conformance.run(data.draw(strategy, label="request"))

    if loaded().derandomize:  # a fixed seed per mutation, so the mutations do not share bases
        check = seed(zlib.crc32(name.encode()))(check)
    check()


@pytest.mark.parametrize("name", MUTATION_NAMES)
def test_mutation_is_refused(conformance: Runner, name: str) -> None:
    """Each named mutation breaks one rule; the target must answer with that rule's error."""
    _refused(conformance, name)


@pytest.mark.parametrize("name", WIRE_MUTATION_NAMES)
def test_wire_level_mistake_is_refused(conformance: Runner, name: str) -> None:
    """Requests boto3 would refuse or rewrite, sent as raw signed Query requests (R-PROTO-*, R-COUNT-*, R-UD-*)."""
    _refused(conformance, name)


@pytest.mark.parametrize("name", MUTATION_NAMES + WIRE_MUTATION_NAMES)
def test_mutation_is_refused_under_dry_run(conformance: Runner, name: str) -> None:
    """DryRun does not skip validation (R-DRY-3): each named mutation with DryRun=true still gets its rule's
    error. A DryRunOperation is weighed against the same request without DryRun: refused without it, DryRun
    skipped the check; accepted without it, the plain test already reports the rule (conformance.verdict)."""
    _refused(conformance, name, dry_run=True)


def test_boundaries(conformance: Runner) -> None:
    """Every ranged member at min-1, min, max and max+1."""
    failures = []
    for case in boundary_examples(conformance.world):
        try:
            conformance.run(case)
        except AssertionError as exc:
            failures.append(f"{', '.join(case.labels)}\n{exc}")
    assert not failures, "\n\n".join(failures)
