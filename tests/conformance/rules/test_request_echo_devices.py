"""The request echo of devices (conformance/rules/request_echo_devices.py): read-back of the members botocore 1.44
added, a multi-AZ volume's configuration in DescribeVolumes (R-RB-10), a secondary interface's ENA queues, VLAN mode
and IPv6 addresses in DescribeInstances (R-RB-8)."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.rules import rule
from conformance.rules.core import Launch
from strategies.case import Case
from tests.support.world_variants import WORLD

INSTANCE = "i-0123456789abcdef0"
ZONE_A, ZONE_B = WORLD.availability_zones
EDGE_V6 = WORLD.secondary_subnets[1]
ADDRESS = "2600:1f18:0:8::100"


def _checks(rule_id: str, params: dict[str, Any], launch: Launch) -> list[str]:
    check = rule(rule_id).postcondition
    assert check is not None
    return [p.check for p in check(Case(params), WORLD, launch)]


def _multi_az_request(standby: dict[str, str]) -> dict[str, Any]:
    config = {"ConfigurationType": "multi-az-1", "StandbyAvailabilityZones": [standby]}
    ebs = {"VolumeSize": 8, "VolumeType": "gp3", "MultiAvailabilityZoneConfiguration": config}
    return {"SubnetId": WORLD.subnets[0].subnet_id, "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": ebs}]}


def _volume_launch(shown: dict[str, Any] | None) -> Launch:
    volume: dict[str, Any] = {"Attachments": [{"InstanceId": INSTANCE, "Device": "/dev/sdf"}]}
    if shown is not None:
        volume["MultiAvailabilityZoneConfiguration"] = shown
    return Launch({"Instances": [{"InstanceId": INSTANCE}]}, volumes=[volume])


SHOWN_B = {"ConfigurationType": "multi-az-1",
           "StandbyAvailabilityZones": [{"AvailabilityZone": ZONE_B.name, "AvailabilityZoneId": ZONE_B.zone_id}]}
MAZ = "BlockDeviceMappings[].Ebs.MultiAvailabilityZoneConfiguration"


@pytest.mark.parametrize("standby", [{"AvailabilityZone": ZONE_B.name}, {"AvailabilityZoneId": ZONE_B.zone_id}],
                         ids=["by-name", "by-id"])
def test_a_multi_az_volume_shown_as_requested_passes(standby: dict[str, str]) -> None:
    assert _checks("R-RB-10", _multi_az_request(standby), _volume_launch(SHOWN_B)) == []
    name_only = {"ConfigurationType": "multi-az-1", "StandbyAvailabilityZones": [{"AvailabilityZone": ZONE_B.name}]}
    assert _checks("R-RB-10", _multi_az_request(standby), _volume_launch(name_only)) == []


def test_a_volume_without_its_configuration_or_in_another_zone_is_flagged() -> None:
    request = _multi_az_request({"AvailabilityZoneId": ZONE_B.zone_id})
    assert _checks("R-RB-10", request, _volume_launch(None)) == [
        f"{MAZ}.ConfigurationType", f"{MAZ}.StandbyAvailabilityZones[].AvailabilityZoneId"]
    elsewhere = {"ConfigurationType": "multi-az-1", "StandbyAvailabilityZones": [{"AvailabilityZone": ZONE_A.name}]}
    assert _checks("R-RB-10", request, _volume_launch(elsewhere)) == [
        f"{MAZ}.StandbyAvailabilityZones[].AvailabilityZoneId"]


def test_an_unreadable_volume_is_named_and_a_plain_volume_is_not_checked() -> None:
    refused = Launch({"Instances": [{"InstanceId": INSTANCE}]}, unreadable={"DescribeVolumes": "AccessDenied"})
    assert _checks("R-RB-10", _multi_az_request({"AvailabilityZone": ZONE_B.name}), refused) == [
        f"{MAZ} (not readable)"]
    assert _checks("R-RB-10", {"SubnetId": WORLD.subnets[0].subnet_id}, refused) == []


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
