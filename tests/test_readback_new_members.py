"""Read-back of the members botocore 1.44 added: a secondary interface's ENA queues, VLAN mode and IPv6 addresses
in DescribeInstances (R-RB-8)."""

from __future__ import annotations

from typing import Any

from world_variants import WORLD

from conformance.rules import rule
from conformance.rules.core import Launch
from strategies.case import Case

INSTANCE = "i-0123456789abcdef0"
EDGE_V6 = WORLD.secondary_subnets[1]
ADDRESS = "2600:1f18:0:8::100"


def _checks(rule_id: str, params: dict[str, Any], launch: Launch) -> list[str]:
    check = rule(rule_id).postcondition
    assert check is not None
    return [p.check for p in check(Case(params), WORLD, launch)]


def _secondary_launch(**shown: Any) -> Launch:
    interface = {"Attachment": {"DeviceIndex": 1, "EnaQueueCount": 2}, "VlanMode": "access",
                 "Ipv6Addresses": [{"Ipv6Address": ADDRESS}], "SecondarySubnetId": EDGE_V6.subnet_id, **shown}
    instance = {"InstanceId": INSTANCE, "SecondaryInterfaces": [interface]}
    return Launch({"Instances": [instance]}, described=[instance])


def _secondary_request(**fields: Any) -> dict[str, Any]:
    entry = {"SecondarySubnetId": EDGE_V6.subnet_id, "DeviceIndex": 1, "VlanMode": "access", **fields}
    return {"SecondaryInterfaces": [entry]}


def test_secondary_queues_vlan_mode_and_ipv6_are_read_back() -> None:
    listed = _secondary_request(EnaQueueCount=2, Ipv6Addresses=[{"Ipv6Address": ADDRESS}])
    assert _checks("R-RB-8", listed, _secondary_launch()) == []
    assert _checks("R-RB-8", _secondary_request(Ipv6AddressCount=1), _secondary_launch()) == []
    broken = _secondary_launch(Attachment={"DeviceIndex": 1, "EnaQueueCount": 1}, VlanMode=None, Ipv6Addresses=[])
    assert _checks("R-RB-8", listed, broken) == [
        "SecondaryInterfaces[].EnaQueueCount", "SecondaryInterfaces[].VlanMode",
        "SecondaryInterfaces[].Ipv6Addresses[].Ipv6Address"]
    assert _checks("R-RB-8", _secondary_request(Ipv6AddressCount=2), _secondary_launch()) == [
        "SecondaryInterfaces[].Ipv6AddressCount"]
