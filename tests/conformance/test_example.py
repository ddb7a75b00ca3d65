"""conformance.example: the one record of a judged example (ExampleResult), made once where it is judged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

import pytest

from conformance.baseline import Baseline
from conformance.example import ExampleResult, Expected, Observed
from conformance.findings import Divergence, ExampleVerdict, Expect, Finding, Signature
from conformance.outcome import Appeared, Fault, LeftBehind, Outcome, OutcomeKind, Resource
from conformance.runner import Runner
from conformance.targets.base import Target
from strategies.case import Before, Call, Case, Mutation, WireEdit
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


class Hiding:
    """A disclosure that hides every UserData (in params and wire edits): what the record shows goes through it."""

    def params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {k: "<hidden>" if k == "UserData" else v for k, v in params.items()}

    def wire_edits(self, edits: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]:
        return tuple((k, "<hidden>" if k == "UserData" and v is not None else v) for k, v in edits)


EXPECTED_ERROR = Expected(Expect.ERROR, ("InvalidParameterValue",), (400,), "R-MD-2")


def test_the_record_shows_the_request_its_calls_and_wire_edits_as_the_disclosure_allows() -> None:
    earlier = Before(Call.RUN, {**VALID, "UserData": "secret-script"})
    case = Case({**VALID, "UserData": "secret-script"}, wire_edits=(WireEdit("UserData", "raw"),), before=(earlier,))
    held = LeftBehind(held_addresses=("10.0.0.10",), before=(Before(Call.RUN, {**VALID, "UserData": "also"}),))
    answer = Outcome(OutcomeKind.ERROR, status=400, code="InvalidIPAddress.InUse", message="in use",
                     elapsed_ms=1500.0, left_behind=held)
    result = ExampleResult.of(case, answer, findings=(), expected=EXPECTED_ERROR, disclosure=Hiding(),
                              node_id="t::x", expectation="refused")
    assert result.params["UserData"] == "<hidden>" and result.params["ImageId"] == VALID["ImageId"]
    assert result.wire_edits == (("UserData", "<hidden>"),)
    assert [(b.call, dict(b.params)["UserData"]) for b in result.before] == [  # its own, then the leftovers'
        (Call.RUN, "<hidden>"), (Call.RUN, "<hidden>")]
    assert result.observed == Observed(OutcomeKind.ERROR, "InvalidIPAddress.InUse", "in use", 400)
    assert result.duration_s == 1.5 and result.node_id == "t::x" and result.expectation == "refused"
    assert result.answer == "InvalidIPAddress.InUse (HTTP 400): in use"
    assert result.mutation is None


def test_the_record_names_the_mutation_and_the_instances_a_launch_made() -> None:
    mutated = Case(VALID, mutation=Mutation("R-MD-2", "MetadataOptions.HttpPutResponseHopLimit", "hop-limit"))
    reservation = {"Instances": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]}
    result = ExampleResult.of(mutated, Outcome(OutcomeKind.SUCCESS, status=200, reservation=reservation),
                              findings=(), expected=EXPECTED_ERROR, disclosure=Hiding())
    assert result.mutation == {"rule_id": "R-MD-2", "path": "MetadataOptions.HttpPutResponseHopLimit",
                               "name": "hop-limit"}
    assert result.answer == "success, 2 instance(s) launched ['i-1', 'i-2']"
    assert not result.launched  # an error was expected: no post-condition reads this launch back


def test_the_answer_names_what_a_refusal_left_behind() -> None:
    left = Outcome(OutcomeKind.ERROR, status=400, code="NoSuchEntity", message="no profile",
                   appeared=Appeared(((Resource.INSTANCE, "i-1"),)))
    result = ExampleResult.of(Case(VALID), left, findings=(), expected=EXPECTED_ERROR, disclosure=Hiding())
    assert result.answer == "NoSuchEntity (HTTP 400): no profile; left instance i-1"


def test_a_crash_observed_shows_its_detail_as_the_message() -> None:
    crash = Outcome(OutcomeKind.CRASH, status=500, detail="HTTP 500: boom", fault=Fault.SERVER_ERROR)
    assert Observed.of(crash) == Observed(OutcomeKind.CRASH, None, "HTTP 500: boom", 500)
    error = Outcome(OutcomeKind.ERROR, status=400, code="X", message="said", detail="not shown")
    assert Observed.of(error).message == "said"


def test_divergences_signatures_and_launched_read_the_findings_and_the_answer() -> None:
    wrong = Finding("R-MD-2", ExampleVerdict.DIVERGES, Divergence.WRONG_CODE, observed="Bogus")
    fine = Finding("R-PROTO-5", ExampleVerdict.CONFORMS)
    result = ExampleResult((fine, wrong), {}, Expected(Expect.SUCCESS), Observed(OutcomeKind.SUCCESS))
    assert result.divergences == (wrong,)
    assert result.signatures == (Signature("R-MD-2", Divergence.WRONG_CODE, "", "Bogus"),)
    assert result.launched
    refused = ExampleResult((), {}, Expected(Expect.SUCCESS), Observed(OutcomeKind.ERROR, "X", "m", 400))
    assert not refused.launched


def test_a_uniform_result_gives_every_rule_the_same_verdict() -> None:
    crashed = ExampleResult.uniform(["R-A-1", "R-B-2"], ExampleVerdict.CRASH, params={},
                                    expected=Expected(Expect.SUCCESS), observed=Observed(OutcomeKind.CRASH))
    assert [(f.rule_id, f.status, f.kind) for f in crashed.findings] == [
        ("R-A-1", ExampleVerdict.CRASH, Divergence.CRASH), ("R-B-2", ExampleVerdict.CRASH, Divergence.CRASH)]
    undecided = ExampleResult.uniform(["R-A-1"], ExampleVerdict.UNDETERMINED, params={},
                                      expected=Expected(Expect.UNDETERMINED), observed=Observed(OutcomeKind.REJECTED))
    assert [(f.status, f.kind) for f in undecided.findings] == [(ExampleVerdict.UNDETERMINED, None)]
    assert undecided.signatures == ()


@pytest.mark.parametrize("value", [
    Expected(Expect.ERROR, ("InvalidParameterCombination", "InvalidParameterValue"), (400,), "R-NET-2"),
    Expected(Expect.UNDETERMINED, reason="no documentation decides"),
])
def test_expected_survives_json(value: Expected) -> None:
    """As the runner makes it (codes and statuses sorted)."""
    assert Expected.from_json(value.to_json()) == value


def test_expected_json_sorts_codes_and_observed_survives_json() -> None:
    assert Expected(Expect.ERROR, ("B", "A"), (412, 400)).to_json()["codes"] == ["A", "B"]
    observed = Observed(OutcomeKind.ERROR, "InvalidParameterValue", "bad", 400)
    assert Observed.from_json(observed.to_json()) == observed
    assert observed.to_json()["kind"] == "error"
