"""The Query encoding: botocore's serializer with UserData base64-encoded, wire edits applied in order, and the
urlencoded body botocore would write."""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl

from strategies.case import WireEdit
from strategies.wire import API_VERSION, apply_edits, encode_form, to_query


def test_to_query_writes_the_action_the_version_and_flattened_members() -> None:
    params = {
        "ImageId": "ami-1",
        "MinCount": 1,
        "MaxCount": 3,
        "DryRun": False,
        "SecurityGroupIds": ["sg-1", "sg-2"],
        "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": "subnet-1"}],
        "Placement": {"AvailabilityZone": "us-east-1a"},
    }
    assert to_query(params) == {
        "Action": "RunInstances",
        "Version": API_VERSION,
        "ImageId": "ami-1",
        "MinCount": "1",
        "MaxCount": "3",
        "DryRun": "false",
        "SecurityGroupId.1": "sg-1",
        "SecurityGroupId.2": "sg-2",
        "NetworkInterface.1.DeviceIndex": "0",
        "NetworkInterface.1.SubnetId": "subnet-1",
        "Placement.AvailabilityZone": "us-east-1a",
    }


def test_user_data_is_base64_encoded_without_touching_the_params() -> None:
    params = {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1, "UserData": "#!/bin/sh\necho hi\n"}
    query = to_query(params)
    assert base64.b64decode(query["UserData"]) == b"#!/bin/sh\necho hi\n"
    assert params["UserData"] == "#!/bin/sh\necho hi\n"


def test_another_operation_is_serialized_with_its_own_action() -> None:
    query = to_query({"RegionNames": ["us-east-1"]}, "DescribeRegions")
    assert query == {"Action": "DescribeRegions", "Version": API_VERSION, "RegionName.1": "us-east-1"}


def test_edits_delete_set_and_add_in_order_without_changing_the_input() -> None:
    query = {"Action": "RunInstances", "MinCount": "1", "MaxCount": "2"}
    edits = [WireEdit("MinCount", None), WireEdit("MaxCount", "two"), WireEdit("Extra", "x"),
             WireEdit("Missing", None), WireEdit("Extra", "y")]
    assert apply_edits(query, edits) == {"Action": "RunInstances", "MaxCount": "two", "Extra": "y"}
    assert query == {"Action": "RunInstances", "MinCount": "1", "MaxCount": "2"}
    assert apply_edits(query, []) == query


def test_the_form_body_quotes_everything_but_the_unreserved_characters() -> None:
    query = {"Action": "RunInstances", "TagSpecification.1.Tag.1.Value": "a b/c&d=e~f_g-h.i", "UserData": "YQ=="}
    body = encode_form(query)
    assert body == ("Action=RunInstances&TagSpecification.1.Tag.1.Value=a%20b%2Fc%26d%3De~f_g-h.i"
                    "&UserData=YQ%3D%3D")
    assert dict(parse_qsl(body)) == query
