"""conformance.profiles: the run's Hypothesis profiles, the examples a mutation gets, and the estimate of a run's
examples the progress line divides by."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from conformance import profiles
from conformance.profiles import BOUNDARY_EXAMPLES, examples_per_mutation, expected_examples, known, loaded


@pytest.fixture
def profile() -> Iterator[None]:
    """Register the suite's profiles; the suite's own tests go on with their `unit` profile afterwards."""
    profiles.register()
    yield
    settings.load_profile("unit")


def test_the_default_profile_is_deterministic(profile: None) -> None:
    profiles.load(profiles.DEFAULT_PROFILE)
    assert loaded().derandomize and loaded().database is None  # a run compares with its baseline
    assert loaded().max_examples == profiles.PROFILES[profiles.DEFAULT_PROFILE].max_examples


def test_registered_profiles_are_known_and_others_are_not(profile: None) -> None:
    assert all(known(name) for name in profiles.PROFILES)
    assert known("unit")  # one a conftest registered
    assert not known("fast")


@pytest.mark.parametrize(("max_examples", "per_mutation"), [(300, 30), (40, 4), (20, 3), (1, 3)])
def test_a_mutation_gets_a_tenth_of_the_examples_and_at_least_three(
        profile: None, max_examples: int, per_mutation: int) -> None:
    settings.register_profile("sized", max_examples=max_examples, stateful_step_count=4)
    profiles.load("sized")
    assert examples_per_mutation() == per_mutation


def test_the_estimate_counts_each_kind_of_test_by_what_it_sends(profile: None) -> None:
    settings.register_profile("sized", max_examples=50, stateful_step_count=4)
    profiles.load("sized")
    suite = "conformance/suite/"
    assert expected_examples([f"{suite}test_requests.py::test_valid_requests_launch"]) == 50
    assert expected_examples([f"{suite}test_requests.py::test_mutation_is_refused[tag-key]"]) == 5
    assert expected_examples([f"{suite}test_read_back.py::test_member_is_read_back[KeyName]"]) == 1
    assert expected_examples([f"{suite}test_boundaries.py::test_boundaries[MinCount]"]) == BOUNDARY_EXAMPLES
    assert expected_examples([f"{suite}test_stateful.py::test_idempotency_and_lifecycle"]) == 50 * 5
    assert expected_examples([f"{suite}test_requests.py::test_valid_requests_launch",
                              f"{suite}test_requests.py::test_mutation_is_refused[a]"]) == 55
    assert expected_examples([]) == 0


def test_a_dry_run_mutation_counts_a_third_of_its_share(profile: None) -> None:
    """What `_refused(dry_run=True)` sends: a third of a mutation's examples, at least one (counted as a whole
    property's 40 before, which made the progress line's total six times too large)."""
    settings.register_profile("sized", max_examples=300, stateful_step_count=4)
    profiles.load("sized")
    suite = "conformance/suite/"
    assert expected_examples([f"{suite}test_requests.py::test_mutation_is_refused_under_dry_run[tag-key]"]) == 10
    profiles.load(profiles.DEFAULT_PROFILE)
    assert expected_examples([f"{suite}test_requests.py::test_mutation_is_refused_under_dry_run[tag-key]"]) == 1


@pytest.mark.parametrize(("name", "chains"), [("ci", 1), ("dev", 1), ("thorough", 8)])
def test_the_state_machine_splits_into_chains_only_where_one_item_would_outweigh_a_shard(
        profile: None, name: str, chains: int) -> None:
    chosen = profiles.PROFILES[name]
    assert profiles.state_machine_chains(chosen) == chains
    runs = profiles.state_machine_runs(chosen)
    assert chains * runs >= chosen.max_examples > (chains - 1) * runs  # every run the profile asks for, about once
    assert runs * (chosen.stateful_step_count + 1) <= max(profiles.CHAIN_STEPS, chosen.stateful_step_count + 1) \
        or chains == 1
