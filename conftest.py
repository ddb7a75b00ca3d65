"""Root conftest: settings for the suite's own tests in tests/ (the conformance plugin is `conformance.plugin`)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# The suite's own unit tests: deterministic and bounded so CI is reproducible.
settings.register_profile(
    "unit",
    max_examples=50,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
