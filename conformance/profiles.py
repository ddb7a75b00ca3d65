"""Hypothesis profiles of the conformance run: `ci` (derandomized, bounded), `dev` and `thorough`."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, settings
from hypothesis.configuration import storage_directory
from hypothesis.database import DirectoryBasedExampleDatabase

DEFAULT_PROFILE = "ci"  # deterministic, so a run can be compared with its baseline
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def _local_database() -> DirectoryBasedExampleDatabase:
    """Hypothesis's own local database (`.hypothesis/examples`, or under $HYPOTHESIS_STORAGE_DIRECTORY), named
    explicitly: with $CI set, Hypothesis's default settings keep none and derandomize, and a profile inherits them."""
    return DirectoryBasedExampleDatabase(storage_directory("examples", intent_to_write=False).path)


# dev and thorough draw at random and keep their failures, in CI as anywhere (conformance.example_db shares them)
PROFILES = {
    "ci": settings(
        max_examples=40, derandomize=True, deadline=None, database=None, suppress_health_check=_SLOW_OK,
        print_blob=False, stateful_step_count=15,
    ),
    "dev": settings(max_examples=40, deadline=None, suppress_health_check=_SLOW_OK, stateful_step_count=25,
                    derandomize=False, database=_local_database()),
    "thorough": settings(max_examples=300, deadline=None, suppress_health_check=_SLOW_OK, derandomize=False,
                         database=_local_database()),
}


def loaded() -> settings:
    """The profile Hypothesis runs with now (the plugin loads one at configure time)."""
    current = settings.default
    assert current is not None, "Hypothesis has no default settings"
    return current


def examples_per_mutation(profile: settings | None = None) -> int:
    """Examples for one named mutation: a tenth of the profile's max_examples (default: the loaded one), at least 3."""
    return max(3, (profile or loaded()).max_examples // 10)


def examples_per_dry_run_mutation(profile: settings | None = None) -> int:
    """Examples for one named mutation again under DryRun (R-DRY-3): a third of its share, at least one."""
    return max(1, examples_per_mutation(profile) // 3)


CHAIN_STEPS = 2_000  # state-machine steps one item of the stateful test runs at most (a shard's unit of work)


def state_machine_chains(profile: settings | None = None) -> int:
    """Items the stateful test splits into under the profile: one under ci and dev; thorough's 300 runs of 51 steps
    would be one item of a quarter of the whole run, more than a shard's share, so it runs as 8 chains."""
    chosen = profile or loaded()
    return max(1, math.ceil(chosen.max_examples * (chosen.stateful_step_count + 1) / CHAIN_STEPS))


def state_machine_runs(profile: settings | None = None) -> int:
    """State-machine runs one chain makes (all of them when there is one chain)."""
    chosen = profile or loaded()
    return math.ceil(chosen.max_examples / state_machine_chains(chosen))


def register() -> None:
    for name, profile in PROFILES.items():
        settings.register_profile(name, profile)


def known(name: str) -> bool:
    """True when Hypothesis has a profile of that name (the suite's, or one a conftest registered)."""
    from hypothesis.errors import InvalidArgument

    try:
        settings.get_profile(name)
    except InvalidArgument:
        return False
    return True


def load(name: str) -> None:
    settings.load_profile(name)


BOUNDARY_EXAMPLES = 80  # about what test_boundaries sends (each ranged member at four values)


def examples_of(nodeid: str, profile: settings | None = None) -> int:
    """About how many examples one conformance test item makes under the profile (default: the loaded one)."""
    chosen = profile or loaded()
    name = nodeid.rsplit("::", 1)[-1]
    if "_is_refused_under_dry_run[" in name:
        return examples_per_dry_run_mutation(chosen)
    if "_is_refused[" in name:
        return examples_per_mutation(chosen)
    if name.startswith("test_member_is_read_back["):
        return 1  # one request per member path (strategies/carriers.py)
    if name.startswith("test_boundaries"):
        return BOUNDARY_EXAMPLES
    if name.startswith("test_idempotency"):
        return state_machine_runs(chosen) * (chosen.stateful_step_count + 1)
    return chosen.max_examples


def expected_examples(nodeids: list[str]) -> int:
    """About how many examples these conformance tests make with the loaded profile (for the progress line)."""
    return sum(examples_of(nodeid) for nodeid in nodeids)
def without_local_constants() -> None:
    """Draw the same examples whatever is imported and however the suite is installed.

    Hypothesis (6.131 and later) also draws, now and then, literals it finds in the *local* modules imported so
    far: the checkout's modules count, an installed wheel's do not, and the pool grows with every lazy import.
    So an editable checkout and a wheel drew different examples, a run's examples depended on which tests ran
    before, and an example replayed after a lazy import was drawn differently (FlakyStrategyDefinition).
    The suite keeps Hypothesis's global constants and drops the local ones (a private hook, checked by
    tests/integration/test_determinism.py; without it this does nothing).
    """
    from hypothesis.internal.conjecture import providers

    empty = getattr(providers, "_local_constants", None)
    if empty is not None and hasattr(providers, "_get_local_constants"):
        providers._get_local_constants = lambda: empty
