"""The suite's own tests run with the deterministic `unit` Hypothesis profile (see the root conftest), without
Hypothesis's local constants (conformance.profiles.without_local_constants: draws never depend on imports)."""

from hypothesis import settings

from conformance.profiles import without_local_constants

without_local_constants()
settings.load_profile("unit")
