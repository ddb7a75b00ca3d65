"""Placement rules: R-PLC-1..10 (catalogue section 10)."""

from __future__ import annotations

from functools import partial
from typing import Any

from conformance.rules._readers import codes, family, family_rule, get, has
from conformance.rules.core import Confidence, DryRun, Kind, Rule, RuleClass
from strategies.case import Case
from strategies.limits import (
    HOST_TENANCY,
    HOST_TENANCY_NO_UNLIMITED_FAMILIES,
    ID_PATTERNS,
    PLACEMENT_AFFINITIES,
    UNLIMITED_CREDITS,
)
from strategies.world import PlacementGroup, World

FAMILY = "placement"
P = "Placement"
UNDOCUMENTED = "code undocumented: the plausible set is accepted"


def _placement(case: Case, key: str) -> Any:
    return get(case.params, f"{P}.{key}")


def _zone_and_zone_id(case: Case, world: World) -> bool:
    return has(case.params, f"{P}.AvailabilityZone") and has(case.params, f"{P}.AvailabilityZoneId")


def _group_name_and_id(case: Case, world: World) -> bool:
    return has(case.params, f"{P}.GroupName") and has(case.params, f"{P}.GroupId")


def _unlimited_t3_on_host(case: Case, world: World) -> bool:
    return (
        _placement(case, "Tenancy") == HOST_TENANCY
        and family(case) in HOST_TENANCY_NO_UNLIMITED_FAMILIES
        and get(case.params, "CreditSpecification.CpuCredits") == UNLIMITED_CREDITS
    )


def _host_group_without_host_tenancy(case: Case, world: World) -> bool:
    tenancy = _placement(case, "Tenancy")
    return has(case.params, f"{P}.HostResourceGroupArn") and tenancy is not None and tenancy != HOST_TENANCY


def _named_group(case: Case, world: World) -> PlacementGroup | None:
    name, ident = _placement(case, "GroupName"), _placement(case, "GroupId")
    return next(
        (g for g in world.placement_groups if name == g.group_name or ident == g.group_id), None
    )


def _group_given(case: Case) -> bool:
    return has(case.params, f"{P}.GroupName") or has(case.params, f"{P}.GroupId")


def _partition_without_partition_group(case: Case, world: World) -> bool:
    if not has(case.params, f"{P}.PartitionNumber"):
        return False
    if not _group_given(case):
        return True
    group = _named_group(case, world)
    return group is not None and group.strategy != "partition"


def _unknown_zone(case: Case, world: World) -> bool:
    zone = _placement(case, "AvailabilityZone")
    return zone is not None and all(z.name != zone for z in world.availability_zones)


def _bad_group(case: Case, world: World) -> bool:
    name, ident = _placement(case, "GroupName"), _placement(case, "GroupId")
    if name is not None and all(g.group_name != name for g in world.placement_groups):
        return True
    return ident is not None and all(g.group_id != ident for g in world.placement_groups)


def _bad_host(case: Case, world: World) -> bool:
    host, affinity = _placement(case, "HostId"), _placement(case, "Affinity")
    if affinity is not None and affinity not in PLACEMENT_AFFINITIES:
        return True
    if host is None:
        return False
    return ID_PATTERNS["h"].fullmatch(str(host)) is None or host not in world.host_ids


def _affinity_without_host_tenancy(case: Case, world: World) -> bool:
    """R-PLC-10: Affinity needs Tenancy=host (an omitted Tenancy is not host)."""
    return has(case.params, f"{P}.Affinity") and _placement(case, "Tenancy") != HOST_TENANCY


_rule = partial(family_rule, FAMILY)


RULES: tuple[Rule, ...] = (
    _rule(
        "R-PLC-1", (f"{P}.AvailabilityZone", f"{P}.AvailabilityZoneId"),
        "both AvailabilityZone and AvailabilityZoneId -> an error",
        (("[BC]", "On input, you can specify AvailabilityZone or AvailabilityZoneId, but not both."),),
        outcome=codes("InvalidParameterCombination", "InvalidParameterValue"),
        violated=_zone_and_zone_id, reason=UNDOCUMENTED,
    ),
    _rule(
        "R-PLC-2", (f"{P}.GroupName", f"{P}.GroupId"), "both GroupName and GroupId -> an error",
        (("[BC]", "On input, you can specify GroupId or GroupName, but not both."),),
        outcome=codes("InvalidParameterCombination", "InvalidParameterValue"),
        violated=_group_name_and_id, reason=UNDOCUMENTED,
    ),
    _rule(
        "R-PLC-3", (f"{P}.Tenancy", "InstanceType", "CreditSpecification.CpuCredits"),
        "host tenancy for a T3 instance with unlimited credits -> an error (tenancy values: R-ENUM-1)",
        (("[BC]", "host is not supported for T3 instances that are configured for the unlimited CPU credit "
          "option"),),
        outcome=codes("InvalidTenancy", "InvalidParameterCombination", "InvalidParameterValue"),
        violated=_unlimited_t3_on_host,
        reason=UNDOCUMENTED + "; R-CREDIT-4 states the same restriction from the credit side",
    ),
    _rule(
        "R-PLC-4", (f"{P}.HostResourceGroupArn", f"{P}.Tenancy"),
        "HostResourceGroupArn with a Tenancy other than host -> an error",
        (("[BC]", "if you specify this parameter, either omit the Tenancy parameter or set it to host."),),
        outcome=codes("InvalidTenancy", "InvalidParameterCombination", "InvalidParameterValue"),
        violated=_host_group_without_host_tenancy, reason=UNDOCUMENTED + " (InvalidTenancy likely)",
    ),
    _rule(
        "R-PLC-5", (f"{P}.PartitionNumber", f"{P}.GroupName", f"{P}.GroupId"),
        "PartitionNumber without a partition-strategy placement group -> an error",
        (("[BC]", "Valid only if the placement group strategy is set to partition."),),
        rule_class=RuleClass.RESOURCE,
        outcome=codes("InvalidParameterValue", "InvalidParameterCombination"),
        violated=_partition_without_partition_group,
        reason=UNDOCUMENTED + "; an unknown group is R-PLC-7's",
    ),
    _rule(
        "R-PLC-6", (f"{P}.AvailabilityZone",), "an AvailabilityZone name the world does not have",
        (("[ERR]", "InvalidZone.NotFound: The specified Availability Zone does not exist, or is not "
          "available for you to use."),),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("InvalidZone.NotFound", "InvalidAvailabilityZone", "InvalidParameterValue"),
        violated=_unknown_zone, reason="the docs do not say which of the three codes",
    ),
    _rule(
        "R-PLC-7", (f"{P}.GroupName", f"{P}.GroupId"),
        "an unknown placement group name, or a malformed/unknown group id",
        (("[ERR]", "InvalidPlacementGroup.Unknown: The specified placement group cannot be found."),
         ("[ERR]", "InvalidPlacementGroupId.Malformed: form pg-xxxxxxxxxxxxxxxxx")),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("InvalidPlacementGroup.Unknown", "InvalidPlacementGroupId.Malformed",
                      "InvalidPlacementGroupId.NotFound"),
        violated=_bad_group, reason="InvalidPlacementGroupId.NotFound (well-formed unknown id) is inferred",
    ),
    _rule(
        "R-PLC-8", (f"{P}.HostId", f"{P}.Affinity"),
        "a malformed or unknown HostId, or an Affinity other than default/host",
        (("[ERR]", "InvalidHostID.Malformed / InvalidHostId.Malformed / InvalidHostID.NotFound, "
          "InvalidAffinity"),),
        rule_class=RuleClass.RESOURCE, confidence=Confidence.DOCUMENTED,
        outcome=codes("InvalidHostID.Malformed", "InvalidHostId.Malformed", "InvalidHostID.NotFound",
                      "InvalidHostId.NotFound", "InvalidAffinity"),
        violated=_bad_host,
        reason="capacity problems on a known host (InsufficientCapacityOnHost, ...) are environmental",
    ),
    _rule(
        "R-PLC-9", (f"{P}.SpreadDomain",), "Placement.SpreadDomain is reserved for future use",
        (("[BC]", "Reserved for future use."),),
        kind=Kind.UNDECIDABLE, rule_class=RuleClass.RESERVED, confidence=Confidence.DOCUMENTED,
        dry_run=DryRun.NOT_APPLICABLE, tags=frozenset({"unsettled"}),
        reason="reserved member: no documented behaviour",
    ),
    _rule(
        "R-PLC-10", (f"{P}.Affinity", f"{P}.Tenancy"),
        "Placement.Affinity without Tenancy=host -> InvalidParameterCombination",
        (("ri-plc-affinity-without-host-tenancy", "The parameter affinity cannot be used without specifying "
          "a tenancy of 'host'"),),
        confidence=Confidence.OBSERVED, outcome=codes("InvalidParameterCombination"),
        violated=_affinity_without_host_tenancy,
        reason="observed 2026-01-15; an Affinity value outside default/host is R-PLC-8's",
    ),
)
