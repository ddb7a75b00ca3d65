"""Reading a request as sent (conformance/rules/_request.py): counts and scalars from the Query encoding (wire
edits applied), structure from the API params."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.rules._request import (
    dicts,
    given,
    is_ipv4,
    is_true,
    launch_template,
    launches_several,
    malformed,
    nics,
    positive,
    sent,
    strings,
    subnet_of,
    valid_count,
    well_formed,
)
from strategies.case import Case, WireEdit
from tests.support.rule_requests import SUBNET, WORLD, request


def test_sent_reads_the_wire_with_its_edits() -> None:
    case = Case(request(), wire_edits=(WireEdit("MinCount", "two"), WireEdit("ImageId", None)))
    assert sent(case, "MinCount") == "two"
    assert sent(case, "ImageId") is None
    assert sent(case, "MaxCount") == "1"
    assert sent(case, "Action") == "RunInstances"


@pytest.mark.parametrize(("wire", "count"), [
    ("1", 1), ("12", 12), ("0", None), ("-1", None), ("1.5", None), ("", None), (" 2", None), (None, None),
])
def test_a_count_is_valid_only_as_a_decimal_of_at_least_one(wire: str | None, count: int | None) -> None:
    assert valid_count(Case(request(), wire_edits=(WireEdit("MinCount", wire),)), "MinCount") == count


@pytest.mark.parametrize(("min_count", "max_count", "several"), [
    ("1", "1", False), ("1", "2", True), ("3", "0", True), ("0", "x", False), ("1", None, False),
])
def test_several_launches_follow_the_valid_counts(min_count: str, max_count: str | None, several: bool) -> None:
    case = Case(request(), wire_edits=(WireEdit("MinCount", min_count), WireEdit("MaxCount", max_count)))
    assert launches_several(case) is several


@pytest.mark.parametrize(("value", "present"), [
    ("x", True), (0, True), (False, True), ([1], True), ({"a": 1}, True), ([], False), ({}, False), (None, False),
])
def test_an_empty_list_or_map_is_not_given(value: Any, present: bool) -> None:
    assert given({"Member": value}, "Member") is present
    assert not given({}, "Member")


def test_scalars_are_read_strictly() -> None:
    params = {"Yes": True, "One": 1, "Zero": 0, "Flag": True, "Text": "true", "Negative": -3}
    assert is_true(params, "Yes") and not is_true(params, "One") and not is_true(params, "Text")
    assert positive(params, "One")
    assert not any(positive(params, key) for key in ("Zero", "Flag", "Text", "Negative", "Missing"))


def test_lists_keep_only_their_mappings_or_strings() -> None:
    assert dicts([{"a": 1}, "x", 2, {"b": 2}]) == [{"a": 1}, {"b": 2}]
    assert dicts({"a": 1}) == [] and dicts(None) == []
    assert strings(["sg-1", 2, None, "sg-2"]) == ["sg-1", "sg-2"]
    assert strings("sg-1") == []
    nic = {"DeviceIndex": 0, "SubnetId": SUBNET.subnet_id}
    assert nics(Case(request(NetworkInterfaces=[nic, "junk"]))) == [nic]
    assert nics(Case(request())) == []


@pytest.mark.parametrize(("kind", "value", "bad", "good"), [
    ("ami", "ami-0123abcd", False, True),
    ("ami", "ami-0123456789abcdef0", False, True),
    ("ami", "ami-0123abc", True, False),
    ("ami", "ami-0123ABCD", True, False),
    ("subnet", "sg-0123abcd", True, False),
    ("eni", None, False, False),
    ("eni", 17, False, False),
], ids=["short-form", "long-form", "seven-digits", "upper-case", "other-prefix", "absent", "not-a-string"])
def test_an_id_is_malformed_only_when_present_and_off_its_form(kind: str, value: Any, bad: bool, good: bool) -> None:
    assert malformed(kind, value) is bad
    assert well_formed(kind, value) is good


def test_a_launch_template_counts_only_when_something_of_it_is_sent() -> None:
    template = {"LaunchTemplateId": WORLD.launch_templates[0].template_id}
    assert launch_template(Case(request(LaunchTemplate=template))) == template
    assert launch_template(Case(request(LaunchTemplate={}))) is None
    assert launch_template(Case(request())) is None


def test_subnets_and_addresses() -> None:
    assert subnet_of(WORLD, SUBNET.subnet_id) == SUBNET
    assert subnet_of(WORLD, "subnet-0aaaaaaaaaaaaaaaa") is None
    assert subnet_of(WORLD, ["not", "an", "id"]) is None
    assert is_ipv4("10.0.0.1") and not is_ipv4("10.0.0.256") and not is_ipv4("2600:1f18::1")
    assert not is_ipv4(None) and not is_ipv4(167772161)
