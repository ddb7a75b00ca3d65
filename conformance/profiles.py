"""Hypothesis profiles of the conformance run: `ci` (derandomized, bounded), `dev` and `thorough`."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

DEFAULT_PROFILE = "ci"  # deterministic, so a run can be compared with its baseline
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

PROFILES = {
    "ci": settings(
        max_examples=40, derandomize=True, deadline=None, database=None, suppress_health_check=_SLOW_OK,
        print_blob=False, stateful_step_count=10,
    ),
    "dev": settings(max_examples=40, deadline=None, suppress_health_check=_SLOW_OK, stateful_step_count=25),
    "thorough": settings(max_examples=300, deadline=None, suppress_health_check=_SLOW_OK),
}


def loaded() -> settings:
    """The profile Hypothesis runs with now (the plugin loads one at configure time)."""
    current = settings.default
    assert current is not None, "Hypothesis has no default settings"
    return current


def examples_per_mutation() -> int:
    """Examples for one named mutation: a tenth of the loaded profile's max_examples, at least 3."""
    return max(3, loaded().max_examples // 10)


def register() -> None:
    for name, profile in PROFILES.items():
        settings.register_profile(name, profile)
