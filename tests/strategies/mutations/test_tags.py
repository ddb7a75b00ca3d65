"""Tag mutations: each puts one bad specification or tag into the request's TagSpecifications, at the path it
records, keeping at most 50 tags on a resource where the limit is not the point."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from strategies.case import Case
from strategies.limits import (
    IMDS_TAG_KEY_PATTERN,
    IMDS_TAG_KEY_RESERVED,
    TAG_KEY_MAX,
    TAG_RESERVED_PREFIX,
    TAG_VALUE_MAX,
    TAGGABLE_ON_LAUNCH,
    TAGS_PER_RESOURCE_MAX,
)
from strategies.mutations import Build, tags
from strategies.world import example_world
from tests.support.mutation_draws import built

WORLD = example_world()
_INDEXED = re.compile(r"TagSpecifications\[(\d+)\](?:\.Tags\[(\d+)\])?")


def _cases(build: Build, examples: int = 30) -> list[Case]:
    return built(build, WORLD, examples)


def _at_path(case: Case) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The specification and the tag the mutation's path names."""
    assert case.mutation is not None
    match = _INDEXED.match(case.mutation.path)
    assert match is not None, case.mutation.path
    spec = case.params["TagSpecifications"][int(match.group(1))]
    return spec, spec["Tags"][int(match.group(2))] if match.group(2) is not None else None


def test_bad_resource_types() -> None:
    for case in _cases(tags.not_taggable):
        spec, _ = _at_path(case)
        assert spec["ResourceType"] not in TAGGABLE_ON_LAUNCH and spec["Tags"]
        kinds = [s.get("ResourceType") for s in case.params["TagSpecifications"]]
        assert len(kinds) == len(set(kinds))
    for case in _cases(tags.type_missing):
        spec, _ = _at_path(case)
        assert not spec.get("ResourceType") and spec["Tags"]
    for case in _cases(tags.type_repeated):
        spec, _ = _at_path(case)
        repeated = [s for s in case.params["TagSpecifications"] if s["ResourceType"] == spec["ResourceType"]]
        assert len(repeated) == 2 and all(s["Tags"] for s in repeated)


def test_bad_keys_and_values_sit_at_the_recorded_tag() -> None:
    checks: dict[Build, Callable[[dict[str, str]], bool]] = {
        tags.key_too_long: lambda tag: len(tag["Key"]) > TAG_KEY_MAX,
        tags.value_too_long: lambda tag: len(tag["Value"]) > TAG_VALUE_MAX,
        tags.reserved_prefix: lambda tag: tag["Key"].startswith(TAG_RESERVED_PREFIX),
        tags.key_empty: lambda tag: tag["Key"] == "",
    }
    for build, check in checks.items():
        for case in _cases(build, 15):
            spec, tag = _at_path(case)
            assert tag is not None and check(tag), tag
            assert len(spec["Tags"]) <= TAGS_PER_RESOURCE_MAX


def test_a_duplicate_key_repeats_the_first_key_of_its_specification() -> None:
    for case in _cases(tags.duplicate_key):
        spec, tag = _at_path(case)
        assert tag is not None and tag is spec["Tags"][-1]
        assert [t["Key"] for t in spec["Tags"]].count(tag["Key"]) == 2


def test_too_many_tags_go_just_over_fifty() -> None:
    for case in _cases(tags.too_many):
        spec, tag = _at_path(case)
        assert tag is None and TAGS_PER_RESOURCE_MAX < len(spec["Tags"]) <= TAGS_PER_RESOURCE_MAX + 5
        assert len({t["Key"] for t in spec["Tags"]}) == len(spec["Tags"])


def test_an_imds_unsafe_key_is_the_only_one_on_the_instance() -> None:
    for case in _cases(tags.imds_key_invalid):
        assert case.params["MetadataOptions"]["InstanceMetadataTags"] == "enabled"
        spec, tag = _at_path(case)
        assert spec["ResourceType"] == "instance" and tag is not None
        unsafe = [t["Key"] for t in spec["Tags"]
                  if not IMDS_TAG_KEY_PATTERN.fullmatch(t["Key"]) or t["Key"] in IMDS_TAG_KEY_RESERVED]
        assert unsafe == [tag["Key"]]


def test_add_tag_replaces_a_same_key_tag_and_keeps_the_limit() -> None:
    params: dict[str, Any] = {"TagSpecifications": [{"ResourceType": "volume", "Tags": [
        {"Key": f"k{i}", "Value": "v"} for i in range(TAGS_PER_RESOURCE_MAX)]}]}
    path = tags._add_tag(params, "volume", {"Key": "k0", "Value": "new"})
    spec_tags = params["TagSpecifications"][0]["Tags"]
    assert path == f"TagSpecifications[0].Tags[{len(spec_tags) - 1}]"
    assert len(spec_tags) == TAGS_PER_RESOURCE_MAX and spec_tags[-1] == {"Key": "k0", "Value": "new"}
    assert [t["Key"] for t in spec_tags].count("k0") == 1
