"""The editing helpers mutations share: nested set and remove, free device names, the root mapping, the zones a
request names, retyping that drops what the new type makes invalid, and tag specifications."""

from __future__ import annotations

import dataclasses
from typing import Any

from strategies.case import Mutation, WireEdit
from strategies.mutations._edit import (
    add_mapping,
    case,
    drop,
    drop_standby_zones,
    free_device,
    has_type,
    no_hibernation,
    no_spot,
    pick_type,
    put,
    replace_root,
    retype,
    root_device,
    spec_for,
    spec_index,
    zones_named,
)
from strategies.world import example_world

WORLD = example_world()
XVDA_IMAGE, BIG_IMAGE = WORLD.images


def test_case_records_the_mutation_and_the_wire_edits() -> None:
    edits = (WireEdit("Version", "latest"),)
    made = case({"A": 1}, "R-X-1", "A", "a-name", edits)
    assert made.mutation == Mutation("R-X-1", "A", "a-name") and made.wire_edits == edits
    assert made.params == {"A": 1}


def test_put_creates_the_parents_and_replaces_a_scalar_on_the_way() -> None:
    params: dict[str, Any] = {"Placement": "not-a-dict"}
    put(params, "Placement.Tenancy", "host")
    put(params, "CpuOptions.CoreCount", 2)
    put(params, "ImageId", "ami-1")
    assert params == {"Placement": {"Tenancy": "host"}, "CpuOptions": {"CoreCount": 2}, "ImageId": "ami-1"}


def test_drop_removes_members_and_the_dicts_left_empty() -> None:
    params: dict[str, Any] = {"Placement": {"Tenancy": "host", "HostId": "h-1"}, "CpuOptions": {"CoreCount": 1},
                              "ImageId": "ami-1"}
    drop(params, "Placement.HostId", "CpuOptions.CoreCount", "Missing.Member", "ImageId.Deeper")
    assert params == {"Placement": {"Tenancy": "host"}, "ImageId": "ami-1"}
    drop(params, "Placement.Tenancy")
    assert params == {"ImageId": "ami-1"}


def test_free_devices_avoid_the_root_and_the_used_names_in_the_same_scheme() -> None:
    params: dict[str, Any] = {"ImageId": XVDA_IMAGE.image_id,
                              "BlockDeviceMappings": [{"DeviceName": "/dev/xvdf"}, "not-a-mapping"]}
    assert root_device(params, WORLD) == "/dev/xvda"
    first, second = free_device(params, WORLD), free_device(params, WORLD, 1)
    assert first.startswith("/dev/xvd") and first not in ("/dev/xvda", "/dev/xvdf") and first != second
    sd = dataclasses.replace(WORLD, images=(dataclasses.replace(XVDA_IMAGE, root_device_name="/dev/sda1"),))
    assert free_device({"ImageId": XVDA_IMAGE.image_id}, sd).startswith("/dev/sd")
    assert root_device({"ImageId": "ami-unknown"}, WORLD) == XVDA_IMAGE.root_device_name  # the first image's


def test_add_mapping_and_replace_root() -> None:
    params: dict[str, Any] = {"LaunchTemplate": {"LaunchTemplateId": "lt-1"}}
    assert add_mapping(params, {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 9}}) == 0
    assert add_mapping(params, {"DeviceName": "/dev/xvdb", "NoDevice": ""}) == 1
    replace_root(params, WORLD, {"Encrypted": True})
    assert params["ImageId"] == XVDA_IMAGE.image_id  # named so that the root device is known
    assert params["BlockDeviceMappings"] == [{"DeviceName": "/dev/xvdb", "NoDevice": ""},
                                             {"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True}}]


def test_zones_named_by_placement_subnet_and_interfaces() -> None:
    a, b = WORLD.availability_zones
    assert zones_named({}, WORLD) == set()
    assert zones_named({"Placement": {"AvailabilityZoneId": b.zone_id}}, WORLD) == {b.name}
    assert zones_named({"SubnetId": WORLD.subnets[0].subnet_id}, WORLD) == {a.name}
    nics = {"NetworkInterfaces": [{"SubnetId": WORLD.subnets[1].subnet_id}, {"NetworkInterfaceId": "eni-1"}]}
    assert zones_named({**nics, "Placement": {"AvailabilityZone": a.name}}, WORLD) == {a.name, b.name}
    assert zones_named({"Placement": {"AvailabilityZone": "nowhere"}, "SubnetId": "subnet-x"}, WORLD) == set()


def test_drop_standby_zones_from_every_volume() -> None:
    config = {"ConfigurationType": "x", "StandbyAvailabilityZones": []}
    params: dict[str, Any] = {"BlockDeviceMappings": [
        {"Ebs": {"VolumeSize": 8, "MultiAvailabilityZoneConfiguration": config}}, {"NoDevice": ""}]}
    drop_standby_zones(params)
    assert params == {"BlockDeviceMappings": [{"Ebs": {"VolumeSize": 8}}, {"NoDevice": ""}]}


def test_pick_type_and_has_type() -> None:
    assert pick_type(WORLD, lambda t: t.startswith("m")) == "m5.large"
    assert pick_type(WORLD, lambda t: t.startswith("z")) is None
    assert has_type(lambda t: t == "c5.large")(WORLD) and not has_type(lambda t: t == "x9.huge")(WORLD)


def test_retyping_drops_what_the_new_type_makes_invalid() -> None:
    params: dict[str, Any] = {
        "InstanceType": "t3.micro",
        "CreditSpecification": {"CpuCredits": "unlimited"},
        "CpuOptions": {"CoreCount": 2, "ThreadsPerCore": 2, "AmdSevSnp": "enabled",
                       "NestedVirtualization": "enabled"},
        "EbsOptimized": True,
    }
    retype(params, "m5.large", WORLD)
    assert params == {"InstanceType": "m5.large", "EbsOptimized": True}  # m5: no credits, SEV-SNP, nesting;
    # two cores are not among its valid counts; it is EBS-optimizable
    burstable: dict[str, Any] = {"EbsOptimized": True, "Placement": {"Tenancy": "host", "HostId": "h-1"}}
    retype(burstable, "t2.micro", WORLD)
    assert burstable == {"InstanceType": "t2.micro"}  # no host tenancy for T types; t2 is not EBS-optimizable


def test_retyping_keeps_only_the_features_the_world_knows_the_new_type_has() -> None:
    """SEV-SNP (m6a.large), nested virtualization and a listed bandwidth weighting (m8i.large), prefixes (Nitro)."""
    nic = {"DeviceIndex": 0, "Ipv4PrefixCount": 1, "Ipv6Prefixes": [{"Ipv6Prefix": "2600:1f18::/80"}]}
    params: dict[str, Any] = {
        "InstanceType": "m6a.large", "CpuOptions": {"AmdSevSnp": "enabled", "NestedVirtualization": "disabled"},
        "NetworkPerformanceOptions": {"BandwidthWeighting": "vpc-1"}, "NetworkInterfaces": [dict(nic)]}
    retype(params, "m8i.large", WORLD)
    assert params["CpuOptions"] == {"NestedVirtualization": "disabled"} and params["NetworkInterfaces"] == [nic]
    assert params["NetworkPerformanceOptions"] == {"BandwidthWeighting": "vpc-1"}
    retype(params, "t2.micro", WORLD)  # Xen: no prefixes; Intel without the features
    assert params == {"InstanceType": "t2.micro", "NetworkInterfaces": [{"DeviceIndex": 0}]}
    params = {"CpuOptions": {"AmdSevSnp": "disabled"}, "NetworkPerformanceOptions": {"BandwidthWeighting": "vpc-1"}}
    retype(params, "c6a.large", WORLD)  # a documented SEV-SNP family the World has no facts of
    assert params == {"InstanceType": "c6a.large"}


def test_retyping_to_a_type_that_cannot_hibernate() -> None:
    facts = tuple(dataclasses.replace(t, hibernation=False) for t in WORLD.instance_type_facts)
    world = dataclasses.replace(WORLD, instance_type_facts=facts)
    params: dict[str, Any] = {"HibernationOptions": {"Configured": True}, "InstanceMarketOptions": {
        "SpotOptions": {"SpotInstanceType": "persistent", "InstanceInterruptionBehavior": "hibernate"}}}
    retype(params, "m5.large", world)
    assert "HibernationOptions" not in params
    assert params["InstanceMarketOptions"]["SpotOptions"]["InstanceInterruptionBehavior"] == "stop"


def test_no_hibernation_keeps_a_persistent_spot_request_valid_and_no_spot_drops_it() -> None:
    params: dict[str, Any] = {"HibernationOptions": {"Configured": True},
                              "InstanceMarketOptions": {"SpotOptions": {"SpotInstanceType": "persistent"}}}
    no_hibernation(params)
    assert params == {"InstanceMarketOptions": {"SpotOptions": {"SpotInstanceType": "persistent",
                                                                "InstanceInterruptionBehavior": "stop"}}}
    one_time: dict[str, Any] = {"InstanceMarketOptions": {"SpotOptions": {"SpotInstanceType": "one-time"}}}
    no_hibernation(one_time)
    assert "InstanceInterruptionBehavior" not in one_time["InstanceMarketOptions"]["SpotOptions"]
    no_spot(params)
    assert params == {}


def test_spec_for_finds_or_creates_one_specification_per_type() -> None:
    params: dict[str, Any] = {"TagSpecifications": [{"ResourceType": "volume"}]}
    volume = spec_for(params, "volume")
    assert volume == {"ResourceType": "volume", "Tags": []} and params["TagSpecifications"][0] is volume
    instance = spec_for(params, "instance")
    assert spec_for(params, "instance") is instance and len(params["TagSpecifications"]) == 2
    assert spec_index(params, instance) == 1 and spec_index(params, volume) == 0
