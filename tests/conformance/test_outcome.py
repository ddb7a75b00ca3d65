"""conformance.outcome: what a target did, classified (the normalized code, the crash class, one-line texts,
what earlier examples left behind)."""

from __future__ import annotations

import pytest

from conformance.outcome import Appeared, Fault, LeftBehind, Outcome, OutcomeKind, Resource
from strategies.case import Before, Call


@pytest.mark.parametrize(("code", "normalized"), [
    ("Client.InvalidParameterValue", "InvalidParameterValue"),
    ("Server.InternalError", "InternalError"),
    ("InvalidParameterValue", "InvalidParameterValue"),
    ("Client.", ""),
    ("ClientInvalid", "ClientInvalid"),
    (None, None),
])
def test_the_normalized_code_drops_only_a_client_or_server_prefix(code: str | None, normalized: str | None) -> None:
    assert Outcome(OutcomeKind.ERROR, status=400, code=code).normalized_code == normalized


@pytest.mark.parametrize(("outcome", "crash_class"), [
    (Outcome(OutcomeKind.CRASH, status=500, fault=Fault.SERVER_ERROR), "HTTP 500"),
    (Outcome(OutcomeKind.CRASH, status=503, code="RequestLimitExceeded"), "HTTP 503"),  # any 5xx, fault or not
    (Outcome(OutcomeKind.CRASH, status=200, fault=Fault.SERVER_ERROR), "HTTP 200"),
    (Outcome(OutcomeKind.CRASH, detail="ValueError: bad version 'x'", fault=Fault.EXCEPTION), "ValueError"),
    (Outcome(OutcomeKind.CRASH, fault=Fault.EXCEPTION), "exception"),
    (Outcome(OutcomeKind.CRASH, detail="timed out after 30 s", fault=Fault.TIMEOUT), "timeout"),
    (Outcome(OutcomeKind.CRASH, status=200, detail="<html>", fault=Fault.NON_XML), "non-xml"),
    (Outcome(OutcomeKind.CRASH, detail="boom"), "crash"),
])
def test_the_crash_class_tells_crashes_apart_without_their_text(outcome: Outcome, crash_class: str) -> None:
    assert outcome.crash_class == crash_class


def test_only_a_refused_connection_is_unreachable() -> None:
    assert Outcome(OutcomeKind.CRASH, fault=Fault.UNREACHABLE).unreachable
    assert not Outcome(OutcomeKind.CRASH, fault=Fault.TIMEOUT).unreachable
    assert not Outcome(OutcomeKind.REJECTED, fault=Fault.UNREACHABLE).unreachable


def test_instance_ids_are_read_from_the_reservation() -> None:
    reservation = {"ReservationId": "r-1", "Instances": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]}
    assert Outcome(OutcomeKind.SUCCESS, status=200, reservation=reservation).instance_ids == ["i-1", "i-2"]
    assert Outcome(OutcomeKind.SUCCESS, status=200, reservation={}).instance_ids == []
    assert Outcome(OutcomeKind.ERROR, status=400, code="X").instance_ids == []


def test_each_kind_of_outcome_describes_itself_in_one_line() -> None:
    error = Outcome(OutcomeKind.ERROR, status=400, code="InvalidParameterValue", message="bad hop limit")
    assert error.describe() == "InvalidParameterValue (HTTP 400): bad hop limit"
    launched = Outcome(OutcomeKind.SUCCESS, status=200, reservation={"Instances": [{"InstanceId": "i-1"}]})
    assert launched.describe() == "success, 1 instance(s) launched"
    crash = Outcome(OutcomeKind.CRASH, status=500, detail="HTTP 500: boom", fault=Fault.SERVER_ERROR)
    assert crash.describe() == "crash: HTTP 500: boom"
    assert Outcome(OutcomeKind.REJECTED, detail="ParamValidationError").describe() == "rejected: ParamValidationError"


def test_left_behind_counts_only_when_it_decided_something() -> None:
    assert not LeftBehind()
    assert not Outcome(OutcomeKind.ERROR).left_behind
    assert LeftBehind(exhausted="subnet-1 has no free address")
    assert LeftBehind(held_addresses=("10.0.0.10",))
    calls_alone = LeftBehind(before=(Before(Call.RUN, {"PrivateIpAddress": "10.0.0.10"}),))
    assert not calls_alone  # the calls only recreate what a held address or a full subnet says


def test_what_appeared_is_named_by_an_instance_before_its_interfaces_and_volumes() -> None:
    appeared = Appeared.of({Resource.VOLUME: ["vol-2", "vol-1"], Resource.INSTANCE: ["i-1"],
                            Resource.NETWORK_INTERFACE: []})
    assert appeared.resources == ((Resource.INSTANCE, "i-1"), (Resource.VOLUME, "vol-1"), (Resource.VOLUME, "vol-2"))
    assert appeared.main is Resource.INSTANCE and appeared.kinds == (Resource.INSTANCE, Resource.VOLUME)
    assert appeared.ids(Resource.VOLUME) == ("vol-1", "vol-2") and appeared.ids(Resource.NETWORK_INTERFACE) == ()
    assert appeared.describe() == "instance i-1, volume vol-1, volume vol-2"
    alone = Appeared.of({Resource.VOLUME: ["vol-1"], Resource.NETWORK_INTERFACE: ["eni-1"]})
    assert alone.main is Resource.NETWORK_INTERFACE
    assert not Appeared() and Appeared().main is None and Outcome(OutcomeKind.ERROR).appeared == Appeared()
