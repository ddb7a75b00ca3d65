"""The compute family (conformance/rules/compute.py: R-CPU, R-CREDIT, R-HIB): each predicate fires on a request
that breaks its rule and not on the valid neighbour beside it; hibernation is judged against what the World knows
of the root's encryption and the type's support; R-HIB-4 flags a launch that does not show the hibernation asked
for."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from conformance.rules import rule
from conformance.rules.compute import RULES as FAMILY
from tests.support.family_tables import broken_instance_tests, neighbour_tests
from tests.support.rule_requests import IMAGE, WORLD, Edit, both, edited, instance, member
from tests.support.world_variants import UNENCRYPTED, WITH_LIMITED_TYPES

# (rule id, an edit that breaks it, an edit just on the valid side of the same rule)
TABLE: list[tuple[str, Edit, Edit]] = [
    ("R-CPU-1", member("CpuOptions.CoreCount", 1),
     both(member("CpuOptions.CoreCount", 1), member("CpuOptions.ThreadsPerCore", 1))),
    ("R-CPU-1", both(member("CpuOptions.CoreCount", 1), member("CpuOptions.ThreadsPerCore", 3)),
     both(member("CpuOptions.CoreCount", 2), member("CpuOptions.ThreadsPerCore", 2))),
    ("R-CPU-4", both(member("CpuOptions.CoreCount", 2), member("CpuOptions.ThreadsPerCore", 2)),
     both(member("CpuOptions.CoreCount", 1), member("CpuOptions.ThreadsPerCore", 2))),
    ("R-CPU-4", both(member("InstanceType", "t2.micro"), member("CpuOptions.CoreCount", 1),
                     member("CpuOptions.ThreadsPerCore", 1)),
     both(member("InstanceType", "t2.micro"), member("CpuOptions.AmdSevSnp", "disabled"))),
    ("R-CPU-2", member("CpuOptions.AmdSevSnp", "enabled"), member("CpuOptions.AmdSevSnp", "disabled")),
    ("R-CPU-2", both(member("InstanceType", "m6a.large"), member("CpuOptions.AmdSevSnp", "enabled"),
                     member("EnclaveOptions.Enabled", True)),
     both(member("InstanceType", "m6a.large"), member("CpuOptions.AmdSevSnp", "enabled"))),
    ("R-CPU-3", member("CpuOptions.NestedVirtualization", "enabled"),
     both(member("InstanceType", "c8i-flex.large"), member("CpuOptions.NestedVirtualization", "enabled"))),
    ("R-CREDIT-1", member("CreditSpecification.CpuCredits", ""), member("CreditSpecification", {})),
    ("R-CREDIT-2", member("CreditSpecification.CpuCredits", "burst"),
     member("CreditSpecification.CpuCredits", "unlimited")),
    ("R-CREDIT-3", both(member("InstanceType", "m5.large"),
                        member("CreditSpecification.CpuCredits", "standard")),
     both(member("InstanceType", "t2.micro"), member("CreditSpecification.CpuCredits", "standard"))),
    ("R-HIB-1", both(member("HibernationOptions.Configured", True), member("EnclaveOptions.Enabled", True)),
     both(member("HibernationOptions.Configured", True), member("EnclaveOptions.Enabled", False))),
    ("R-HIB-3", both(member("HibernationOptions.Configured", True),
                     member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "stop")),
     both(member("HibernationOptions.Configured", True),
          member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "hibernate"))),
]


test_predicate_fires_on_the_violation_only, test_every_predicate_has_a_table_row_and_a_mutation = (
    neighbour_tests(TABLE, FAMILY, tabled_elsewhere=frozenset({"R-HIB-5", "R-HIB-6"})))


# the two ways a request asks for hibernation: the member itself, or a persistent Spot request that hibernates
HIBERNATING = [
    member("HibernationOptions.Configured", True),
    both(member("InstanceMarketOptions.SpotOptions.SpotInstanceType", "persistent"),
         member("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "hibernate")),
]


@pytest.mark.parametrize("hibernate", HIBERNATING)
def test_hibernation_needs_an_encrypted_root_where_the_world_knows(hibernate: Edit) -> None:
    """R-HIB-5 fires only where the World knows the root is unencrypted; an encrypted root mapping keeps it."""
    check = rule("R-HIB-5").violated
    assert check is not None
    case = edited(hibernate)
    assert check(case, UNENCRYPTED) and not check(case, WORLD)
    encrypted = edited(both(hibernate, member("BlockDeviceMappings", [
        {"DeviceName": IMAGE.root_device_name, "Ebs": {"Encrypted": True}}])))
    assert not check(encrypted, UNENCRYPTED)
    said_no = edited(both(hibernate, member("BlockDeviceMappings", [
        {"DeviceName": IMAGE.root_device_name, "Ebs": {"Encrypted": False}}])))
    assert check(said_no, dataclasses.replace(WORLD, ebs_encryption_by_default=False))
    assert not check(said_no, dataclasses.replace(WORLD, ebs_encryption_by_default=True))


@pytest.mark.parametrize("hibernate", HIBERNATING)
def test_hibernation_needs_a_type_that_supports_it_where_the_world_knows(hibernate: Edit) -> None:
    """R-HIB-6 fires for a type whose facts say HibernationSupported=false, never for an unknown type."""
    check = rule("R-HIB-6").violated
    assert check is not None
    assert check(edited(both(hibernate, member("InstanceType", "m5.24xlarge"))), WITH_LIMITED_TYPES)
    assert not check(edited(both(hibernate, member("InstanceType", "m5.large"))), WITH_LIMITED_TYPES)
    assert not check(edited(both(hibernate, member("InstanceType", "m5.24xlarge"))), WORLD)
    assert not check(edited(member("InstanceType", "m5.24xlarge")), WITH_LIMITED_TYPES)


def test_sev_snp_and_nested_virtualization_are_judged_by_the_worlds_facts() -> None:
    """R-CPU-2/3 read the facts the valid generator draws by (World.sev_snp_unsupported, ...): a described type by
    its SupportedFeatures and maker, an undescribed one by the documented families."""
    sev, nested = rule("R-CPU-2").violated, rule("R-CPU-3").violated
    assert sev is not None and nested is not None
    on = member("CpuOptions.AmdSevSnp", "enabled")
    assert not sev(edited(both(member("InstanceType", "m6a.large"), on)), WORLD)
    assert sev(edited(both(member("InstanceType", "m8i.large"), on)), WORLD)  # Intel, features listed
    assert sev(edited(both(member("InstanceType", "c7a.large"), on)), WORLD)  # undescribed, not a documented family
    assert not sev(edited(both(member("InstanceType", "c6a.large"), on)), WORLD)  # undescribed, documented
    without = tuple(dataclasses.replace(t, supported_features=()) for t in WORLD.instance_type_facts)
    assert sev(edited(both(member("InstanceType", "m6a.large"), on)),
               dataclasses.replace(WORLD, instance_type_facts=without))
    enabled = member("CpuOptions.NestedVirtualization", "enabled")
    assert not nested(edited(both(member("InstanceType", "m8i.large"), enabled)), WORLD)
    assert nested(edited(both(member("InstanceType", "m6a.large"), enabled)), WORLD)  # AMD
    assert nested(edited(both(member("InstanceType", "m8i.large"), enabled)),
                  dataclasses.replace(WORLD, instance_type_facts=without))
    assert not nested(edited(both(member("InstanceType", "m8i.large"),
                                  member("CpuOptions.NestedVirtualization", "disabled"))), WORLD)


# --- post-conditions ---

# (rule id, a described instance that breaks it)
BROKEN_INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("R-HIB-4", instance(HibernationOptions={"Configured": True})),
]


test_every_postcondition_is_exercised, test_postcondition_flags_broken_and_accepts_good = (
    broken_instance_tests(BROKEN_INSTANCES, FAMILY))


