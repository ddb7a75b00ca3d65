"""Valid requests: accepted by botocore, serializable, breaking no documented rule, naming only the world, on
example_world() and on every world variant (no default VPC, two VPCs, IPv4-only, IPv6-only subnets)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from strategies.case import Case
from strategies.model import input_shape, leaf_paths, paths_in
from strategies.valid import from_operation, valid_requests
from strategies.world import Image, Subnet, World, example_world
from tests.support.rule_requests import broken
from tests.support.world_variants import VARIANTS, Variant

WORLD = example_world()
FAST = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)



def values_at(node: Any, path: str) -> Iterator[Any]:
    """Every value at a leaf path such as `NetworkInterfaces[].Groups[]`."""
    head, _, rest = path.partition(".")
    name, is_list = head.removesuffix("[]"), head.endswith("[]")
    if not isinstance(node, dict) or name not in node:
        return
    value = node[name]
    items = value if is_list else [value]
    for item in items:
        if rest:
            yield from values_at(item, rest)
        else:
            yield item


def world_resources(world: World) -> dict[str, set[str]]:
    """Leaf paths that name a resource, and the world's resources they may name."""
    subnets = {s.subnet_id for s in world.subnets}
    groups = {g.group_id for g in world.security_groups}
    return {
        "ImageId": set(world.image_ids),
        "InstanceType": set(world.instance_types),
        "SubnetId": subnets,
        "NetworkInterfaces[].SubnetId": subnets,
        "SecurityGroupIds[]": groups,
        "NetworkInterfaces[].Groups[]": groups,
        "SecurityGroups[]": {g.group_name for g in world.security_groups},
        "KeyName": set(world.key_names),
        "KernelId": set(world.kernel_ids),
        "RamdiskId": set(world.ramdisk_ids),
        "LaunchTemplate.LaunchTemplateId": {t.template_id for t in world.launch_templates},
        "LaunchTemplate.LaunchTemplateName": {t.template_name for t in world.launch_templates},
        "Placement.GroupName": {g.group_name for g in world.placement_groups},
        "Placement.GroupId": {g.group_id for g in world.placement_groups},
        "Placement.HostId": set(world.host_ids),
        "BlockDeviceMappings[].Ebs.SnapshotId": set(world.snapshot_ids),
        "BlockDeviceMappings[].Ebs.KmsKeyId": set(world.kms_key_ids),
        "NetworkInterfaces[].NetworkInterfaceId": set(world.network_interface_ids),
        "IamInstanceProfile.Arn": set(world.instance_profile_arns),
        "LicenseSpecifications[].LicenseConfigurationArn": set(world.license_configuration_arns),
        "CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId": set(
            world.capacity_reservation_ids
        ),
        "SecondaryInterfaces[].SecondarySubnetId": {s.subnet_id for s in world.secondary_subnets},
    }


@FAST
@given(case=valid_requests(WORLD, dry_run=None))
def test_valid_requests_pass_botocore_and_serialize(case: Case) -> None:
    report = ParamValidator().validate(dict(case.params), input_shape())
    assert not report.has_errors(), report.generate_report()
    query = case.query
    assert query["Action"] == "RunInstances"
    assert int(query["MinCount"]) <= int(query["MaxCount"])


@FAST
@given(case=valid_requests(WORLD, dry_run=None))
def test_valid_requests_break_no_rule(case: Case) -> None:
    assert broken(case, WORLD) == set(), dict(case.params)


@FAST
@given(case=valid_requests(WORLD, dry_run=None, settled_only=False))
def test_unsettled_members_break_no_decidable_rule(case: Case) -> None:
    report = ParamValidator().validate(dict(case.params), input_shape())
    assert not report.has_errors(), report.generate_report()
    assert broken(case, WORLD) == set(), dict(case.params)


@FAST
@given(case=valid_requests(WORLD, settled_only=False))
def test_requests_name_only_world_resources(case: Case) -> None:
    for path, allowed in world_resources(WORLD).items():
        for value in values_at(dict(case.params), path):
            assert value in allowed, f"{path}={value!r} is not in the world"
    assert set(paths_in(dict(case.params))) <= set(leaf_paths())


@FAST
@given(data=st.data(), max_count=st.integers(1, 5), dry_run=st.sampled_from([True, False, None]))
def test_counts_and_dry_run_follow_the_options(
    data: st.DataObject, max_count: int, dry_run: bool | None
) -> None:
    case = data.draw(valid_requests(WORLD, max_count=max_count, dry_run=dry_run))
    assert 1 <= case.params["MinCount"] <= case.params["MaxCount"] <= max_count
    if dry_run is not None:
        assert case.dry_run is dry_run


def test_repr_shows_how_the_strategy_was_built() -> None:
    text = repr(valid_requests(WORLD, max_count=2, dry_run=None))
    assert text.startswith("valid_requests(World(region='us-east-1'")
    assert "max_count=2" in text and "dry_run=None" in text
    assert repr(from_operation(WORLD, max_count=2)) == repr(valid_requests(WORLD, max_count=2))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_count": 0}, "max_count=0"),
        ({"max_count": True}, "max_count=True"),
        ({"max_count": "3"}, "max_count='3'"),
        ({"dry_run": "yes"}, "dry_run='yes'"),
        ({"settled_only": None}, "settled_only=None"),
    ],
)
def test_invalid_arguments_raise_clearly(options: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message.replace("(", r"\(")):
        valid_requests(WORLD, **options)


def test_invalid_world_and_operation_raise_clearly() -> None:
    with pytest.raises(InvalidArgument, match=r"must be a strategies\.world\.World"):
        valid_requests("us-east-1")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'TerminateInstances' has no strategies"):
        from_operation(WORLD, operation="TerminateInstances")
    with pytest.raises(InvalidArgument, match="'RunInstance' is not an EC2 operation"):
        from_operation(WORLD, operation="RunInstance")


BARE_WORLD = World(
    region="eu-west-1",
    images=(Image("ami-0123456789abcdef0", root_device_name="/dev/sda1"),),
    instance_types=("m5.large",),
    availability_zones=(),
    vpc_id="vpc-0123456789abcdef0",
    subnets=(Subnet("subnet-0123456789abcdef0", "vpc-0123456789abcdef0", "eu-west-1a", "10.1.0.0/28"),),
    security_groups=(),
    has_default_vpc=False,
)


@FAST
@given(case=valid_requests(BARE_WORLD, dry_run=None, settled_only=False))
def test_a_bare_world_gets_requests_that_need_nothing_else(case: Case) -> None:
    params = dict(case.params)
    for path, allowed in world_resources(BARE_WORLD).items():
        for value in values_at(params, path):
            assert value in allowed, f"{path}={value!r} is not in the world"
    assert "SubnetId" in params or "NetworkInterfaces" in params  # no default VPC (R-NET-1)
    assert broken(case, BARE_WORLD) == set(), params


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_valid_requests_on_each_world_variant(variant: Variant) -> None:
    @settings(max_examples=60)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(valid_requests(variant.world, dry_run=None, settled_only=False))
        report = ParamValidator().validate(dict(case.params), input_shape())
        assert not report.has_errors(), report.generate_report()
        assert broken(case, variant.world) == set()

    check()
