"""A real RunInstances answer and the world it was launched in, for the post-condition tests.

The reservation is the real RunInstances answer recorded by cloud-custodian (placebo recording of a boto3 call,
us-east-1, 2017-11-21: cloud-custodian/cloud-custodian, tests/data/placebo/test_notify_region_var/
ec2.RunInstances_1.json @ 2fe0c7ef0bdc), trimmed.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

from conformance.rules import RULES
from conformance.rules.core import launch_as_described
from strategies.case import Case
from strategies.world import SecurityGroup, Subnet, World, example_world

RECORDED_INSTANCE: dict[str, Any] = {
    "Monitoring": {"State": "disabled"},
    "State": {"Code": 0, "Name": "pending"},
    "PrivateIpAddress": "172.31.9.249",
    "VpcId": "vpc-d2d616b5",
    "InstanceId": "i-0ccaa6c2846f5a6a2",
    "ImageId": "ami-6057e21a",
    "SecurityGroups": [{"GroupName": "default", "GroupId": "sg-6c7fa917"}],
    "ClientToken": "",
    "SubnetId": "subnet-914763e7",
    "InstanceType": "m1.small",
    "Placement": {"Tenancy": "default", "GroupName": "", "AvailabilityZone": "us-east-1a"},
    "AmiLaunchIndex": 0,
    # the rest of the recorded answer (conformance/evidence/responses/cloud-custodian-RunInstances_1.json)
    "Architecture": "x86_64", "BlockDeviceMappings": [], "EbsOptimized": False, "Hypervisor": "xen",
    "LaunchTime": datetime.datetime(2017, 11, 21, 15, 40, 42, tzinfo=datetime.UTC),
    "NetworkInterfaces": [], "PrivateDnsName": "ip-172-31-9-249.ec2.internal", "ProductCodes": [],
    "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs", "SourceDestCheck": True,
    "StateReason": {"Message": "pending", "Code": "pending"}, "StateTransitionReason": "",
    "VirtualizationType": "hvm",
    # the members real EC2 has added since, at the values of the 2025 recorded answer
    # (conformance/evidence/responses/warteamx-RunInstances_2025-08-30.json)
    "CapacityReservationSpecification": {"CapacityReservationPreference": "open"},
    "CpuOptions": {"CoreCount": 1, "ThreadsPerCore": 1}, "CurrentInstanceBootMode": "legacy-bios",
    "EnaSupport": False, "EnclaveOptions": {"Enabled": False},
    "MaintenanceOptions": {"AutoRecovery": "default", "RebootMigration": "default"},
    "MetadataOptions": {"State": "pending", "HttpTokens": "optional", "HttpPutResponseHopLimit": 1,
                        "HttpEndpoint": "enabled", "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"},
    "PrivateDnsNameOptions": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                              "EnableResourceNameDnsAAAARecord": False},
    "PublicDnsName": "",
    # and those DescribeInstances adds (the 2026 recorded answer, cloud-custodian-DescribeInstances_2026-03-04.json)
    "HibernationOptions": {"Configured": False}, "NetworkPerformanceOptions": {"BandwidthWeighting": "default"},
    "Operator": {"Managed": False}, "PlatformDetails": "Linux/UNIX", "UsageOperation": "RunInstances",
    "UsageOperationUpdateTime": datetime.datetime(2017, 11, 21, 15, 40, 42, tzinfo=datetime.UTC),
}
RECORDED: dict[str, Any] = {
    "Instances": [RECORDED_INSTANCE],
    "ReservationId": "r-025fe38941a113070",
    "Groups": [],
    "OwnerId": "123456789012",
}
SUBNET = Subnet("subnet-914763e7", "vpc-d2d616b5", "us-east-1a", "172.31.0.0/20")
WORLD: World = dataclasses.replace(
    example_world(),
    subnets=(SUBNET,),
    security_groups=(SecurityGroup("sg-6c7fa917", "default", "vpc-d2d616b5"),),
    default_vpc_id="vpc-d2d616b5",
)
PARAMS = {"ImageId": "ami-6057e21a", "InstanceType": "m1.small", "MinCount": 1, "MaxCount": 1}
Edit = Callable[[dict[str, Any]], None]


def problems(rule_id: str, case: Case, reservation: dict[str, Any], described: list[Any]) -> list[str]:
    """What the rule's post-condition finds wrong with this reservation and these described instances."""
    check = RULES[rule_id].postcondition
    assert check is not None
    return [str(p) for p in check(case, WORLD, launch_as_described(reservation, described))]


def described_running(instance: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The instance as DescribeInstances shows it once running (no StateReason: real EC2 shows none)."""
    shown = {k: v for k, v in copy.deepcopy(instance).items() if k != "StateReason"}
    return {**shown, "State": {"Code": 16, "Name": "running"}, **changes}


def edit_instance(**changes: Any) -> Edit:
    """An edit of the reservation's (first) instance."""
    def edit(reservation: dict[str, Any]) -> None:
        reservation["Instances"][0].update(changes)

    return edit


def second_instance(index: int) -> Edit:
    """An edit adding a second instance with this launch index."""
    def edit(reservation: dict[str, Any]) -> None:
        reservation["Instances"].append(
            {**RECORDED_INSTANCE, "InstanceId": "i-0ccaa6c2846f5a6a3", "AmiLaunchIndex": index}
        )

    return edit

