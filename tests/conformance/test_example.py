"""conformance.example: the one record of a judged example (ExampleResult), made once where it is judged."""

from __future__ import annotations

from typing import cast

from conformance.baseline import Baseline
from conformance.example import ExampleResult
from conformance.runner import Runner
from conformance.targets.base import Target
from strategies.case import Call, Case
from tests.support.runner_targets import VALID, WORLD, HeldAddressTarget


def test_an_answer_an_earlier_examples_address_made_records_the_calls_that_held_it() -> None:
    """A reproducer of such an answer launches at the address and terminates that launch first."""
    case = Case({**VALID, "PrivateIpAddress": "10.0.0.10", "MinCount": 2, "MaxCount": 2})  # R-NET-8
    run = Runner(cast(Target, HeldAddressTarget()), WORLD, Baseline("fake"), record_only=True)
    records: list[ExampleResult] = []
    run.recorders.append(records.append)
    run.run(case)
    assert [(b.call, dict(b.params).get("PrivateIpAddress")) for b in records[0].before] == [
        (Call.RUN, "10.0.0.10"), (Call.TERMINATE, None)]
    assert dict(records[0].before[0].params)["SubnetId"] == VALID["SubnetId"]
