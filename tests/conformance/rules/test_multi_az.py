"""The Multi-AZ volume rules (conformance/rules/multi_az.py, R-BDM-24..28): each predicate fires on a request that
breaks its rule and not on the valid neighbour beside it; a standby zone the World cannot judge leaves its rule
open, a decided one is asserted."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.findings import Expect
from conformance.oracle import expect
from conformance.rules import RULES, rule
from conformance.rules.multi_az import RULES as FAMILY
from strategies.case import Case
from tests.support.family_tables import neighbour_tests
from tests.support.rule_requests import WORLD, Edit, both, edited, member, volume

ZONE_A, ZONE_B = WORLD.availability_zones  # base() places the instance in zone a (its subnet's)
SECOND_ZONE = {"AvailabilityZone": ZONE_B.name}


def multi_az(*standby: dict[str, str], kind: str | None = "multi-az-1") -> Edit:
    """A new volume with a MultiAvailabilityZoneConfiguration (no StandbyAvailabilityZones when none given)."""
    config: dict[str, Any] = {"ConfigurationType": kind} if kind else {}
    config |= {"StandbyAvailabilityZones": list(standby)} if standby else {}
    return volume(VolumeType="gp3", VolumeSize=8, MultiAvailabilityZoneConfiguration=config)


# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
    ("R-BDM-24", multi_az(), multi_az(SECOND_ZONE)),
    ("R-BDM-24", multi_az(SECOND_ZONE, kind=None), multi_az({"AvailabilityZoneId": ZONE_B.zone_id})),
    ("R-BDM-25", multi_az(SECOND_ZONE, {"AvailabilityZoneId": ZONE_B.zone_id}), multi_az(SECOND_ZONE)),
    ("R-BDM-26", multi_az({"AvailabilityZone": ZONE_B.name, "AvailabilityZoneId": ZONE_B.zone_id}),
     multi_az(SECOND_ZONE)),
    ("R-BDM-26", multi_az({}), multi_az({"AvailabilityZoneId": ZONE_B.zone_id})),
    ("R-BDM-27", multi_az({"AvailabilityZone": "eu-west-1b"}), multi_az(SECOND_ZONE)),
    ("R-BDM-28", multi_az({"AvailabilityZone": ZONE_A.name}), multi_az(SECOND_ZONE)),
    ("R-BDM-28", multi_az({"AvailabilityZoneId": ZONE_A.zone_id}), multi_az({"AvailabilityZoneId": ZONE_B.zone_id})),
]


test_predicate_fires_on_the_violation_only, test_every_predicate_has_a_table_row_and_a_mutation = (
    neighbour_tests(TABLE, FAMILY))


@pytest.mark.parametrize(("rule_id", "edit"), [
    ("R-BDM-27", multi_az({"AvailabilityZone": f"{WORLD.region}z"})),
    ("R-BDM-27", multi_az({"AvailabilityZoneId": "use1-az9"})),
    ("R-BDM-28", both(member("SubnetId", None), multi_az(SECOND_ZONE))),
], ids=["zone-name-the-world-does-not-list", "zone-id-the-world-does-not-list", "zone-left-to-ec2"])
def test_a_standby_zone_the_world_cannot_judge_leaves_its_rule_open(rule_id: str, edit: Edit) -> None:
    """A zone the World does not list may be of the region; where EC2 picks the instance's zone it may be it."""
    case = edited(edit)
    case = Case({k: v for k, v in case.params.items() if v is not None})
    open_part = rule(rule_id).open_when
    assert {r.id for r in RULES.values() if r.violated is not None and r.violated(case, WORLD)} == {rule_id}
    assert open_part is not None and open_part(case, WORLD)
    assert expect(case, WORLD).kind is Expect.UNDETERMINED


def test_a_decided_standby_zone_is_asserted() -> None:
    case = edited(multi_az({"AvailabilityZone": ZONE_A.name}))
    open_part = rule("R-BDM-28").open_when
    assert open_part is not None and not open_part(case, WORLD)
    assert expect(case, WORLD).kind is Expect.ERROR
