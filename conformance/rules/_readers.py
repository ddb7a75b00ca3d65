"""Small readers of an API-shaped request, shared by the rule predicates (no rule lives here)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any

from conformance.rules.core import Citation, Confidence, DryRun, ErrorOutcome, Kind, Rule, RuleClass
from strategies.case import Case
from strategies.limits import DEFAULT_VOLUME_TYPE, ROOT_DEVICE_NAMES, instance_family
from strategies.world import Image, World


def get(params: Mapping[str, Any], dotted: str) -> Any:
    """The value at `A.B.C` in nested dicts, or None when any step is missing."""
    value: Any = params
    for key in dotted.split("."):
        if not (type(value) is dict or isinstance(value, Mapping)) or key not in value:  # dict: the fast path
            return None
        value = value[key]
    return value


def has(params: Mapping[str, Any], dotted: str) -> bool:
    return get(params, dotted) is not None


def items(params: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The dict entries of a list member (non-dict entries are skipped)."""
    value = params.get(key)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if type(entry) is dict or isinstance(entry, Mapping)]


def is_true(value: Any) -> bool:
    return value is True


def cite(source: str, quote: str) -> Citation:
    return Citation(source, quote)


def codes(*names: str, status: int = 400) -> ErrorOutcome:
    return ErrorOutcome(frozenset(names), status)


# --- instance type and image ---


def instance_type(case: Case) -> str | None:
    value = case.params.get("InstanceType")
    return value if isinstance(value, str) else None


def family(case: Case) -> str | None:
    itype = instance_type(case)
    return None if itype is None else instance_family(itype)


def image(case: Case, world: World) -> Image | None:
    image_id = case.params.get("ImageId")
    return world.image(image_id) if isinstance(image_id, str) else None


def root_device(case: Case, world: World) -> str | None:
    found = image(case, world)
    return None if found is None else found.root_device_name


# --- block device mappings ---


def requested_zones(case: Case, world: World) -> set[str]:
    """R-ITYPE-2: the zone names the request places its instances in (Placement, the subnet, the interfaces'
    subnets), as far as the World knows them."""
    placement = case.params.get("Placement")
    named = [placement.get("AvailabilityZone"), placement.get("AvailabilityZoneId")] if isinstance(
        placement, Mapping) else []
    zones = {z.name for ident in named if isinstance(ident, str) and (z := world.zone(ident)) is not None}
    subnet_ids = [case.params.get("SubnetId"), *(n.get("SubnetId") for n in items(case.params, "NetworkInterfaces"))]
    for ident in subnet_ids:
        subnet = world.subnet(ident) if isinstance(ident, str) else None
        if subnet is not None:
            zones.add(subnet.availability_zone)
    return zones


def mappings(case: Case) -> list[Mapping[str, Any]]:
    return items(case.params, "BlockDeviceMappings")


def ebs_entries(case: Case) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(mapping, Ebs) for every mapping that carries an Ebs block and no NoDevice."""
    for mapping in mappings(case):
        ebs = mapping.get("Ebs")
        if isinstance(ebs, Mapping) and "NoDevice" not in mapping:
            yield mapping, ebs


def volume_type(ebs: Mapping[str, Any]) -> str:
    value = ebs.get("VolumeType")
    return value if isinstance(value, str) else DEFAULT_VOLUME_TYPE


def int_value(mapping: Mapping[str, Any], key: str) -> int | None:
    value = mapping.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def is_root(mapping: Mapping[str, Any], case: Case, world: World) -> bool:
    root = root_device(case, world)
    return root is not None and mapping.get("DeviceName") == root


def may_be_root(mapping: Mapping[str, Any], case: Case, world: World) -> bool:
    """The AMI's root device, or (AMI not in the world, e.g. from a launch template) a usual root name."""
    root = root_device(case, world)
    if root is None:
        return mapping.get("DeviceName") in ROOT_DEVICE_NAMES
    return mapping.get("DeviceName") == root


# --- tags ---


def tag_specs(case: Case) -> list[Mapping[str, Any]]:
    return items(case.params, "TagSpecifications")


def tags_of(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return items(spec, "Tags")


def all_tags(case: Case) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(spec, tag) for every tag of every TagSpecification."""
    for spec in tag_specs(case):
        for tag in tags_of(spec):
            yield spec, tag


# --- post-conditions ---


class Answer(StrEnum):
    """The answer that shows an instance: the launch's own, or DescribeInstances' read-back."""

    RUN = "RunInstances"
    DESCRIBE = "DescribeInstances"


def launched(
    reservation: Mapping[str, Any], described: list[Mapping[str, Any]]
) -> Iterator[tuple[Answer, Mapping[str, Any]]]:
    """(the answer, instance) for every instance the two answers show."""
    shown = reservation.get("Instances")
    for instance in shown if isinstance(shown, list) else []:
        if isinstance(instance, Mapping):
            yield Answer.RUN, instance
    for instance in described:
        yield Answer.DESCRIBE, instance


def instance_label(source: str, instance: Mapping[str, Any]) -> str:
    return f"{source} {instance.get('InstanceId', '?')}"


def family_rule(
    family: str, rule_id: str, members: tuple[str, ...], summary: str,
    citations: tuple[tuple[str, str], ...], **fields: Any,
) -> Rule:
    """A rule of `family`; by default a static validation rule with an inferred code that DryRun validates."""
    settings: dict[str, Any] = {
        "kind": Kind.VALIDATION, "rule_class": RuleClass.STATIC, "dry_run": DryRun.VALIDATES,
        "confidence": Confidence.INFERRED,
    }
    settings.update(fields)
    return Rule(
        id=rule_id, family=family, members=members, summary=summary,
        citations=tuple(cite(s, q) for s, q in citations), **settings,
    )
