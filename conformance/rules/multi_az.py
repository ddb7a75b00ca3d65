"""Multi-Availability Zone EBS volumes (BlockDeviceMappings.N.Ebs.MultiAvailabilityZoneConfiguration):
R-BDM-24..28, rules of the block device family."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any

from conformance.rules._readers import codes, ebs_entries, family_rule, requested_zones
from conformance.rules._request import dicts, given
from conformance.rules.core import Predicate, Rule, RuleClass
from strategies.case import Case
from strategies.limits import STANDBY_ZONES_PER_VOLUME
from strategies.world import World

FAMILY = "block_devices"
CONFIG = "MultiAvailabilityZoneConfiguration"
MAZ = f"BlockDeviceMappings[].Ebs.{CONFIG}"
STANDBY = f"{MAZ}.StandbyAvailabilityZones[]"
ZONE_KEYS = ("AvailabilityZone", "AvailabilityZoneId")
UNDOCUMENTED = "code undocumented: the plausible set is accepted"
SDK = "[SDK-MAZ] 2026-12-07"
API = "[API-SVAZ] 2026-12-07"
_CONFIG_QUOTE = ("To create a Multi-Availability Zone volume, specify the configuration type and the standby "
                 "Availability Zone.")
_SECOND_ZONE_QUOTE = ("Valid values: multi-az-1. For this configuration, the volume is synchronously replicated to a "
                      "standby replica in a second Availability Zone.")
_EITHER_QUOTE = "Either AvailabilityZone or AvailabilityZoneId must be specified, but not both."
# A standby entry -> True (breaks the rule), False (holds), None (the World cannot tell).
EntryTest = Callable[[Mapping[str, Any], Case, World], bool | None]


def configurations(case: Case) -> Iterator[Mapping[str, Any]]:
    """Every non-empty MultiAvailabilityZoneConfiguration of the request's Ebs mappings."""
    for _, ebs in ebs_entries(case):
        config = ebs.get(CONFIG)
        if isinstance(config, Mapping) and config:
            yield config


def standby_entries(case: Case) -> Iterator[Mapping[str, Any]]:
    for config in configurations(case):
        yield from dicts(config.get("StandbyAvailabilityZones"))


def _incomplete(case: Case, world: World) -> bool:
    """R-BDM-24: a configuration without its type or without a standby zone."""
    return any(not (given(c, "ConfigurationType") and given(c, "StandbyAvailabilityZones"))
               for c in configurations(case))


def _not_one_standby_zone(case: Case, world: World) -> bool:
    """R-BDM-25: more than one standby zone (none is R-BDM-24's)."""
    return any(len(dicts(c.get("StandbyAvailabilityZones"))) > STANDBY_ZONES_PER_VOLUME for c in configurations(case))


def _name_and_id(case: Case, world: World) -> bool:
    """R-BDM-26: a standby zone named by both its name and its id, or by neither."""
    return any(given(entry, ZONE_KEYS[0]) == given(entry, ZONE_KEYS[1]) for entry in standby_entries(case))


def _judged(test: EntryTest) -> tuple[Predicate, Predicate]:
    """(violated, open_when): some standby entry breaks the rule or may; open when none surely does."""

    def verdicts(case: Case, world: World) -> list[bool | None]:
        return [test(entry, case, world) for entry in standby_entries(case)]

    def violated(case: Case, world: World) -> bool:
        return any(v is not False for v in verdicts(case, world))

    def open_when(case: Case, world: World) -> bool:
        found = verdicts(case, world)
        return None in found and True not in found

    return violated, open_when


def _outside_region(entry: Mapping[str, Any], case: Case, world: World) -> bool | None:
    """R-BDM-27: a zone of the World's region; a zone the World does not list is decided only when its name names
    another region."""
    verdicts: list[bool | None] = []
    for key in ZONE_KEYS:
        ident = entry.get(key)
        if not isinstance(ident, str) or world.zone(ident) is not None:
            continue
        foreign = key == "AvailabilityZone" and not ident.startswith(world.region)
        verdicts.append(True if foreign else None)
    return True if True in verdicts else (None if verdicts else False)


def _instance_zone(entry: Mapping[str, Any], case: Case, world: World) -> bool | None:
    """R-BDM-28: the standby zone is not the instance's (unknown where the request leaves the zone to EC2)."""
    zones = [z for key in ZONE_KEYS if isinstance(ident := entry.get(key), str) and (z := world.zone(ident))]
    if not zones:
        return False  # a zone the World does not list is R-BDM-27's
    placed = requested_zones(case, world)
    return any(z.name in placed for z in zones) if placed else None


outside_region, outside_region_unknown = _judged(_outside_region)
instance_zone, instance_zone_unknown = _judged(_instance_zone)

_rule = partial(family_rule, FAMILY)
_PARAMETER = ("InvalidParameterValue", "InvalidParameterCombination", "InvalidBlockDeviceMapping")

RULES: tuple[Rule, ...] = (
    _rule(
        "R-BDM-24", (f"{MAZ}.ConfigurationType", f"{STANDBY}.AvailabilityZone", f"{STANDBY}.AvailabilityZoneId"),
        "a MultiAvailabilityZoneConfiguration without ConfigurationType or without StandbyAvailabilityZones -> "
        "an error",
        ((SDK, _CONFIG_QUOTE),),
        outcome=codes(*_PARAMETER, "MissingParameter"), violated=_incomplete, reason=UNDOCUMENTED,
    ),
    _rule(
        "R-BDM-25", (f"{STANDBY}.AvailabilityZone", f"{STANDBY}.AvailabilityZoneId"),
        "more than one standby Availability Zone in a MultiAvailabilityZoneConfiguration -> an error",
        ((SDK, "The standby Availability Zone for the Multi-Availability Zone volume. You must specify exactly "
               "one."),),
        outcome=codes(*_PARAMETER), violated=_not_one_standby_zone, reason=UNDOCUMENTED + "; none is R-BDM-24's",
    ),
    _rule(
        "R-BDM-26", (f"{STANDBY}.AvailabilityZone", f"{STANDBY}.AvailabilityZoneId"),
        "a standby zone with both AvailabilityZone and AvailabilityZoneId, or with neither -> an error",
        ((API, _EITHER_QUOTE),),
        outcome=codes(*_PARAMETER, "MissingParameter"), violated=_name_and_id, reason=UNDOCUMENTED,
    ),
    _rule(
        "R-BDM-27", (f"{STANDBY}.AvailabilityZone", f"{STANDBY}.AvailabilityZoneId"),
        "a standby Availability Zone that is not a zone of the region -> an error",
        ((API, "The name of the standby Availability Zone. For example, us-east-1a."),
         (SDK, _SECOND_ZONE_QUOTE)),
        rule_class=RuleClass.RESOURCE, outcome=codes(*_PARAMETER), violated=outside_region,
        open_when=outside_region_unknown,
        reason=UNDOCUMENTED + "; decided for the zones the World lists and for names of another region; a name or "
        "id the World does not list may still be a zone of the region (recorded, not asserted)",
    ),
    _rule(
        "R-BDM-28", (f"{STANDBY}.AvailabilityZone", f"{STANDBY}.AvailabilityZoneId", "Placement.AvailabilityZone",
                     "SubnetId"),
        "the standby Availability Zone is the instance's own zone (not a second zone) -> an error",
        ((SDK, _SECOND_ZONE_QUOTE),),
        rule_class=RuleClass.RESOURCE, outcome=codes(*_PARAMETER), violated=instance_zone,
        open_when=instance_zone_unknown,
        reason=UNDOCUMENTED + "; decided where the request places the instance (Placement, its subnets); where "
        "EC2 picks the zone the standby zone may be it (recorded, not asserted)",
    ),
)
