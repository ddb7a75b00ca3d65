"""conformance.alone: a post-condition divergence is replayed alone until one replay shows it (at most TRIES that
do not), never for a stateful example, and each finding says what the replays found."""

from __future__ import annotations

from conformance.alone import TRIES, AloneReplay
from conformance.findings import Divergence, ExampleVerdict, Finding, Signature
from strategies.case import Before, Call, Case

CASE = Case({"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1})
POST = Finding("R-LT-3", ExampleVerdict.DIVERGES, Divergence.POSTCONDITION, check="InstanceType")
CODE = Finding("R-NET-2", ExampleVerdict.DIVERGES, Divergence.WRONG_CODE, observed="X")
SHOWN = POST.signature


class Replays:
    def __init__(self, *answers: set[Signature | None]) -> None:
        self.answers = list(answers)
        self.asked = 0

    def __call__(self, case: Case) -> set[Signature]:
        self.asked += 1
        return {s for s in self.answers.pop(0) if s is not None}


def test_a_shown_signature_is_replayed_once() -> None:
    replays = Replays({SHOWN})
    alone = AloneReplay(replays)
    assert [f.alone for f in alone.confirm(CASE, [POST, CODE])] == [True, None]
    assert [f.alone for f in alone.confirm(CASE, [POST])] == [True]
    assert replays.asked == 1


def test_a_signature_the_replays_miss_is_asked_at_most_tries_times() -> None:
    replays = Replays(*([set()] * TRIES))
    alone = AloneReplay(replays)
    for _ in range(TRIES + 2):
        assert [f.alone for f in alone.confirm(CASE, [POST])] == [False]
    assert replays.asked == TRIES


def test_a_stateful_example_and_other_kinds_are_never_replayed() -> None:
    replays = Replays()
    alone = AloneReplay(replays)
    stateful = Case(CASE.params, before=(Before(Call.RUN, dict(CASE.params)),))
    assert alone.confirm(stateful, [POST]) == (POST,)
    assert alone.confirm(CASE, [CODE]) == (CODE,)
    assert replays.asked == 0
