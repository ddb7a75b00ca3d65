"""The RunInstances input read from botocore's installed model: its leaf paths (lists as `[]`), their types and
enums, and the paths a request dict carries."""

from __future__ import annotations

import pytest

from strategies.model import (
    API_VERSION,
    OPERATION,
    enum_values,
    input_shape,
    leaf_paths,
    leaves,
    leaves_of,
    members,
    operation_model,
    paths_in,
    service_model,
    shape_types,
    top_level_members,
)


def test_the_model_is_ec2_at_the_query_api_version() -> None:
    assert service_model().service_name == "ec2"
    assert service_model().api_version == API_VERSION
    assert operation_model().name == OPERATION
    assert input_shape().name == "RunInstancesRequest"


def test_top_level_members_are_the_input_shapes_members() -> None:
    members = top_level_members()
    assert members == tuple(input_shape().members)
    assert {"ImageId", "MinCount", "MaxCount", "DryRun", "NetworkInterfaces"} <= set(members)
    assert top_level_members("DescribeRegions") == tuple(input_shape("DescribeRegions").members)


def test_leaf_paths_name_scalars_with_lists_marked() -> None:
    paths = leaf_paths()
    assert len(paths) == len(set(paths))
    assert {"ImageId", "SecurityGroupIds[]", "NetworkInterfaces[].Groups[]", "Placement.Tenancy",
            "TagSpecifications[].Tags[].Key", "BlockDeviceMappings[].Ebs.VolumeSize"} <= set(paths)
    assert "Placement" not in paths and "NetworkInterfaces[]" not in paths  # containers are no leaves
    assert all(not path.endswith(".") and ".." not in path for path in paths)
    assert paths == tuple(leaf.path for leaf in leaves())


def test_members_name_containers_and_list_items_before_their_own_members() -> None:
    found = dict(members(input_shape()))
    paths = list(found)
    assert {"Placement", "NetworkInterfaces", "NetworkInterfaces[]", "BlockDeviceMappings[].Ebs"} <= set(paths)
    assert paths.index("BlockDeviceMappings[]") < paths.index("BlockDeviceMappings[].Ebs") < paths.index(
        "BlockDeviceMappings[].Ebs.Iops")
    assert found["NetworkInterfaces[]"].name == "InstanceNetworkInterfaceSpecification"
    assert [p for p, shape in found.items() if shape.type_name not in ("structure", "list", "map")] == list(
        leaf_paths())


def test_leaves_carry_their_type_and_enum() -> None:
    by_path = {leaf.path: leaf for leaf in leaves()}
    assert by_path["MinCount"].type_name == "integer"
    assert by_path["DryRun"].type_name == "boolean"
    assert by_path["ImageId"].type_name == "string" and by_path["ImageId"].enum == ()
    assert by_path["Placement.Tenancy"].enum == enum_values("Placement.Tenancy")
    assert {"default", "dedicated", "host"} <= set(enum_values("Placement.Tenancy"))
    assert {leaf.type_name for leaf in leaves()} <= shape_types()


def test_shape_types_include_the_containers() -> None:
    assert {"structure", "list", "string", "integer", "boolean"} <= shape_types()


def test_enum_values_of_an_unknown_path_is_an_error() -> None:
    with pytest.raises(KeyError, match=r"'Placement\.Tenant'"):
        enum_values("Placement.Tenant")


def test_paths_in_walks_dicts_and_lists() -> None:
    params = {
        "ImageId": "ami-1",
        "SecurityGroupIds": ["sg-1", "sg-2"],
        "NetworkInterfaces": [{"DeviceIndex": 0, "Groups": ["sg-1"]}],
        "Placement": {"Tenancy": "host"},
    }
    assert list(paths_in(params)) == [
        "ImageId", "SecurityGroupIds[]", "SecurityGroupIds[]", "NetworkInterfaces[].DeviceIndex",
        "NetworkInterfaces[].Groups[]", "Placement.Tenancy",
    ]
    assert list(paths_in("x", "Prefix")) == ["Prefix"]


def test_leaves_of_counts_a_redacted_value_as_its_leaf_and_drops_unknown_members() -> None:
    params = {
        "UserData": {"bytes": 12, "sha256": "abc"},  # a disclosed request's digest of UserData
        "Placement": {"Tenancy": "host"},
        "SecurityGroupIds": ["sg-1"],
        "Bogus": 1,
        "Placement2": {"Nested": 1},
    }
    assert leaves_of(params) == frozenset({"UserData", "Placement.Tenancy", "SecurityGroupIds[]"})
    assert leaves_of({}) == frozenset()
