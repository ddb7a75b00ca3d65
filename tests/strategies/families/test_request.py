"""The composite that assembles a valid request: its plan per (world, settled_only) leaves out the unsettled
members, and every request it draws is labelled valid."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings

from strategies.case import Case
from strategies.families import request
from strategies.families.context import excluded_leaves
from strategies.limits import unsettled_members
from strategies.model import paths_in
from strategies.valid import valid_requests
from strategies.world import example_world

WORLD = example_world()
FAST = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_settled_only_leaves_out_unsettled_members(monkeypatch: pytest.MonkeyPatch) -> None:
    unsettled = frozenset({"ElasticGpuSpecification", "Placement.SpreadDomain", "Operator"})
    monkeypatch.setattr(request, "unsettled_members", lambda: unsettled)
    request.plan_for.cache_clear()
    excluded = excluded_leaves(unsettled)
    assert {"ElasticGpuSpecification[].Type", "Placement.SpreadDomain", "Operator.Principal"} == excluded
    seen: set[str] = set()

    @FAST
    @given(case=valid_requests(WORLD))
    def check(case: Case) -> None:
        paths = set(paths_in(dict(case.params)))
        assert not paths & excluded, paths & excluded
        seen.update(paths)

    try:
        check()
    finally:
        request.plan_for.cache_clear()
    assert seen, "no example was drawn"


def test_the_plan_excludes_the_unsettled_leaves_only_when_asked() -> None:
    settled = request.plan_for(WORLD, True)
    assert settled.world is WORLD
    assert settled.excluded == excluded_leaves(unsettled_members())
    assert request.plan_for(WORLD, False).excluded == frozenset()
    assert request.plan_for(WORLD, True) is settled  # built once per (world, settled_only)
    other = dataclasses.replace(WORLD, region="eu-west-1")
    assert request.plan_for(other, True).world is other


@FAST
@given(case=request.valid_requests(WORLD, max_count=2, dry_run=True))
def test_every_request_is_labelled_valid_and_follows_the_options(case: Case) -> None:
    assert case.labels == (request.VALID_LABEL,)
    assert case.mutation is None
    assert case.params["DryRun"] is True
    assert 1 <= case.params["MinCount"] <= case.params["MaxCount"] <= 2
