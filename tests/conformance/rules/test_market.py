"""The market family (conformance/rules/market.py: R-MKT Spot and market options, R-CR capacity reservations):
each predicate fires on a request that breaks its rule and not on the valid neighbour beside it; R-CR-1 flags a
launch that does not show the reservation preference asked for."""

from __future__ import annotations

from typing import Any

from conformance.rules.market import RULES as FAMILY
from tests.support.family_tables import broken_instance_tests, neighbour_tests
from tests.support.rule_requests import WORLD, Edit, both, instance, member

CR_ID = "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId"
CR_GROUP = "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationResourceGroupArn"
PREFERENCE = "CapacityReservationSpecification.CapacityReservationPreference"

# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
    ("R-MKT-1", member("InstanceMarketOptions.MarketType", "reserved"),
     member("InstanceMarketOptions.MarketType", "capacity-block")),
    ("R-MKT-2", member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"),
     both(member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"),
          member("HibernationOptions.Configured", True))),
    ("R-MKT-3", member("InstanceMarketOptions.SpotOptions.ValidUntil", "2031-01-01T00:00:00Z"),
     both(member("InstanceMarketOptions.SpotOptions.ValidUntil", "2031-01-01T00:00:00Z"),
          member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"),
          member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop"))),
    ("R-MKT-4", member("InstanceMarketOptions.SpotOptions.MaxPrice", "0.001"),
     member("InstanceMarketOptions.SpotOptions.MaxPrice", "0.002")),
    ("R-CR-2", member(CR_ID, "cr-x"), member(CR_ID, WORLD.capacity_reservation_ids[0])),
    ("R-CR-2", member(CR_ID, "cr-0ffffffffffffffff"),
     member("CapacityReservationSpecification.CapacityReservationPreference", "none")),
    ("R-CR-3", both(member(CR_ID, WORLD.capacity_reservation_ids[0]), member(PREFERENCE, "open")),
     both(member(CR_ID, WORLD.capacity_reservation_ids[0]), member(PREFERENCE, "capacity-reservations-only"))),
    ("R-CR-3", both(member(CR_GROUP, WORLD.capacity_reservation_group_arns[0]), member(PREFERENCE, "none")),
     member(CR_GROUP, WORLD.capacity_reservation_group_arns[0])),
    ("R-CR-3", both(member(CR_ID, WORLD.capacity_reservation_ids[0]), member(PREFERENCE, "none")),
     member(PREFERENCE, "none")),
    ("R-MKT-8", member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop"),
     both(member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop"),
          member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"))),
    ("R-MKT-8", both(member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "hibernate"),
                     member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "one-time")),
     member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "terminate")),
]


test_predicate_fires_on_the_violation_only, test_every_predicate_has_a_table_row_and_a_mutation = (
    neighbour_tests(TABLE, FAMILY))


# --- post-conditions ---

# (rule id, a described instance that breaks it)
BROKEN_INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("R-CR-1", instance(CapacityReservationSpecification={"CapacityReservationPreference": "none"})),
]


test_every_postcondition_is_exercised, test_postcondition_flags_broken_and_accepts_good = (
    broken_instance_tests(BROKEN_INSTANCES, FAMILY))


