"""The network family (conformance/rules/network.py, R-NET-1..22): each predicate fires on a hand-written request
that breaks its rule (and on no other rule) and stays quiet on valid ones; the post-conditions (security groups,
private address) accept a real reservation and flag broken ones."""

from __future__ import annotations

from conformance.rules import RULES
from conformance.rules.network import RULES as FAMILY
from strategies.case import Case
from tests.support.family_tables import (
    Breaking,
    Valid,
    Violation,
    breaking_tests,
    postcondition_tests,
    valid_tests,
    violation_tests,
)
from tests.support.recorded_launch import (
    PARAMS,
    edit_instance,
)
from tests.support.recorded_launch import SUBNET as RECORDED_SUBNET
from tests.support.rule_requests import (
    FOREIGN_SG,
    SG,
    SUBNET,
    V4_ONLY,
    V6_ADDRESS,
    WIDE,
    WORLD,
    broken,
    nic_request,
    primary,
    request,
)

POSTCONDITIONS = ("R-NET-14", "R-NET-19", "R-NET-21")


def test_subnet_not_found_accepts_both_spellings() -> None:
    outcome = RULES["R-NET-15"].outcome
    assert outcome is not None
    assert {"InvalidSubnetID.NotFound", "InvalidSubnetId.NotFound"} <= outcome.codes


# --- predicates: hand-written violations, each breaking exactly one rule ---

VIOLATIONS: list[Violation] = [
    ("R-NET-1", request(SubnetId=None), (), WIDE),
    ("R-NET-2", nic_request(primary(), SubnetId=SUBNET.subnet_id), (), WORLD),
    ("R-NET-3", nic_request(primary(), SecurityGroupIds=[SG.group_id]), (), WORLD),
    ("R-NET-3", nic_request(primary(), SecurityGroups=[SG.group_name]), (), WORLD),
    ("R-NET-4", nic_request(primary(), PrivateIpAddress="10.0.0.10"), (), WORLD),
    ("R-NET-5", nic_request(primary(), Ipv6AddressCount=1), (), WORLD),
    ("R-NET-6", request(Ipv6AddressCount=1, Ipv6Addresses=V6_ADDRESS), (), WORLD),
    ("R-NET-7", request(Ipv6Addresses=V6_ADDRESS, MaxCount=2), (), WORLD),
    ("R-NET-7", nic_request(primary(Ipv6Addresses=V6_ADDRESS), MinCount=2, MaxCount=2), (), WORLD),
    ("R-NET-8", request(PrivateIpAddress="10.0.0.10", MaxCount=2), (), WORLD),
    ("R-NET-9", request(PrivateIpAddress="10.0.1.10"), (), WORLD),
    ("R-NET-9", request(PrivateIpAddress="10.0.0.1"), (), WORLD),
    ("R-NET-9", request(PrivateIpAddress="not-an-ip"), (), WORLD),
    ("R-NET-11", request(SubnetId=V4_ONLY.subnet_id, SecurityGroups=[FOREIGN_SG.group_name]), (), WIDE),
    ("R-NET-12", request(SecurityGroupIds=[FOREIGN_SG.group_id]), (), WIDE),
    ("R-NET-12", nic_request(primary(Groups=[FOREIGN_SG.group_id])), (), WIDE),
    ("R-NET-13", request(SecurityGroupIds=["sg-xyz"]), (), WORLD),
    ("R-NET-13", request(SecurityGroupIds=["sg-0aaaaaaaaaaaaaaaa"]), (), WORLD),
    ("R-NET-13", request(SubnetId=None, SecurityGroups=["no-such-group"]), (), WORLD),
    ("R-NET-13", nic_request(primary(Groups=["sg-1"])), (), WORLD),
    ("R-NET-15", request(SubnetId="subnet-xyz"), (), WORLD),
    ("R-NET-15", request(SubnetId="subnet-0aaaaaaaaaaaaaaaa"), (), WORLD),
    ("R-NET-15", nic_request({"DeviceIndex": 0, "SubnetId": "subnet-1"}), (), WORLD),
    ("R-NET-17", request(SubnetId=V4_ONLY.subnet_id, Ipv6AddressCount=1), (), WIDE),
    ("R-NET-22", request(SecurityGroupIds=[""]), (), WORLD),
    ("R-NET-22", request(SecurityGroupIds=[SG.group_id, ""]), (), WORLD),
]


test_violation_breaks_exactly_its_rule, test_the_violation_rows_cover_the_familys_decidable_rules = (
    violation_tests(VIOLATIONS, FAMILY, covered_elsewhere=frozenset({"R-NET-10"})))


def test_two_primaries_across_levels_also_break_the_nic_combination() -> None:
    """R-NET-10 can only be broken beside R-NET-4 (the catalogue calls it moot): both fire."""
    nic = primary(PrivateIpAddresses=[{"PrivateIpAddress": "10.0.0.11", "Primary": True}])
    assert broken(Case(nic_request(nic, PrivateIpAddress="10.0.0.10"))) == {"R-NET-4", "R-NET-10"}


# --- predicates: hand-written valid requests break nothing ---

VALID: list[Valid] = [
    ("no-subnet-default-vpc", request(SubnetId=None, SecurityGroups=[SG.group_name]), WORLD),
    ("private-ip-and-groups", request(PrivateIpAddress="10.0.0.10", SecurityGroupIds=[SG.group_id]), WORLD),
    ("no-group-ids", request(SecurityGroupIds=[]), WORLD),
    ("ipv6", request(Ipv6Addresses=V6_ADDRESS, EnablePrimaryIpv6=True), WORLD),
]


test_valid_request_breaks_nothing = valid_tests(VALID)


# --- post-conditions: the recorded real reservation keeps them, a broken one is flagged ---


test_the_familys_postconditions_are_postcondition_rules, test_recorded_reservation_satisfies_every_postcondition = (
    postcondition_tests(POSTCONDITIONS))


BROKEN: list[Breaking] = [
    ("R-NET-14", PARAMS, edit_instance(SecurityGroups=[{"GroupName": "web", "GroupId": "sg-0a"}])),
    ("R-NET-14", PARAMS, edit_instance(SecurityGroups=[])),
    ("R-NET-19", PARAMS, edit_instance(PrivateIpAddress="10.0.0.9")),
    ("R-NET-19", PARAMS, lambda r: r["Instances"][0].pop("PrivateIpAddress")),
    (
        "R-NET-19",
        {**PARAMS, "SubnetId": RECORDED_SUBNET.subnet_id, "PrivateIpAddress": "172.31.9.250"},
        lambda r: None,
    ),
    ("R-NET-21", {**PARAMS, "SubnetId": RECORDED_SUBNET.subnet_id},
     edit_instance(Placement={"Tenancy": "default", "GroupName": "", "AvailabilityZone": "us-east-1b"})),
    ("R-NET-21", PARAMS, edit_instance(VpcId="vpc-0aaaaaaaaaaaaaaaa")),
]


test_broken_reservation_is_flagged = breaking_tests(BROKEN)

