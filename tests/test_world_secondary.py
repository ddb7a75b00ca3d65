"""Secondary subnets in the World: the facts discovery reads (network type, IPv6 blocks)."""

from __future__ import annotations

from typing import Any

from conformance.targets.discover import secondary_subnets

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
