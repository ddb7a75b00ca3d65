"""conformance.targets.guard, the aws target's DryRun guard on its own: a case is rewritten to DryRun=true, and the
form, query, wire bytes and other services' calls are refused unless read-only or a DryRun RunInstances. (The
aws target with the guard in place, against a recording server, is tests/conformance/targets/test_aws.py.)"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from conformance.targets import DryRunGuardError
from conformance.targets.guard import (
    check_form,
    check_query,
    check_read_only_call,
    check_wire,
    force_dry_run,
    install_boto3_guard,
    install_read_only_guard,
    launches_or_nothing,
    operation_of,
    read_only_ec2,
)
from conformance.targets.net import free_port
from strategies.case import Case, WireEdit


@pytest.mark.parametrize(("action", "read_only"), [
    ("DescribeInstances", True), ("DescribeAnything", True), ("GetEbsEncryptionByDefault", True),
    ("RunInstances", False), ("GetPasswordData", False), ("describeInstances", False), ("", False),
])
def test_read_only_ec2_calls(action: str, read_only: bool) -> None:
    assert read_only_ec2(action) is read_only


@pytest.mark.parametrize(("action", "sendable"), [
    ("RunInstances", True), ("runinstances", True), ("RUNINSTANCES", True), ("", True),
    ("TerminateInstances", False), ("RunInstance", False),
])
def test_launches_or_nothing(action: str, sendable: bool) -> None:
    assert launches_or_nothing(action) is sendable


def test_force_dry_run_sets_it_in_the_params_and_as_the_last_wire_edit() -> None:
    case = Case({"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1, "DryRun": False},
                wire_edits=(WireEdit("DryRun", None), WireEdit("MaxCount", "x")), labels=("a",))
    forced = force_dry_run(case)
    assert forced.params["DryRun"] is True and case.params["DryRun"] is False  # the original is untouched
    assert forced.wire_edits == (WireEdit("MaxCount", "x"), WireEdit("DryRun", "true"))
    assert forced.labels == ("a",) and forced.query["DryRun"] == "true"
    plain = force_dry_run(Case({"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1}))
    assert plain.wire_edits == () and plain.params["DryRun"] is True and plain.query["DryRun"] == "true"


@pytest.mark.parametrize("form", [
    {"Action": ["DescribeImages"]},
    {"Action": ["GetEbsEncryptionByDefault"]},
    {"Action": ["RunInstances"], "DryRun": ["true"]},
    {"Action": ["runInstances"], "DryRun": ["true"]},
    {"DryRun": ["true"], "MinCount": ["1"]},  # a wire mutation that dropped Action
])
def test_the_form_lets_out_read_only_calls_and_dry_run_launches(form: dict[str, list[str]]) -> None:
    check_form(form)


@pytest.mark.parametrize(("form", "said"), [
    ({"Action": ["RunInstances"]}, "refused RunInstances with DryRun=[]"),
    ({"Action": ["RunInstances"], "DryRun": ["True"]}, "with DryRun=['True']"),
    ({"Action": ["RunInstances"], "DryRun": ["true", "true"]}, "with DryRun=['true', 'true']"),
    ({"Action": ["RunInstances"], "DryRun": ["false"]}, "with DryRun=['false']"),
    ({"MinCount": ["1"]}, "refused a request without Action with DryRun=[]"),
    ({"Action": ["TerminateInstances"], "DryRun": ["true"]}, "refused TerminateInstances: only read-only"),
    ({"Action": ["DescribeImages", "RunInstances"]}, "refused a request with Action=['DescribeImages', "),
])
def test_the_form_refuses_the_rest_naming_why(form: dict[str, list[str]], said: str) -> None:
    with pytest.raises(DryRunGuardError) as raised:
        check_form(form)
    assert said in str(raised.value) and str(raised.value).startswith("aws target: ")


def test_a_query_is_checked_as_a_form() -> None:
    check_query({"Action": "RunInstances", "DryRun": "true"})
    with pytest.raises(DryRunGuardError):
        check_query({"Action": "RunInstances", "DryRun": "false"})


def test_the_wire_check_reads_the_url_and_the_body_together() -> None:
    check_wire("https://ec2.us-east-1.amazonaws.com/", b"Action=RunInstances&DryRun=true&MinCount=1")
    check_wire("https://h/?Action=DescribeImages", None)
    with pytest.raises(DryRunGuardError, match="DryRun=\\['false', 'true'\\]"):
        check_wire("https://h/?DryRun=false", "Action=RunInstances&DryRun=true")  # URL's, then body's: refused
    with pytest.raises(DryRunGuardError, match="Action="):
        check_wire("https://h/?Action=TerminateInstances", b"Action=DescribeImages")
    with pytest.raises(DryRunGuardError, match="DryRun=\\[''\\]"):
        check_wire("https://h/", b"Action=RunInstances&DryRun=")


@pytest.mark.parametrize(("url", "headers", "body", "operation"), [
    ("https://iam.amazonaws.com/", {}, b"Action=ListInstanceProfiles&Version=2010-05-08", "ListInstanceProfiles"),
    ("https://iam.amazonaws.com/?Action=ListRoles", {}, None, "ListRoles"),
    ("https://h/", {"X-Amz-Target": b"AWSLicenseManager.ListLicenseConfigurations"}, b"{}",
     "ListLicenseConfigurations"),
    ("https://h/", {"X-Amz-Target": "Service.Op"}, "Action=Other", "Op"),
    ("https://h/?Action=A", {}, "Action=B", ""),  # two actions: none trusted
    ("https://h/", {}, b"", ""),
])
def test_operation_of_a_request(url: str, headers: dict[str, Any], body: bytes | str | None, operation: str) -> None:
    assert operation_of(url, headers, body) == operation


def test_other_services_let_out_only_their_listed_calls() -> None:
    check_read_only_call("iam", "ListInstanceProfiles")
    check_read_only_call("license-manager", "ListLicenseConfigurations")
    with pytest.raises(DryRunGuardError, match=r"refused iam CreateRole: only \['ListInstanceProfiles'\] go out"):
        check_read_only_call("iam", "CreateRole")
    with pytest.raises(DryRunGuardError, match=r"refused s3 request: only \[\] go out to s3"):
        check_read_only_call("s3", "")


def _client(service: str) -> Any:
    """A client aimed at a closed loopback port: a request the guard lets out fails to connect instead."""
    return boto3.session.Session("k", "s", region_name="us-east-1").client(
        service, endpoint_url=f"http://127.0.0.1:{free_port()}",
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=0.5))


def test_the_boto3_guard_refuses_before_sending_and_lets_a_dry_run_out() -> None:
    client = install_boto3_guard(_client("ec2"))
    with pytest.raises(DryRunGuardError):
        client.run_instances(ImageId="ami-1", MinCount=1, MaxCount=1)
    with pytest.raises(DryRunGuardError):
        client.terminate_instances(InstanceIds=["i-0123456789abcdef0"])
    with pytest.raises(Exception) as let_out:
        client.run_instances(ImageId="ami-1", MinCount=1, MaxCount=1, DryRun=True)
    assert not isinstance(let_out.value, DryRunGuardError)  # it went for the network
    install_boto3_guard(client)  # installing twice keeps one hook (unique id)


def test_the_read_only_guard_on_another_services_client() -> None:
    client = install_read_only_guard(_client("iam"), "iam")
    with pytest.raises(DryRunGuardError, match="refused iam CreateRole"):
        client.create_role(RoleName="r", AssumeRolePolicyDocument="{}")
    with pytest.raises(Exception) as let_out:
        client.list_instance_profiles()
    assert not isinstance(let_out.value, DryRunGuardError)
