"""TagSpecifications.N: the types RunInstances creates here, once each; unique keys within the limits; no
reserved prefix; IMDS-safe instance keys when tags are in instance metadata."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from hypothesis import strategies as st

from strategies.families import tags
from strategies.families.context import Draft, Plan
from strategies.limits import (
    IMDS_TAG_KEY_PATTERN,
    IMDS_TAG_KEY_RESERVED,
    TAG_KEY_MAX_BC,
    TAG_RESERVED_PREFIX,
    TAG_VALUE_MAX,
    TAGGABLE_ON_LAUNCH,
)
from strategies.sampling import run_draws
from strategies.world import example_world

WORLD = example_world()


def _specs(**decisions: Any) -> list[list[dict[str, Any]]]:
    found: list[list[dict[str, Any]]] = []

    def body(data: st.DataObject) -> None:
        draft = dataclasses.replace(Draft(Plan(WORLD, frozenset())), **decisions)
        tags.build(cast(st.DrawFn, data.draw), draft)
        found.append(draft.params.get("TagSpecifications", []))

    run_draws(150, body)
    return found


def test_each_type_once_with_unique_keys_within_the_limits() -> None:
    drawn = _specs(spot=True)
    types: set[str] = set()
    for specs in drawn:
        kinds = [spec["ResourceType"] for spec in specs]
        assert len(kinds) == len(set(kinds))
        types.update(kinds)
        for spec in specs:
            keys = [tag["Key"] for tag in spec["Tags"]]
            assert 1 <= len(keys) <= tags.TAGS_DRAWN_MAX and len(keys) == len(set(keys))
            for tag in spec["Tags"]:
                assert 1 <= len(tag["Key"]) <= TAG_KEY_MAX_BC and len(tag["Value"]) <= TAG_VALUE_MAX
                assert not tag["Key"].lower().startswith(TAG_RESERVED_PREFIX)
    assert types == TAGGABLE_ON_LAUNCH
    assert [] in drawn  # sometimes no tags at all


def test_no_tags_for_resources_the_request_does_not_create() -> None:
    for specs in _specs(spot=False, creates_interface=False):
        assert not {"spot-instances-request", "network-interface"} & {spec["ResourceType"] for spec in specs}


def test_instance_keys_are_imds_safe_when_tags_are_in_instance_metadata() -> None:
    instance_keys = [tag["Key"] for specs in _specs(metadata_tags=True) for spec in specs
                     if spec["ResourceType"] == "instance" for tag in spec["Tags"]]
    assert instance_keys
    for key in instance_keys:
        assert IMDS_TAG_KEY_PATTERN.fullmatch(key) and key not in IMDS_TAG_KEY_RESERVED, key


def test_a_reserved_key_is_moved_off_the_reserved_prefix_and_names() -> None:
    assert tags._usable_key("aws:x") == "kaws:x"
    assert tags._usable_key("AWS:x") == "kAWS:x"
    assert tags._usable_key("..") == "k.."
    assert tags._usable_key("_index") == "k_index"
    assert tags._usable_key("Name") == "Name"
    assert tags._usable_key("aws:" + "x" * TAG_KEY_MAX_BC) == ("kaws:" + "x" * TAG_KEY_MAX_BC)[:TAG_KEY_MAX_BC]
