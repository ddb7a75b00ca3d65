"""strategies.defaults: the documented defaults are model leaf paths of valid values, and a member carried only at
its default (in every list item) is told apart from one set to another value."""

from __future__ import annotations

from strategies.defaults import DEFAULTS, at_default, defaulted_only
from strategies.model import enum_values, leaf_paths, leaf_values


def test_every_default_is_a_leaf_path_and_an_allowed_value() -> None:
    for path, value in DEFAULTS.items():
        assert path in leaf_paths(), path
        if isinstance(value, str) and enum_values(path):
            assert value in enum_values(path), (path, value)


def test_a_member_only_at_its_default_is_defaulted_and_another_value_is_not() -> None:
    params = {"ImageId": "ami-1", "Monitoring": {"Enabled": False}, "InstanceInitiatedShutdownBehavior": "terminate",
              "NetworkInterfaces": [{"ConnectionTrackingSpecification": {"UdpTimeout": 30}},
                                    {"ConnectionTrackingSpecification": {"UdpTimeout": 45}}]}
    assert defaulted_only(params) == {"Monitoring.Enabled"}
    assert dict(leaf_values(params))["InstanceInitiatedShutdownBehavior"] == "terminate"
    assert at_default("Monitoring.Enabled", False) and not at_default("ImageId", "ami-1")
