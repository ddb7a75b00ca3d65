"""The suite's own tests run with the deterministic `unit` Hypothesis profile (see the root conftest)."""

from hypothesis import settings

settings.load_profile("unit")
