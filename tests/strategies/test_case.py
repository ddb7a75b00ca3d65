"""A Case: its transport and DryRun as the target reads them, the Query it sends, copies that leave it intact,
and reprs that never show UserData."""

from __future__ import annotations

import datetime
import hashlib
import json

from hypothesis.vendor.pretty import pretty

from strategies.case import USER_DATA, Before, Call, Case, Mutation, WireEdit, jsonable

BASE = {"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 2, "DryRun": True}
SECRET = "#!/bin/sh\necho hunter2\n"


def test_the_transport_is_query_exactly_when_there_are_wire_edits() -> None:
    assert Case(BASE).transport == "boto3"
    assert Case(BASE, wire_edits=(WireEdit("Version", "latest"),)).transport == "query"


def test_the_query_applies_the_wire_edits_to_the_serialized_params() -> None:
    case = Case(BASE, wire_edits=(WireEdit("MinCount", None), WireEdit("Foo", "bar")))
    assert case.query["Action"] == "RunInstances"
    assert case.query["MaxCount"] == "2" and case.query["ImageId"] == BASE["ImageId"]
    assert "MinCount" not in case.query
    assert case.query["Foo"] == "bar"


def test_dry_run_is_read_from_the_wire_where_edits_change_it() -> None:
    assert Case(BASE).dry_run is True
    assert Case({**BASE, "DryRun": False}).dry_run is False
    assert Case({k: v for k, v in BASE.items() if k != "DryRun"}).dry_run is False
    assert Case(BASE, wire_edits=(WireEdit("DryRun", None),)).dry_run is False
    assert Case({**BASE, "DryRun": False}, wire_edits=(WireEdit("DryRun", "TRUE"),)).dry_run is True
    assert Case(BASE, wire_edits=(WireEdit("DryRun", "yes"),)).dry_run is False


def test_api_params_is_a_deep_copy() -> None:
    params = {**BASE, "SecurityGroupIds": ["sg-1"]}
    case = Case(params)
    copied = case.api_params()
    copied["SecurityGroupIds"].append("sg-2")
    copied["MinCount"] = 5
    assert params["SecurityGroupIds"] == ["sg-1"] and case.params["MinCount"] == 1


def test_json_params_are_plain_json() -> None:
    when = datetime.datetime(2031, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    case = Case({**BASE, USER_DATA: b"\xffdata", "InstanceMarketOptions": {"SpotOptions": {"ValidUntil": when}},
                 "Ids": ("a", "b")})
    params = case.json_params()
    assert params[USER_DATA] == "\ufffddata"
    assert params["InstanceMarketOptions"]["SpotOptions"]["ValidUntil"] == "2031-01-02T03:04:05+00:00"
    assert params["Ids"] == ["a", "b"]
    assert json.loads(json.dumps(params)) == params
    assert jsonable({1: [b"x"]}) == {"1": ["x"]}


def test_without_and_without_item_drop_one_member_and_keep_the_wire_edits() -> None:
    edits = (WireEdit("Version", "latest"),)
    case = Case({**BASE, "SecurityGroupIds": ["sg-1", "sg-2", "sg-3"]},
                mutation=Mutation("R-X-1", "ImageId", "x"), wire_edits=edits)
    smaller = case.without("DryRun")
    assert "DryRun" not in smaller.params and smaller.params["ImageId"] == BASE["ImageId"]
    assert smaller.mutation is None and smaller.wire_edits == edits
    fewer = case.without_item("SecurityGroupIds", 1)
    assert fewer.params["SecurityGroupIds"] == ["sg-1", "sg-3"]
    assert case.params["SecurityGroupIds"] == ["sg-1", "sg-2", "sg-3"]
    assert fewer.wire_edits == edits and fewer.mutation is None


def test_with_params_keeps_the_mutation_unless_given_one() -> None:
    first, second = Mutation("R-A-1", "A", "a"), Mutation("R-B-2", "B", "b")
    origin = dict(BASE)
    case = Case(BASE, mutation=first, wire_edits=(WireEdit("X", "1"),), origin=origin)
    kept = case.with_params({"MinCount": 3})
    assert kept.params == {"MinCount": 3} and kept.mutation == first
    assert kept.wire_edits == case.wire_edits and kept.origin is origin
    assert case.with_params({}, second).mutation == second


def test_labels_origin_and_before_take_no_part_in_equality() -> None:
    before = (Before(Call.RUN, dict(BASE)), Before(Call.TERMINATE, {"of": 0}))
    assert Case(BASE, labels=("a",), origin={}, before=before) == Case(BASE)
    assert Case(BASE, mutation=Mutation("R-A-1", "A", "a")) != Case(BASE)
    assert Call("TerminateInstances") is Call.TERMINATE


def test_reprs_withhold_user_data_but_show_its_size_and_hash() -> None:
    digest = hashlib.sha256(SECRET.encode()).hexdigest()
    case = Case({**BASE, USER_DATA: SECRET}, wire_edits=(WireEdit(USER_DATA, SECRET), WireEdit("A", "b")),
                labels=("valid",))
    for text in (repr(case), pretty(case)):
        assert "hunter2" not in text
        assert f"<UserData withheld: {len(SECRET)} bytes, sha256 {digest}>" in text
        assert "'ImageId': 'ami-0123456789abcdef0'" in text and "labels=('valid',)" in text
    assert repr(WireEdit("A", "b")) == "WireEdit(key='A', value='b')"
    assert repr(WireEdit(USER_DATA, None)) == "WireEdit(key='UserData', value=None)"
    assert case.params[USER_DATA] == SECRET  # only the repr is withheld


def test_a_case_without_user_data_shows_its_params_as_they_are() -> None:
    text = repr(Case(BASE))
    assert text == f"Case(params={BASE!r}, mutation=None, wire_edits=(), labels=())"


def test_without_dry_run_keeps_the_mutation_origin_and_wire_edits() -> None:
    origin = {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1, "DryRun": True}
    case = Case({**origin, "MinCount": 3}, mutation=Mutation("R-COUNT-3", "MinCount", "m"), origin=origin,
                wire_edits=(WireEdit("MaxCount", "2"),))
    plain = case.without_dry_run()
    assert case.dry_run and not plain.dry_run
    assert plain.params == {"ImageId": "ami-1", "MinCount": 3, "MaxCount": 1}
    assert plain.origin == {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1}
    assert (plain.mutation, plain.wire_edits) == (case.mutation, case.wire_edits)
