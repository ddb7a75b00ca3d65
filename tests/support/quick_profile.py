"""A pytest plugin for subprocess runs of the conformance suite in tests: `-p quick_profile
--hypothesis-profile=quick` (few examples, derandomized, no shrinking), so each run takes seconds; `tiny` for the
stateful test (3 runs of at most 12 steps)."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "quick", max_examples=8, derandomize=True, deadline=None, database=None, print_blob=False,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("tiny", settings.get_profile("quick"), max_examples=3, stateful_step_count=12)
