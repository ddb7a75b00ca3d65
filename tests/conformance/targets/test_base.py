"""conformance.targets.base, the one protocol of every target: a case with wire edits (or any case when forced)
goes raw, the others through boto3, always as `prepare` makes it; nothing is asked of an unstarted target; an
empty id list asks the target nothing; the context manager starts and stops."""

from __future__ import annotations

from typing import Any, Self, cast

import pytest

from conformance.outcome import Outcome, OutcomeKind
from conformance.targets import TargetError
from conformance.targets.base import Target
from conformance.targets.transport import Boto3Transport, QueryTransport
from strategies.case import Case, WireEdit
from strategies.world import example_world

CASE = Case({"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1})


class _Transport:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: list[Case] = []

    def send(self, case: Case) -> Outcome:
        self.sent.append(case)
        return Outcome(OutcomeKind.SUCCESS, transport=self.name)


class _Client:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def terminate_instances(self, **kwargs: Any) -> None:
        self.calls.append(("terminate_instances", kwargs))

    def get_paginator(self, name: str) -> Any:
        calls = self.calls

        class _Pages:
            def paginate(self, **kwargs: Any) -> list[dict[str, Any]]:
                calls.append((name, kwargs))
                return [{"Reservations": [{"Instances": [{"InstanceId": "i-1"}]}]},
                        {"Reservations": [{"Instances": [{"InstanceId": "i-2"}, {"InstanceId": "i-3"}]}, {}]}]

        return _Pages()


class _Fake(Target):
    name = "fake"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.stopped = 0
        self.boto3 = _Transport("boto3")
        self.query = _Transport("query")

    @property
    def version(self) -> str:
        return "1.0"

    def start(self) -> Self:
        self._client = _Client()
        self._world = example_world()
        self._boto3 = cast(Boto3Transport, self.boto3)
        self._query = cast(QueryTransport, self.query)
        return self

    def stop(self) -> None:
        self.stopped += 1
        self._client = None

    def reset(self) -> None:
        return None

    def prepare(self, case: Case) -> Case:
        return Case({**case.params, "Prepared": True}, wire_edits=case.wire_edits)


def test_wire_edits_go_raw_and_the_rest_through_boto3_as_prepared() -> None:
    with _Fake() as target:
        assert target.send(CASE).transport == "boto3"
        edited = Case(CASE.params, wire_edits=(WireEdit("MinCount", "x"),))
        assert target.send(edited).transport == "query"
        target.force_raw = True
        assert target.send(CASE).transport == "query"
    assert [c.params.get("Prepared") for c in target.boto3.sent + target.query.sent] == [True, True, True]
    assert target.query.sent[0].wire_edits == (WireEdit("MinCount", "x"),)


def test_an_unstarted_target_asks_for_start_and_the_context_manager_stops_it() -> None:
    target = _Fake(region="eu-west-1")
    assert not target.started and repr(target) == "<_Fake fake region=eu-west-1>"
    for ask in (target.world, lambda: target.client, lambda: target.send(CASE)):
        with pytest.raises(TargetError, match=r"^target fake is not started: call start"):
            ask()
    with target as started:
        assert started is target and target.started and target.world() == example_world()
    assert target.stopped == 1 and not target.started
    assert target.forgets_between_examples and target.prepare_shared() is None


def test_describe_and_terminate_ask_nothing_for_no_ids() -> None:
    with _Fake() as target:
        client = cast(_Client, target.client)
        assert target.describe_instances([]) == []
        target.terminate_instances([])
        assert client.calls == []


def test_describe_filters_by_id_and_flattens_every_page() -> None:
    with _Fake() as target:
        client = cast(_Client, target.client)
        assert [i["InstanceId"] for i in target.describe_instances(["i-1", "i-2"])] == ["i-1", "i-2", "i-3"]
        target.terminate_instances(["i-1"])
        assert client.calls == [
            ("describe_instances", {"Filters": [{"Name": "instance-id", "Values": ["i-1", "i-2"]}]}),
            ("terminate_instances", {"InstanceIds": ["i-1"]}),
        ]
