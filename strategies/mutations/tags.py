"""Mutations that break the TagSpecifications rules (R-TAG-*)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies.case import Case
from strategies.limits import (
    IMDS_TAG_KEY_PATTERN,
    IMDS_TAG_KEY_RESERVED,
    INSTANCE_RESOURCE_TYPE,
    INTERFACE_RESOURCE_TYPE,
    TAG_KEY_MAX,
    TAG_RESERVED_PREFIX,
    TAG_VALUE_MAX,
    TAGGABLE_ON_LAUNCH,
    TAGS_PER_RESOURCE_MAX,
)
from strategies.model import enum_values
from strategies.mutations import MutationSpec
from strategies.mutations._edit import Params, case, put, spec_for, spec_index
from strategies.mutations._reshape import creates_interface, existing_interface
from strategies.world import World

SPECS = "TagSpecifications"
RESOURCE_TYPE = f"{SPECS}[].ResourceType"
TAGGABLE = sorted(TAGGABLE_ON_LAUNCH)


def _add_tag(params: Params, resource_type: str, tag: dict[str, str]) -> str:
    """Put `tag` on the spec of `resource_type` (replacing a same-key tag, staying within 50); its path."""
    spec = spec_for(params, resource_type)
    tags: list[dict[str, Any]] = [t for t in spec["Tags"] if t.get("Key") != tag.get("Key")]
    spec["Tags"] = [*tags[: TAGS_PER_RESOURCE_MAX - 1], tag]
    return f"{SPECS}[{spec_index(params, spec)}].Tags[{len(spec['Tags']) - 1}]"


def _type(draw: st.DrawFn, params: Params) -> str:
    """A taggable type; network-interface only where the launch creates an interface (R-TAG-15)."""
    return draw(st.sampled_from([t for t in TAGGABLE if t != INTERFACE_RESOURCE_TYPE or creates_interface(params)]))


def not_taggable(draw: st.DrawFn, params: Params, world: World) -> Case:
    present = {s.get("ResourceType") for s in params.get(SPECS, [])}
    choices = sorted(set(enum_values(RESOURCE_TYPE)) - TAGGABLE_ON_LAUNCH - present)
    spec = {"ResourceType": draw(st.sampled_from(choices)), "Tags": [{"Key": "conformance", "Value": "x"}]}
    params.setdefault(SPECS, []).append(spec)
    return case(params, "R-TAG-1", f"{SPECS}[{len(params[SPECS]) - 1}].ResourceType", "tag-type-not-taggable")


def type_missing(draw: st.DrawFn, params: Params, world: World) -> Case:
    spec: dict[str, Any] = {"Tags": [{"Key": "conformance", "Value": "x"}]}
    if draw(st.booleans()):
        spec["ResourceType"] = ""
    params.setdefault(SPECS, []).append(spec)
    return case(params, "R-TAG-2", f"{SPECS}[{len(params[SPECS]) - 1}].ResourceType", "tag-type-missing")


def type_repeated(draw: st.DrawFn, params: Params, world: World) -> Case:
    resource_type = _type(draw, params)
    first = spec_for(params, resource_type)
    if not first["Tags"]:  # an empty Tags list is a second mistake in the same member: both specs carry a tag
        first["Tags"].append({"Key": "conformance-1", "Value": "x"})
    params[SPECS].append({"ResourceType": resource_type, "Tags": [{"Key": "conformance-2", "Value": "x"}]})
    return case(params, "R-TAG-3", f"{SPECS}[{len(params[SPECS]) - 1}].ResourceType", "tag-type-repeated")


def key_too_long(draw: st.DrawFn, params: Params, world: World) -> Case:
    key = "k" * (TAG_KEY_MAX + draw(st.integers(1, 20)))
    path = _add_tag(params, _type(draw, params), {"Key": key, "Value": "x"})
    return case(params, "R-TAG-4", f"{path}.Key", "tag-key-too-long")


def value_too_long(draw: st.DrawFn, params: Params, world: World) -> Case:
    value = "v" * (TAG_VALUE_MAX + draw(st.integers(1, 20)))
    path = _add_tag(params, _type(draw, params), {"Key": "conformance-long", "Value": value})
    return case(params, "R-TAG-5", f"{path}.Value", "tag-value-too-long")


def reserved_prefix(draw: st.DrawFn, params: Params, world: World) -> Case:
    key = TAG_RESERVED_PREFIX + draw(st.sampled_from(["cloudformation:stack-name", "conformance", "x"]))
    path = _add_tag(params, _type(draw, params), {"Key": key, "Value": "x"})
    return case(params, "R-TAG-6", f"{path}.Key", "tag-key-aws-prefix")


def key_empty(draw: st.DrawFn, params: Params, world: World) -> Case:
    path = _add_tag(params, _type(draw, params), {"Key": "", "Value": "x"})
    return case(params, "R-TAG-7", f"{path}.Key", "tag-key-empty")


def duplicate_key(draw: st.DrawFn, params: Params, world: World) -> Case:
    spec = spec_for(params, _type(draw, params))
    tags = spec["Tags"] or [{"Key": "conformance", "Value": "a"}]
    copy = {"Key": tags[0]["Key"], "Value": draw(st.sampled_from(["a", "b"]))}
    spec["Tags"] = [*tags[: TAGS_PER_RESOURCE_MAX - 1], copy]
    path = f"{SPECS}[{spec_index(params, spec)}].Tags[{len(spec['Tags']) - 1}].Key"
    return case(params, "R-TAG-8", path, "tag-key-duplicate")


def too_many(draw: st.DrawFn, params: Params, world: World) -> Case:
    spec = spec_for(params, _type(draw, params))
    count = TAGS_PER_RESOURCE_MAX + draw(st.integers(1, 5))
    spec["Tags"] = [{"Key": f"conformance-{i}", "Value": str(i)} for i in range(count)]
    return case(params, "R-TAG-9", f"{SPECS}[{spec_index(params, spec)}].Tags", "tag-too-many")


def _imds_ok(tag: dict[str, Any]) -> bool:
    key = str(tag.get("Key", ""))
    return IMDS_TAG_KEY_PATTERN.fullmatch(key) is not None and key not in IMDS_TAG_KEY_RESERVED


def imds_key_invalid(draw: st.DrawFn, params: Params, world: World) -> Case:
    put(params, "MetadataOptions.InstanceMetadataTags", "enabled")
    spec = spec_for(params, INSTANCE_RESOURCE_TYPE)
    spec["Tags"] = [t for t in spec["Tags"] if _imds_ok(t)]  # the base's keys may be fine without IMDS tags
    key = draw(st.sampled_from(["Patch Group", "team/owner", "_index", "..", "."]))
    path = _add_tag(params, INSTANCE_RESOURCE_TYPE, {"Key": key, "Value": "x"})
    return case(params, "R-TAG-10", f"{path}.Key", "tag-key-invalid-with-imds-tags")


def interface_tags_without_new_interface(draw: st.DrawFn, params: Params, world: World) -> Case:
    """R-TAG-15 (mined-capa-5594-nic-tags-without-new-nic): the request's only interface is an existing one, and it
    tags network interfaces."""
    existing_interface(params, draw(st.sampled_from(world.network_interface_ids)))
    path = _add_tag(params, INTERFACE_RESOURCE_TYPE, {"Key": "conformance", "Value": "x"})
    return case(params, "R-TAG-15", f"{path.rsplit('.', 1)[0]}.ResourceType",
                "tag-network-interface-without-new-interface")


MUTATIONS: tuple[MutationSpec, ...] = (
    MutationSpec("tag-type-not-taggable", "R-TAG-1", RESOURCE_TYPE, not_taggable),
    MutationSpec("tag-type-missing", "R-TAG-2", RESOURCE_TYPE, type_missing),
    MutationSpec("tag-type-repeated", "R-TAG-3", RESOURCE_TYPE, type_repeated),
    MutationSpec("tag-key-too-long", "R-TAG-4", f"{SPECS}[].Tags[].Key", key_too_long),
    MutationSpec("tag-value-too-long", "R-TAG-5", f"{SPECS}[].Tags[].Value", value_too_long),
    MutationSpec("tag-key-aws-prefix", "R-TAG-6", f"{SPECS}[].Tags[].Key", reserved_prefix),
    MutationSpec("tag-key-empty", "R-TAG-7", f"{SPECS}[].Tags[].Key", key_empty),
    MutationSpec("tag-key-duplicate", "R-TAG-8", f"{SPECS}[].Tags[].Key", duplicate_key),
    MutationSpec("tag-too-many", "R-TAG-9", f"{SPECS}[].Tags[]", too_many),
    MutationSpec("tag-key-invalid-with-imds-tags", "R-TAG-10", f"{SPECS}[].Tags[].Key", imds_key_invalid),
    MutationSpec("tag-network-interface-without-new-interface", "R-TAG-15", RESOURCE_TYPE,
                 interface_tags_without_new_interface, applicable=lambda w: bool(w.network_interface_ids)),
)
