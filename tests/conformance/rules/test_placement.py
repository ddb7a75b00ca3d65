"""The placement family (conformance/rules/placement.py, R-PLC-1..10): each predicate fires on a request that
breaks its rule and not on the valid neighbour beside it."""

from __future__ import annotations

from conformance.rules.placement import RULES as FAMILY
from tests.support.family_tables import neighbour_tests
from tests.support.rule_requests import WORLD, Edit, both, member

# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
    ("R-PLC-1", both(member("Placement.AvailabilityZone", "us-east-1a"),
                     member("Placement.AvailabilityZoneId", "use1-az1")),
     member("Placement.AvailabilityZoneId", "use1-az1")),
    ("R-PLC-2", both(member("Placement.GroupName", "conformance-pg"),
                     member("Placement.GroupId", "pg-0a1b2c3d4e5f60718")),
     member("Placement.GroupName", "conformance-pg")),
    ("R-PLC-3", both(member("Placement.Tenancy", "host"),
                     member("CreditSpecification.CpuCredits", "unlimited")),
     both(member("Placement.Tenancy", "host"), member("CreditSpecification.CpuCredits", "standard"))),
    ("R-PLC-4", both(member("Placement.HostResourceGroupArn", "arn:aws:resource-groups:x"),
                     member("Placement.Tenancy", "dedicated")),
     both(member("Placement.HostResourceGroupArn", "arn:aws:resource-groups:x"),
          member("Placement.Tenancy", "host"))),
    ("R-PLC-5", member("Placement.PartitionNumber", 1),
     both(member("Placement.PartitionNumber", 1), member("Placement.GroupName", "conformance-pg"))),
    ("R-PLC-6", member("Placement.AvailabilityZone", "us-east-1q"),
     member("Placement.AvailabilityZone", "us-east-1b")),
    ("R-PLC-6", member("Placement.AvailabilityZone", "use1-az1"),
     member("Placement.AvailabilityZoneId", "use1-az1")),
    ("R-PLC-7", member("Placement.GroupName", "missing"), member("Placement.GroupName", "conformance-pg")),
    ("R-PLC-7", member("Placement.GroupId", "pg-xyz"), member("Placement.GroupId", "pg-0a1b2c3d4e5f60718")),
    ("R-PLC-8", member("Placement.HostId", "h-xyz"), member("Placement.HostId", WORLD.host_ids[0])),
    ("R-PLC-8", member("Placement.Affinity", "sticky"), member("Placement.Affinity", "host")),
    ("R-PLC-10", member("Placement.Affinity", "default"),
     both(member("Placement.Affinity", "default"), member("Placement.Tenancy", "host"))),
    ("R-PLC-10", both(member("Placement.Affinity", "host"), member("Placement.Tenancy", "dedicated")),
     member("Placement.Tenancy", "dedicated")),
]


test_predicate_fires_on_the_violation_only, test_every_predicate_has_a_table_row_and_a_mutation = (
    neighbour_tests(TABLE, FAMILY))


