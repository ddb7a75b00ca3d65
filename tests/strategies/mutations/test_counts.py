"""Mutations of MinCount and MaxCount: missing or badly typed on the wire, zero, or MinCount above MaxCount
without the members only a single instance may carry."""

from __future__ import annotations

from strategies.case import Case
from strategies.mutations import MutationSpec, counts
from strategies.world import example_world
from tests.support.mutation_draws import built

WORLD = example_world()
SPECS = {spec.name: spec for spec in counts.MUTATIONS}


def _cases(spec: MutationSpec, examples: int = 30) -> list[Case]:
    return built(spec.build, WORLD, examples)


def test_the_specs_cover_both_counts_in_every_way() -> None:
    for key in ("min-count", "max-count"):
        for way in ("missing", "not-integer", "negative", "zero"):
            assert f"{key}-{way}" in SPECS
    assert {spec.rule_id for spec in counts.MUTATIONS} == {"R-COUNT-1", "R-COUNT-2", "R-COUNT-3"}


def test_missing_counts_are_deleted_on_the_wire_only() -> None:
    for key, name in (("MinCount", "min-count-missing"), ("MaxCount", "max-count-missing")):
        for case in _cases(SPECS[name], 5):
            assert key in case.params and key not in case.query and case.transport == "query"


def test_wire_values_are_not_decimal_or_negative() -> None:
    for key in ("MinCount", "MaxCount"):
        prefix = "min-count" if key == "MinCount" else "max-count"
        for case in _cases(SPECS[f"{prefix}-not-integer"], 10):
            assert case.query[key] in counts.NOT_DECIMAL and not case.query[key].isdigit()
        for case in _cases(SPECS[f"{prefix}-negative"], 10):
            assert int(case.query[key]) < 0


def test_zero_is_sent_through_the_api() -> None:
    for case in _cases(SPECS["min-count-zero"], 5):
        assert case.params["MinCount"] == 0 and not case.wire_edits and case.query["MinCount"] == "0"


def test_min_above_max_launches_several_without_single_instance_members() -> None:
    for case in _cases(SPECS["min-count-above-max-count"]):
        params = case.params
        assert params["MinCount"] > params["MaxCount"] >= 1
        assert "PrivateIpAddress" not in params and "Ipv6Addresses" not in params
        for nic in params.get("NetworkInterfaces", ()):
            assert not {"PrivateIpAddress", "PrivateIpAddresses", "Ipv6Addresses"} & set(nic)
        assert case.mutation is not None and case.mutation.path == "MinCount"
