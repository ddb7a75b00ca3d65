"""TagSpecifications rules: R-TAG-1..15 (catalogue section 9).

Tags are counted per TagSpecification: two specifications of one type already break R-TAG-3.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import partial
from typing import Any

from conformance.findings import FailedCheck
from conformance.rules._launch_views import dicts, from_template, requested_tags
from conformance.rules._readers import all_tags, codes, family_rule, get, launched, tag_specs, tags_of
from conformance.rules.core import Confidence, DryRun, Kind, Launch, Rule, RuleClass
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
from strategies.world import World

FAMILY = "tags"
SPEC = "TagSpecifications[]"
RESOURCE_TYPE = f"{SPEC}.ResourceType"
KEY = f"{SPEC}.Tags[].Key"
VALUE = f"{SPEC}.Tags[].Value"
PRESUMED = DryRun.VALIDATES


def _type_of(spec: Mapping[str, Any]) -> Any:
    return spec.get("ResourceType")


def _not_taggable(case: Case, world: World) -> bool:
    model_types = enum_values(RESOURCE_TYPE)
    return any(
        _type_of(s) in model_types and _type_of(s) not in TAGGABLE_ON_LAUNCH for s in tag_specs(case)
    )


def _type_missing(case: Case, world: World) -> bool:
    return any(_type_of(s) in (None, "") for s in tag_specs(case))


def _type_repeated(case: Case, world: World) -> bool:
    seen = Counter(_type_of(s) for s in tag_specs(case) if _type_of(s) not in (None, ""))
    return any(n > 1 for n in seen.values())


def _key(tag: Mapping[str, Any]) -> str | None:
    key = tag.get("Key")
    return key if isinstance(key, str) else None


def _key_too_long(case: Case, world: World) -> bool:
    return any(len(_key(tag) or "") > TAG_KEY_MAX for _, tag in all_tags(case))


def _value_too_long(case: Case, world: World) -> bool:
    return any(len(str(tag.get("Value", ""))) > TAG_VALUE_MAX for _, tag in all_tags(case))


def _reserved_prefix(case: Case, world: World) -> bool:
    return any((_key(tag) or "").startswith(TAG_RESERVED_PREFIX) for _, tag in all_tags(case))


def _key_empty(case: Case, world: World) -> bool:
    return any(not _key(tag) for _, tag in all_tags(case))


def _duplicate_key(case: Case, world: World) -> bool:
    for spec in tag_specs(case):
        keys = Counter(_key(tag) for tag in tags_of(spec) if _key(tag))
        if any(n > 1 for n in keys.values()):
            return True
    return False


def _too_many(case: Case, world: World) -> bool:
    return any(len(tags_of(spec)) > TAGS_PER_RESOURCE_MAX for spec in tag_specs(case))


def _imds_key_invalid(key: str) -> bool:
    return IMDS_TAG_KEY_PATTERN.fullmatch(key) is None or key in IMDS_TAG_KEY_RESERVED


def _imds_incompatible_key(case: Case, world: World) -> bool:
    if get(case.params, "MetadataOptions.InstanceMetadataTags") != "enabled":
        return False
    return any(
        _type_of(spec) == INSTANCE_RESOURCE_TYPE and bool(_key(tag)) and _imds_invalid_key(tag)
        for spec, tag in all_tags(case)
    )


def _imds_invalid_key(tag: Mapping[str, Any]) -> bool:
    key = _key(tag)
    return key is not None and _imds_key_invalid(key)


# --- post-conditions: tags given for "instance" show on the instance ---

INSTANCE_TAGS = "TagSpecifications[instance].Tags"


def requested_instance_tags(case: Case) -> dict[str, str]:
    return {
        str(tag["Key"]): str(tag.get("Value", ""))
        for spec, tag in all_tags(case)
        if _type_of(spec) == INSTANCE_RESOURCE_TYPE and _key(tag)
    }


def _shown_tags(instance: Mapping[str, Any]) -> dict[str, str]:
    found = instance.get("Tags") or []
    return {str(t.get("Key")): str(t.get("Value", "")) for t in found if isinstance(t, Mapping)}


def _tags_applied(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    wanted = requested_instance_tags(case)
    return [
        FailedCheck(INSTANCE_TAGS, f"{instance.get('InstanceId')}: tag {key!r} given for the instance is missing")
        for instance in launch.described
        for key in sorted(set(wanted) - set(_shown_tags(instance)))
    ]


def _tags_exact(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    wanted = requested_instance_tags(case)
    problems: list[FailedCheck] = []
    for instance in launch.described:
        shown = _shown_tags(instance)
        for key, value in sorted(wanted.items()):
            if key in shown and shown[key] != value:
                problems.append(FailedCheck(f"{INSTANCE_TAGS}.Value",
                                        f"{instance.get('InstanceId')}: tag {key!r}={shown[key]!r}, sent {value!r}"))
    return problems


def _unasked_keys(shown: Any, wanted: set[tuple[Any, Any]]) -> list[str]:
    """The keys a resource shows that the request did not give it (AWS's own aws: keys aside)."""
    keys = {str(t.get("Key")) for t in dicts(shown)} - {str(key) for key, _ in wanted}
    return sorted(key for key in keys if not key.startswith(TAG_RESERVED_PREFIX))


def _existing_interfaces(case: Case) -> set[str]:
    return {str(n.get("NetworkInterfaceId")) for n in dicts(case.params.get("NetworkInterfaces"))
            if n.get("NetworkInterfaceId")}


def _interface_tags_without_new_interface(case: Case, world: World) -> bool:
    """R-TAG-15: tags for network interfaces while every interface of the request is an existing one."""
    interfaces = dicts(case.params.get("NetworkInterfaces"))
    return bool(interfaces) and all(n.get("NetworkInterfaceId") for n in interfaces) and any(
        _type_of(s) == INTERFACE_RESOURCE_TYPE for s in tag_specs(case))


def _nothing_added(case: Case, world: World, launch: Launch) -> list[FailedCheck]:
    """Every tag an instance, its volumes and its new interfaces carry was given for that resource type."""
    if from_template(case):
        return []  # the World does not know the tags a launch template gives
    shown: list[tuple[str, str, Any]] = [
        ("instance", f"{source} {i.get('InstanceId')}", i.get("Tags"))
        for source, i in launched(launch.reservation, launch.described)]
    shown += [("volume", f"DescribeVolumes {v.get('VolumeId')}", v.get("Tags")) for v in launch.volumes]
    existing = _existing_interfaces(case)
    shown += [("network-interface", f"DescribeNetworkInterfaces {n.get('NetworkInterfaceId')}", n.get("TagSet"))
              for n in launch.interfaces if n.get("NetworkInterfaceId") not in existing]
    return [
        FailedCheck(f"{SPEC}.Tags[] ({resource_type}, not requested)", f"{where}: tag {key!r} was not requested")
        for resource_type, where, tags in shown
        for key in _unasked_keys(tags, requested_tags(case, resource_type))
    ]


_tag_rule = partial(family_rule, FAMILY, dry_run=PRESUMED)


RULES: tuple[Rule, ...] = (
    _tag_rule(
        "R-TAG-1", (RESOURCE_TYPE,),
        "a model ResourceType that RunInstances cannot tag (only instance, volume, spot-instances-request, "
        "network-interface) -> InvalidParameterValue; values outside the model enum are R-ENUM-1's",
        (("[BC]", "You can specify tags for the following resources only: Instances · Volumes · Spot "
          "Instance requests · Network interfaces"),
         ("OBS-TAG-RESTYPE", "'network-interface' is not a valid taggable resource type for this "
          "operation.")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterValue"), violated=_not_taggable,
    ),
    _tag_rule(
        "R-TAG-2", (RESOURCE_TYPE,), "a TagSpecification without a ResourceType -> InvalidParameterValue",
        (("OBS-TAG-RESTYPE-EMPTY", "Tag specification resource type must have a value"),),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterValue"), violated=_type_missing,
        reason="an empty string counts as missing (R-ENUM-1 leaves it to this rule)",
    ),
    _tag_rule(
        "R-TAG-3", (RESOURCE_TYPE,), "one ResourceType in two TagSpecifications -> InvalidParameterValue",
        (("OBS-DRYRUN-VALIDATES-TAGSPEC", "The same resource type may not be specified more than once in "
          "tag specifications"),),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterValue"), violated=_type_repeated,
        reason="observed under DryRun too (same (obs))",
    ),
    _tag_rule(
        "R-TAG-4", (KEY,), "a tag key longer than 128 characters -> InvalidParameterValue",
        (("[UG-TAG]", "Maximum key length - 128 Unicode characters in UTF-8"),
         ("OBS-TAG-KEYLEN", "Tag key exceeds the maximum length of 128 characters")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterValue"), violated=_key_too_long,
        reason="[BC] says 127: a key of exactly 128 characters is not asserted either way",
    ),
    _tag_rule(
        "R-TAG-5", (VALUE,), "a tag value longer than 256 characters -> an error",
        (("[BC]", "Tag values are case-sensitive and accept a maximum of 256 Unicode characters."),),
        confidence=Confidence.INFERRED, outcome=codes("InvalidParameterValue"), violated=_value_too_long,
        reason="code undocumented: InvalidParameterValue as for the key length (OBS-TAG-KEYLEN)",
    ),
    _tag_rule(
        "R-TAG-6", (KEY,), "a tag key starting with aws: -> InvalidParameterValue or InvalidTagKey.Malformed",
        (("[BC]", "May not begin with aws:."),
         ("[ERR]", "Tag keys cannot be empty or null, and cannot start with aws:."),
         ("OBS-TAG-AWS", "Tag keys starting with 'aws:' are reserved for internal use")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterValue", "InvalidTagKey.Malformed"),
        violated=_reserved_prefix,
    ),
    _tag_rule(
        "R-TAG-7", (KEY,), "an empty or missing tag key -> InvalidTagKey.Malformed",
        (("[ERR]", "Tag keys cannot be empty or null, and cannot start with aws:."),),
        confidence=Confidence.DOCUMENTED, outcome=codes("InvalidTagKey.Malformed", "InvalidParameterValue"),
        violated=_key_empty, reason="the code on RunInstances is unverified: InvalidParameterValue accepted",
    ),
    _tag_rule(
        "R-TAG-8", (KEY,), "the same key twice in one TagSpecification (case-sensitive) -> "
        "InvalidParameterValue",
        (("[UG-TAG]", "each tag key must be unique, and each tag key can have only one value"),
         ("OBS-TAG-DUPKEY", "Duplicate tag key 'keep' specified.")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterValue"), violated=_duplicate_key,
    ),
    _tag_rule(
        "R-TAG-9", (f"{SPEC}.Tags[]",), "more than 50 tags for one resource -> TagLimitExceeded",
        (("[UG-TAG]", "Maximum number of tags per resource - 50"), ("[ERR]", "TagLimitExceeded")),
        confidence=Confidence.DOCUMENTED, outcome=codes("TagLimitExceeded", "InvalidParameterValue"),
        violated=_too_many, reason="the code on RunInstances is unverified: InvalidParameterValue accepted",
    ),
    _tag_rule(
        "R-TAG-10", (KEY, "MetadataOptions.InstanceMetadataTags"),
        "instance metadata tags enabled and an instance tag key outside [0-9a-zA-Z-_+=,.@:]{1,255} or "
        "equal to . .. _index -> InvalidParameterValue",
        (("[UG-TAG]", "Instance tag keys can't contain spaces or /, and can't comprise only . (one "
          "period), .. (two periods), or _index."),
         ("OBS-TAG-IMDS", "'Patch Group' is not a valid tag key.")),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterValue"),
        violated=_imds_incompatible_key, reason="empty keys are R-TAG-7's",
    ),
    _tag_rule(
        "R-TAG-11", (KEY, VALUE),
        "tag keys and values are kept exactly (case-sensitive, any character): DescribeInstances shows the "
        "values sent",
        (("[UG-TAG]", "Tag keys and values are case-sensitive."),),
        kind=Kind.POSTCONDITION, confidence=Confidence.DOCUMENTED, dry_run=DryRun.NOT_APPLICABLE,
        postcondition=_tags_exact,
    ),
    _tag_rule(
        "R-TAG-12", (f"{SPEC}.Tags[]",),
        "all-or-nothing: a successful launch carries every tag given for the instance",
        (("[UG-TAG]", "If tags cannot be applied during resource creation, we roll back the resource "
          "creation process."),),
        kind=Kind.POSTCONDITION, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE, postcondition=_tags_applied,
        reason="checked for instance tags in DescribeInstances (volume/ENI/Spot tags need other calls)",
    ),
    _tag_rule(
        "R-TAG-13", (f"{SPEC}.Tags[]",), "tags not compliant with the organisation's tag policy -> "
        "TagPolicyViolation",
        (("[ERR]", "TagPolicyViolation"),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("TagPolicyViolation"), dry_run=DryRun.UNKNOWN,
        reason="organisation tag policies are not part of the world",
    ),
    _tag_rule(
        "R-TAG-14", (f"{SPEC}.Tags[]",),
        "success -> the instance, its volumes and its new interfaces carry only the tags given for their own "
        "resource type (keys in the reserved aws: prefix aside)",
        (("[BC]", "TagSpecifications: The tags to apply to the resources that are created during instance "
          "launch. You can specify tags for the following resources only: Instances · Volumes · Spot Instance "
          "requests · Network interfaces"),
         ("[BC]", "Instance.Tags: Any tags assigned to the instance.")),
        kind=Kind.POSTCONDITION, rule_class=RuleClass.RESOURCE, confidence=Confidence.INFERRED,
        dry_run=DryRun.NOT_APPLICABLE, postcondition=_nothing_added,
        reason="not judged for launch-template launches (the World does not know a template's tags); interfaces "
        "attached by NetworkInterfaceId keep the tags they had",
    ),
    _tag_rule(
        "R-TAG-15", (RESOURCE_TYPE, "NetworkInterfaces[].NetworkInterfaceId"),
        "tags for network interfaces when every interface of the request is an existing one (none is created) "
        "-> InvalidParameterValue",
        (("[BC]", "TagSpecifications: The tags to apply to the resources that are created during instance "
          "launch."),
         ("mined-capa-5594-nic-tags-without-new-nic", "You cannot specify tags for network interfaces if there "
          "are no network interfaces being created by the request.")),
        rule_class=RuleClass.STATIC, confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterValue"),
        violated=_interface_tags_without_new_interface,
        reason="observed 2025-07-17; without NetworkInterfaces the launch creates its primary interface, so the "
        "rule judges only requests whose interfaces are all attached by NetworkInterfaceId",
    ),
)
