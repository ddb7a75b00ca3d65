"""The World: what it refuses to be built without, what it answers about its resources (facts where it read them,
the documented name rules where not), and the facts discovery reads into it (secondary subnets' network type and
IPv6 blocks)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from conformance.targets.discover import secondary_subnets
from strategies.world import (
    MISSING_NAME_PREFIX,
    InstanceType,
    SecondarySubnet,
    World,
    example_instance_types,
    example_world,
)

WORLD = example_world()
ASSOCIATED = "associated"


class _Ec2:
    """DescribeSecondarySubnets' answer (or its absence, as on an emulator without secondary networks)."""

    def __init__(self, subnets: list[dict[str, Any]] | None) -> None:
        self.subnets = subnets

    def describe_secondary_subnets(self) -> dict[str, Any]:
        if self.subnets is None:
            raise NotImplementedError("DescribeSecondarySubnets")
        return {"SecondarySubnets": self.subnets}


def _raw(ident: str, network: str, state: str = "create-complete", **blocks: Any) -> dict[str, Any]:
    return {"SecondarySubnetId": ident, "SecondaryNetworkType": network, "State": state,
            "AvailabilityZone": "us-east-1a",
            "Ipv4CidrBlockAssociations": [{"CidrBlock": "10.1.0.0/24", "State": ASSOCIATED}], **blocks}


def test_discovery_reads_the_network_type_and_the_ipv6_blocks() -> None:
    answer = [
        _raw("ss-b", "rdma", Ipv6CidrBlockAssociations=[]),
        _raw("ss-a", "virtual-edge", Ipv6CidrBlockAssociations=[
            {"Ipv6CidrBlock": "2600:1f18:0:7::/64", "State": "disassociated"},
            {"Ipv6CidrBlock": "2600:1f18:0:8::/64", "State": ASSOCIATED}]),
        _raw("ss-0", "rdma", state="delete-in-progress"),
    ]
    found = secondary_subnets(_Ec2(answer))
    assert [(s.subnet_id, s.network_type, s.ipv6_cidr_block, s.has_ipv6) for s in found] == [
        ("ss-a", "virtual-edge", "2600:1f18:0:8::/64", True), ("ss-b", "rdma", None, False)]
    assert found[0].cidr_block == "10.1.0.0/24"


def test_discovery_leaves_unread_blocks_unknown_and_a_missing_call_empty() -> None:
    unread = secondary_subnets(_Ec2([_raw("ss-a", "virtual-edge")]))
    assert [s.has_ipv6 for s in unread] == [None]
    assert secondary_subnets(_Ec2(None)) == ()


def _bare(**changes: Any) -> World:
    return dataclasses.replace(WORLD, instance_type_facts=(), **changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"images": ()}, "at least one image"),
        ({"instance_types": ()}, "at least one instance type"),
        ({"subnets": ()}, "at least one subnet"),
    ],
)
def test_a_world_without_an_essential_resource_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _bare(**changes)


def test_facts_of_a_type_the_world_does_not_list_are_refused() -> None:
    with pytest.raises(ValueError, match=r"does not list: \['t3.micro'\]"):
        dataclasses.replace(WORLD, instance_types=WORLD.instance_types[1:])


def test_the_repr_is_short_and_counts_the_resources() -> None:
    text = repr(WORLD)
    assert text == ("World(region='us-east-1', vpc_id='vpc-0a1b2c3d4e5f60718', images=2, instance_types=6, "
                    "subnets=2, security_groups=2, launch_templates=1, …)")
    assert repr(example_world("eu-west-1")).startswith("World(region='eu-west-1'")


def test_extra_takes_no_part_in_equality() -> None:
    assert dataclasses.replace(WORLD, extra={"endpoint": "http://localhost"}) == WORLD
    assert dataclasses.replace(WORLD, region="eu-west-1") != WORLD


def test_lookups_find_resources_by_id_or_name() -> None:
    group = WORLD.security_groups[1]
    assert WORLD.security_group(group.group_id) is group
    assert WORLD.security_group(group.group_name) is group
    assert WORLD.security_group("sg-missing") is None
    template = WORLD.launch_templates[0]
    assert WORLD.launch_template(template.template_id) is template
    assert WORLD.launch_template(template.template_name) is template
    assert WORLD.launch_template(f"{MISSING_NAME_PREFIX}template") is None
    zone = WORLD.availability_zones[1]
    assert WORLD.zone(zone.name) is zone and WORLD.zone(zone.zone_id) is zone and WORLD.zone("nowhere") is None
    assert WORLD.image(WORLD.images[1].image_id) is WORLD.images[1] and WORLD.image("ami-missing") is None
    assert WORLD.subnet(WORLD.subnets[0].subnet_id) is WORLD.subnets[0] and WORLD.subnet("subnet-x") is None
    secondary = WORLD.secondary_subnets[2]
    assert WORLD.secondary_subnet(secondary.subnet_id) is secondary
    assert WORLD.secondary_subnet(WORLD.subnets[0].subnet_id) is None  # a primary subnet is not secondary
    assert WORLD.image_ids == ("ami-0123456789abcdef0", "ami-0fedcba9876543210")
    assert WORLD.instance_profile_names == ("conformance",)
    assert WORLD.snapshot_size("snap-0a1b2c3d4e5f60718") == 8
    assert WORLD.snapshot_size("snap-unknown") is None


def test_type_facts_decide_where_read_and_the_name_rules_where_not() -> None:
    assert WORLD.type_facts("t2.micro") is not None and WORLD.type_facts("x1.huge") is None
    # example_world's facts: t2.micro is burstable, not ENA-required, not EBS-optimizable, not Nitro.
    assert WORLD.burstable("t2.micro") and not WORLD.burstable("m5.large")
    assert WORLD.ena_required("m5.large") and not WORLD.ena_required("t2.micro")
    assert WORLD.ebs_optimization_unsupported("t2.micro") and not WORLD.ebs_optimization_unsupported("m5.large")
    assert WORLD.nitro_known_not("t2.micro") and not WORLD.nitro_known_not("m5.large")
    # A fact contradicting the name wins over the name rule.
    facts = (dataclasses.replace(WORLD.instance_type_facts[0], burstable=False, ena="supported",
                                 ebs_optimized="unsupported"),)
    contrary = dataclasses.replace(WORLD, instance_type_facts=facts)
    assert not contrary.burstable("t3.micro")
    assert not contrary.ena_required("t3.micro")
    assert contrary.ebs_optimization_unsupported("t3.micro")
    # Without facts: the T family by name, the Nitro families of strategies.limits, the t1/t2 families.
    bare = _bare()
    assert bare.burstable("t3.micro") and not bare.burstable("m5.large")
    assert bare.ena_required("c5.large") and not bare.ena_required("t2.micro")
    assert bare.ebs_optimization_unsupported("t2.micro") and not bare.ebs_optimization_unsupported("t3.micro")
    # ... and the facts only the World can know decide nothing.
    assert not bare.nitro_known_not("t2.micro")
    assert not bare.hibernation_unsupported("t2.micro")
    assert not bare.encryption_unsupported("t2.micro")
    assert bare.offers("t2.micro", "nowhere-1a")


def test_offers_a_type_unless_the_world_knows_the_zone_does_not() -> None:
    facts = example_instance_types(("us-east-1a",))
    world = dataclasses.replace(WORLD, instance_type_facts=facts)
    assert world.offers("m5.large", "us-east-1a")
    assert not world.offers("m5.large", "us-east-1b")
    unknown_zones = dataclasses.replace(WORLD, instance_type_facts=(dataclasses.replace(facts[0], zones=None),))
    assert unknown_zones.offers("t3.micro", "us-east-1b")


def test_known_unsupported_hibernation_and_encryption() -> None:
    facts = (dataclasses.replace(WORLD.instance_type_facts[2], hibernation=False, ebs_encryption="unsupported"),)
    world = dataclasses.replace(WORLD, instance_type_facts=facts)
    assert world.hibernation_unsupported("m5.large") and world.encryption_unsupported("m5.large")
    assert not WORLD.hibernation_unsupported("m5.large") and not WORLD.encryption_unsupported("m5.large")


def test_instance_type_facts_answer_none_where_unknown() -> None:
    unknown = InstanceType("m5.large")
    assert unknown.ebs_optimized_by_default is None
    assert unknown.ena_required is None
    assert unknown.offered_in("us-east-1a") is None
    assert unknown.cpu_options_valid(1, 2) is None
    known = InstanceType("m5.large", ebs_optimized="default", ena="supported", zones=("us-east-1a",),
                         valid_cores=(1,), valid_threads=(1, 2))
    assert known.ebs_optimized_by_default is True and known.ena_required is False
    assert known.offered_in("us-east-1a") is True and known.offered_in("us-east-1b") is False
    assert known.cpu_options_valid(1, 2) is True
    assert known.cpu_options_valid(2, 2) is False and known.cpu_options_valid(1, 3) is False


def test_a_processor_feature_is_known_from_its_list_or_from_another_maker() -> None:
    """R-CPU-2/3: SupportedFeatures decides; without it a processor of another maker lacks the feature, and one of
    the maker that offers it is unknown."""
    listed = InstanceType("m6a.large", manufacturer="AMD", supported_features=("amd-sev-snp",))
    assert listed.has_feature("amd-sev-snp") is True and listed.has_feature("nested-virtualization") is False
    assert InstanceType("m5.large", supported_features=()).has_feature("amd-sev-snp") is False
    intel = InstanceType("m5.large", manufacturer="Intel")
    assert intel.has_feature("amd-sev-snp") is False and intel.has_feature("nested-virtualization") is None
    amd = InstanceType("m7a.large", manufacturer="AMD")
    assert amd.has_feature("amd-sev-snp") is None and amd.has_feature("nested-virtualization") is False
    assert InstanceType("m5.large").has_feature("amd-sev-snp") is None
    assert InstanceType("m5.large", manufacturer="Intel").has_feature("metal-compatibility") is None


def test_type_dependent_members_are_allowed_only_where_the_facts_say_so() -> None:
    """The drawing side: SEV-SNP, nested virtualization, bandwidth weightings and prefixes only where the World
    read that the type has them (example_world: m6a.large, m8i.large, and every Nitro type for prefixes)."""
    assert [t for t in WORLD.instance_types if WORLD.has_feature(t, "amd-sev-snp")] == ["m6a.large"]
    assert [t for t in WORLD.instance_types if WORLD.has_feature(t, "nested-virtualization")] == ["m8i.large"]
    assert {t: WORLD.bandwidth_weightings(t) for t in WORLD.instance_types if WORLD.bandwidth_weightings(t)} == {
        "m8i.large": ("default", "ebs-1", "vpc-1")}
    assert [t for t in WORLD.instance_types if not WORLD.prefix_delegation(t)] == ["t2.micro"]
    bare = _bare()
    assert not bare.has_feature("m6a.large", "amd-sev-snp") and bare.bandwidth_weightings("m8i.large") == ()
    assert not bare.prefix_delegation("m5.large")
    unknown = dataclasses.replace(WORLD, instance_type_facts=(InstanceType("m8i.large"),))
    assert unknown.bandwidth_weightings("m8i.large") == () and not unknown.prefix_delegation("m8i.large")


def test_the_rules_side_reads_the_facts_and_the_documented_families_where_there_are_none() -> None:
    """R-CPU-2/3: a type the World describes is judged by its facts; one it does not, by the documented families."""
    assert WORLD.sev_snp_unsupported("t3.micro") and not WORLD.sev_snp_unsupported("m6a.large")
    assert WORLD.nested_virtualization_unsupported("m6a.large")  # AMD: never 8th-generation Intel
    assert not WORLD.nested_virtualization_unsupported("m8i.large")
    assert WORLD.nested_virtualization_unsupported("m5.large")  # Intel, no feature list: the families decide
    assert not WORLD.sev_snp_unsupported("c6a.large") and WORLD.sev_snp_unsupported("c7a.large")  # no facts
    assert not WORLD.sev_snp_unsupported(None) and not WORLD.nested_virtualization_unsupported(7)
    listed = (InstanceType("t3.micro", supported_features=("amd-sev-snp",)),)
    assert not dataclasses.replace(WORLD, instance_type_facts=listed).sev_snp_unsupported("t3.micro")


def test_a_secondary_subnet_has_ipv6_only_where_its_blocks_were_read() -> None:
    assert SecondarySubnet("ss", "us-east-1a", "10.0.0.0/24", "2600::/64").has_ipv6 is True
    assert SecondarySubnet("ss", "us-east-1a", "10.0.0.0/24", ipv6_listed=True).has_ipv6 is False
    assert SecondarySubnet("ss", "us-east-1a", "10.0.0.0/24").has_ipv6 is None


def test_the_example_world_names_the_region_it_is_given() -> None:
    world = example_world("eu-west-1")
    assert [z.name for z in world.availability_zones] == ["eu-west-1a", "eu-west-1b"]
    assert {s.availability_zone for s in world.subnets} <= {z.name for z in world.availability_zones}
    assert all(t.zones == ("eu-west-1a", "eu-west-1b") for t in world.instance_type_facts)
    assert {t.name for t in world.instance_type_facts} == set(world.instance_types)
