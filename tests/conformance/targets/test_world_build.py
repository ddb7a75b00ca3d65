"""conformance.targets.world_build: a World created on an emulator (moto in-process here), the same resources in
the same order every time; an owner's world carries its name and tag (worlds sharing a server never collide);
a roomy world has /20 subnets; an emulator without IPv6 gets IPv4-only subnets only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from conformance.targets.moto_state import drop_all_backends, seed
from conformance.targets.world_build import (
    IPV4_ONLY_CIDR,
    OWNER_TAG,
    ROOMY_IPV4_ONLY_CIDR,
    ROOMY_SUBNET_CIDRS,
    SUBNET_CIDRS,
    VPC_CIDR,
    build_world,
)
from strategies.world import InstanceType, World, example_world


def _client_for(service: str) -> Any:
    return boto3.client(service, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


@pytest.fixture
def moto() -> Iterator[None]:
    with mock_aws():
        drop_all_backends()
        seed()
        yield
        drop_all_backends()


def test_a_world_has_every_kind_it_promises(moto: None) -> None:
    world = build_world("us-east-1", _client_for)
    ec2 = _client_for("ec2")
    assert world.region == "us-east-1" and len(world.availability_zones) == 2 and len(world.images) == 2
    assert world.instance_types and world.has_default_vpc and world.default_vpc_id != world.vpc_id
    vpc = ec2.describe_vpcs(VpcIds=[world.vpc_id])["Vpcs"][0]
    assert vpc["CidrBlock"] == VPC_CIDR
    assert [s.cidr_block for s in world.subnets[:3]] == [*SUBNET_CIDRS, IPV4_ONLY_CIDR]
    assert {s.availability_zone for s in world.subnets[:2]} == {z.name for z in world.availability_zones}
    assert world.subnets[0].ipv6_cidr_block is not None and world.subnets[2].ipv6_cidr_block is None
    assert [g.vpc_id for g in world.security_groups].count(world.vpc_id) == 2
    assert world.security_groups[-1].vpc_id == world.default_vpc_id  # a group of another VPC
    assert world.key_names == ("conformance-key",)
    assert world.network_interface_ids and world.kms_key_ids and world.instance_profile_arns
    assert world.launch_templates and world.snapshot_ids  # placement groups: optional, moto has none


def _features(facts: InstanceType) -> tuple[object, ...]:
    return facts.name, facts.nitro, facts.manufacturer, facts.supported_features, facts.bandwidth_weightings


def test_moto_describes_the_types_as_example_world_does(moto: None) -> None:
    """example_world() mirrors moto's world: the same types, with the processor and network facts moto's
    DescribeInstanceTypes gives, so a type with and a type without each type-dependent member's fact (SEV-SNP,
    nested virtualization, bandwidth weighting, prefix delegation)."""
    world = build_world("us-east-1", _client_for)
    assert world.instance_types == example_world().instance_types
    assert [_features(t) for t in world.instance_type_facts] == [
        _features(t) for t in example_world().instance_type_facts]
    for has in (lambda t: world.has_feature(t, "amd-sev-snp"), lambda t: world.has_feature(t, "nested-virtualization"),
                world.bandwidth_weightings, world.prefix_delegation):
        assert {bool(has(t)) for t in world.instance_types} == {True, False}


def test_the_same_seed_builds_the_same_world(moto: None) -> None:
    first = build_world("us-east-1", _client_for)
    drop_all_backends()
    seed()
    assert build_world("us-east-1", _client_for) == first


def _tagged(owner: str) -> set[str]:
    ec2 = _client_for("ec2")
    tags = ec2.describe_tags(Filters=[{"Name": "key", "Values": [OWNER_TAG]}, {"Name": "value", "Values": [owner]}])
    return {t["ResourceId"] for t in tags["Tags"]}


def test_two_owners_on_one_server_get_their_own_named_and_tagged_worlds(moto: None) -> None:
    gw0: World = build_world("us-east-1", _client_for, owner="gw0")
    gw1: World = build_world("us-east-1", _client_for, owner="gw1")
    assert gw0.vpc_id != gw1.vpc_id
    assert gw0.key_names == ("conformance-gw0-key",) and gw1.key_names == ("conformance-gw1-key",)
    assert all("gw0" in g.group_name for g in gw0.security_groups[:2])
    assert {gw0.vpc_id, *(s.subnet_id for s in gw0.subnets)} <= _tagged("gw0")
    assert not _tagged("gw0") & _tagged("gw1")
    assert _tagged("") == set()  # an unshared world is not tagged


def test_a_roomy_world_has_room_for_a_whole_run(moto: None) -> None:
    world = build_world("us-east-1", _client_for, roomy=True)
    assert [s.cidr_block for s in world.subnets[:3]] == [*ROOMY_SUBNET_CIDRS, ROOMY_IPV4_ONLY_CIDR]


class _NoIpv6:
    """An EC2 client that refuses every IPv6 request, like an emulator without IPv6."""

    def __init__(self, ec2: Any) -> None:
        self.ec2 = ec2

    def __getattr__(self, name: str) -> Any:
        call = getattr(self.ec2, name)

        def refusing(**kwargs: Any) -> Any:
            if any("Ipv6" in key for key in kwargs):
                raise NotImplementedError(f"{name} with IPv6")
            return call(**kwargs)

        return refusing


def test_an_emulator_without_ipv6_gets_ipv4_subnets_only(moto: None) -> None:
    plain = _NoIpv6(_client_for("ec2"))
    world = build_world("us-east-1", lambda service: plain if service == "ec2" else _client_for(service))
    assert [s.cidr_block for s in world.subnets] == list(SUBNET_CIDRS)
    assert all(s.ipv6_cidr_block is None for s in world.subnets)
