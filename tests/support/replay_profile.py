"""A pytest plugin that registers the Hypothesis profile `replay-only`: the suite's `dev` profile, but only
replaying what the example database holds (Phase.reuse), so a run fails only on a saved example."""

from hypothesis import Phase, settings

from conformance.profiles import PROFILES

settings.register_profile("replay-only", parent=PROFILES["dev"], phases=(Phase.explicit, Phase.reuse))
