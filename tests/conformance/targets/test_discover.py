"""conformance.targets.discover: a World found in a real account with read-only calls. Its VPC is the default one
or the first; two subnets in distinct zones; the optional facts (secondary subnets, instance profiles, license
configurations) are empty where the account does not answer. (The whole discovery against a moto server, through
the aws target, is in tests/conformance/targets/test_aws.py.)"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.targets import TargetError
from conformance.targets.discover import (
    _other_service,
    _subnets,
    _vpc,
    instance_profiles,
    license_configurations,
    secondary_subnets,
)
from strategies.world import SecondarySubnet, Subnet


class _Ec2:
    def __init__(self, vpcs: list[dict[str, Any]], subnets: list[dict[str, Any]] | None = None,
                 secondary: dict[str, Any] | Exception | None = None) -> None:
        self.vpcs, self.subnets, self.secondary = vpcs, subnets or [], secondary

    def describe_vpcs(self, Filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        if Filters == [{"Name": "isDefault", "Values": ["true"]}]:
            return {"Vpcs": [v for v in self.vpcs if v.get("IsDefault")]}
        assert Filters is None
        return {"Vpcs": self.vpcs}

    def describe_subnets(self, Filters: list[dict[str, Any]]) -> dict[str, Any]:
        (wanted,) = Filters[0]["Values"]
        assert Filters[0]["Name"] == "vpc-id"
        return {"Subnets": [s for s in self.subnets if s["VpcId"] == wanted]}

    def describe_secondary_subnets(self) -> dict[str, Any]:
        if isinstance(self.secondary, Exception):
            raise self.secondary
        return self.secondary or {}


def test_the_default_vpc_is_chosen_and_named_default() -> None:
    ec2 = _Ec2([{"VpcId": "vpc-a"}, {"VpcId": "vpc-d", "IsDefault": True}])
    assert _vpc(ec2) == ("vpc-d", "vpc-d")


def test_without_a_default_vpc_the_first_by_id_is_chosen() -> None:
    assert _vpc(_Ec2([{"VpcId": "vpc-b"}, {"VpcId": "vpc-a"}])) == ("vpc-a", None)
    with pytest.raises(TargetError, match="the region has no VPC; create one"):
        _vpc(_Ec2([]))


def _subnet(subnet_id: str, zone: str, vpc: str = "vpc-a", **more: Any) -> dict[str, Any]:
    return {"SubnetId": subnet_id, "VpcId": vpc, "AvailabilityZone": zone, "CidrBlock": f"10.0.{subnet_id[-1]}.0/24",
            **more}


def test_two_subnets_in_distinct_zones_first_by_id() -> None:
    ec2 = _Ec2([], [
        _subnet("subnet-3", "us-east-1b"), _subnet("subnet-1", "us-east-1a"), _subnet("subnet-2", "us-east-1a"),
        _subnet("subnet-4", "us-east-1c"), _subnet("subnet-0", "us-east-1d", vpc="vpc-other"),
        _subnet("subnet-5", "us-east-1b", Ipv6CidrBlockAssociationSet=[{"Ipv6CidrBlock": "2600::/64"}]),
    ])
    assert _subnets(ec2, "vpc-a") == (Subnet("subnet-1", "vpc-a", "us-east-1a", "10.0.1.0/24", None),
                                     Subnet("subnet-3", "vpc-a", "us-east-1b", "10.0.3.0/24", None))
    with pytest.raises(TargetError, match="VPC vpc-none has no subnet; create one first"):
        _subnets(ec2, "vpc-none")


def test_a_subnets_ipv6_block_is_the_first_associated() -> None:
    ec2 = _Ec2([], [_subnet("subnet-1", "us-east-1a",
                            Ipv6CidrBlockAssociationSet=[{"Ipv6CidrBlock": ""}, {"Ipv6CidrBlock": "2600::/64"}])])
    (only,) = _subnets(ec2, "vpc-a")
    assert only.ipv6_cidr_block == "2600::/64"


def test_secondary_subnets_are_the_first_two_created_with_their_associated_blocks() -> None:
    raw = {"SecondarySubnets": [
        {"SecondarySubnetId": "ss-3", "State": "create-complete", "AvailabilityZone": "us-east-1a"},
        {"SecondarySubnetId": "ss-1", "State": "create-complete", "AvailabilityZone": "us-east-1b",
         "SecondaryNetworkType": "rdma",
         "Ipv4CidrBlockAssociations": [{"CidrBlock": "10.9.0.0/24", "State": "disassociated"},
                                       {"CidrBlock": "10.8.0.0/24", "State": "associated"}],
         "Ipv6CidrBlockAssociations": []},
        {"SecondarySubnetId": "ss-0", "State": "pending"},
        {"SecondarySubnetId": "ss-2", "State": "create-complete",
         "Ipv6CidrBlockAssociations": [{"Ipv6CidrBlock": "2600:1::/64", "State": "associated"}]},
    ]}
    found = secondary_subnets(_Ec2([], secondary=raw))
    assert found == (
        SecondarySubnet("ss-1", "us-east-1b", "10.8.0.0/24", None, "rdma", True),
        SecondarySubnet("ss-2", "", "", "2600:1::/64", None, True),
    )
    assert found[0].has_ipv6 is False and found[1].has_ipv6 is True


def test_a_target_without_secondary_subnets_has_none() -> None:
    assert secondary_subnets(_Ec2([], secondary=NotImplementedError("no such operation"))) == ()
    assert secondary_subnets(_Ec2([], secondary={})) == ()


class _Iam:
    def __init__(self, answer: dict[str, Any] | Exception) -> None:
        self.answer = answer
        self.asked: dict[str, Any] = {}

    def list_instance_profiles(self, **kwargs: Any) -> dict[str, Any]:
        self.asked = kwargs
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def list_license_configurations(self, **kwargs: Any) -> dict[str, Any]:
        return self.list_instance_profiles(**kwargs)


def test_instance_profiles_are_sorted_arns_of_the_first_page() -> None:
    iam = _Iam({"InstanceProfiles": [{"Arn": "arn:b"}, {"Arn": "arn:a"}, {"InstanceProfileName": "no-arn"}]})
    assert instance_profiles(iam) == ("arn:a", "arn:b") and iam.asked == {"MaxItems": 20}
    assert instance_profiles(_Iam(PermissionError("AccessDenied"))) == ()


def test_license_configurations_are_sorted_arns_or_none() -> None:
    manager = _Iam({"LicenseConfigurations": [{"LicenseConfigurationArn": "arn:lic-2"},
                                              {"LicenseConfigurationArn": "arn:lic-1"}, {}]})
    assert license_configurations(manager) == ("arn:lic-1", "arn:lic-2") and manager.asked == {"MaxResults": 20}
    assert license_configurations(_Iam(RuntimeError("UnknownService"))) == ()


def test_another_service_read_only_where_a_client_can_be_made() -> None:
    def client_for(service: str) -> Any:
        if service == "iam":
            return _Iam({"InstanceProfiles": [{"Arn": "arn:a"}]})
        raise RuntimeError(f"no {service} here")

    assert _other_service(client_for, "iam", instance_profiles) == ("arn:a",)
    assert _other_service(client_for, "license-manager", license_configurations) == ()
    assert _other_service(None, "iam", instance_profiles) == ()
