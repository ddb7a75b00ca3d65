"""The suite's own tests run with the deterministic `unit` Hypothesis profile (see the root conftest), with the
whole project imported first (conformance.profiles.import_the_project: draws never depend on import order)."""

from hypothesis import settings

from conformance.profiles import import_the_project

import_the_project()
settings.load_profile("unit")
