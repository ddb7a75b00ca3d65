"""Stateful properties: ClientToken idempotency, an address in use and the run/describe/terminate lifecycle.

The machine only acts and observes: each step names its rule by the part it plays (`Role`) and hands what it saw
to the verdict (`conformance.verdict.judge_state`), which judges it through the oracle like every other example.
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Callable
from typing import Any, cast

import pytest
from hypothesis import seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from conformance.findings import FailedCheck
from conformance.oracle import expect_of
from conformance.outcome import Outcome, OutcomeKind
from conformance.profiles import loaded, state_machine_chains, state_machine_runs
from conformance.rules import Role, by_role
from conformance.rules._network_checks import usable_in
from conformance.runner import Runner
from conformance.verdict import judge_state
from strategies.case import Before, Call, Case

TERMINAL_STATES = {"shutting-down", "terminated"}
RETRY_CHECKS = ("InstanceIds", "ReservationId")  # what an idempotent retry must give back
# what DescribeInstances must agree on: a terminated instance shutting down or terminated, and still listed; a
# launched one listed
LIFECYCLE_CHECKS = ("State.Name", "Reservations[].Instances[] (terminated)", "Reservations[].Instances[]")


def _launch_params(runner: Runner, token: str, count: int) -> dict[str, Any]:
    world = runner.world
    return {
        "ImageId": world.images[0].image_id,
        "InstanceType": world.instance_types[0],
        "SubnetId": world.subnets[0].subnet_id,
        "MinCount": count,
        "MaxCount": count,
        "ClientToken": token,
    }


class Lifecycle(RuleBasedStateMachine):
    """Launch, retry, change, terminate; after every step the target must agree with the model.

    A target that forgets everything at reset gets the same ClientTokens in every example (the same run gives
    the same results file); one that remembers them (no reset API) gets tokens unique to the run and example,
    so no example sees an earlier one's launches."""

    runner: Runner
    token_prefix = "conformance"
    examples = 0

    def __init__(self) -> None:
        super().__init__()
        Lifecycle.examples += 1
        self.prefix = self.token_prefix if self.runner.target.forgets_between_examples else (
            f"{self.token_prefix}-{Lifecycle.examples}")
        self.launches: dict[str, tuple[dict[str, Any], str, list[str]]] = {}  # token -> params, rsv, ids
        self.addresses: dict[str, str] = {}  # token -> the private address its first instance holds
        self.terminated: set[str] = set()
        self.serial = 0  # ClientTokens used so far (the target forgets them at reset)
        self.runner.reset()

    def _conclude(self, case: Case, role: Role, outcome: Outcome, checks: tuple[FailedCheck, ...] = (),
                  covers: tuple[str, ...] = ()) -> None:
        """Hand one step to the verdict: its rule (by role) and what the model saw of the answer."""
        verdict = judge_state(case, self.runner.world, expect_of(by_role(role)), outcome, checks, covers)
        self.runner.conclude(case, verdict)

    @initialize()
    def start(self) -> None:
        self.runner.reset()

    @rule(count=st.integers(1, 2))
    def launch(self, count: int) -> None:
        self.serial += 1
        token = f"{self.prefix}-{self.serial}"
        case = Case(_launch_params(self.runner, token, count))
        outcome = self.runner.send(case)
        # The model records every launch, refused or not: which rules can run next depends only on what
        # Hypothesis drew, never on the target's answers (else a target that answers differently between
        # two runs of one example makes Hypothesis see inconsistent data generation).
        if outcome.kind is not OutcomeKind.SUCCESS or not outcome.reservation:
            self._conclude(case, Role.LAUNCH_SUCCEEDS, outcome)
            self.launches[token] = (dict(case.params), "", [])
            return
        self.launches[token] = (dict(case.params), str(outcome.reservation.get("ReservationId")),
                                outcome.instance_ids)
        first = (outcome.reservation.get("Instances") or [{}])[0]
        address, subnet = first.get("PrivateIpAddress"), self.runner.world.subnet(str(first.get("SubnetId")))
        # The address-in-use step is asked only at an address a real subnet could assign (R-NET-9): a target that
        # gave out a reserved one (LocalStack: 10.0.1.3) would have EC2 refuse the launch for the reserved range.
        if isinstance(address, str) and subnet is not None and usable_in(address, subnet):
            self.addresses[token] = address

    @precondition(lambda self: bool(self.launches))
    @rule(data=st.data())
    def retry_same(self, data: st.DataObject) -> None:
        token = data.draw(st.sampled_from(list(self.launches)))
        params, reservation_id, ids = self.launches[token]
        case = Case(params, before=self._before(token))
        outcome = self.runner.send(case)
        if not ids:
            return  # the first launch was refused (judged there): nothing to be idempotent with
        if token in self.terminated:
            self._conclude(case, Role.RETRY_OF_TERMINATED, outcome)
            return
        checks: list[FailedCheck] = []
        if outcome.kind is OutcomeKind.SUCCESS:
            got = sorted(outcome.instance_ids)
            if got != sorted(ids):
                checks.append(FailedCheck("InstanceIds", f"retry returned instances {got}, first launch returned "
                                                         f"{sorted(ids)}"))
            rsv = outcome.reservation.get("ReservationId") if outcome.reservation else None
            if rsv != reservation_id:
                checks.append(FailedCheck("ReservationId", f"retry returned reservation {rsv}, first launch "
                                                           f"{reservation_id}"))
        self._conclude(case, Role.IDEMPOTENT_RETRY, outcome, tuple(checks), covers=RETRY_CHECKS)

    @precondition(lambda self: bool(self.launches))
    @rule(data=st.data())
    def retry_changed(self, data: st.DataObject) -> None:
        token = data.draw(st.sampled_from(list(self.launches)))
        params = dict(self.launches[token][0])
        params["MaxCount"] = params["MinCount"] = int(params["MaxCount"]) + 1
        case = Case(params, before=self._before(token))
        if token in self.terminated or not self.launches[token][2]:
            return  # after a termination the docs do not order the two refusals; or nothing was launched
        self._conclude(case, Role.RETRY_CHANGED, self.runner.send(case))

    @precondition(lambda self: bool(set(self.launches) - self.terminated))
    @rule(data=st.data())
    def terminate(self, data: st.DataObject) -> None:
        token = data.draw(st.sampled_from([t for t in self.launches if t not in self.terminated]))
        self.runner.terminate(self.launches[token][2])
        self.terminated.add(token)

    @precondition(lambda self: bool(set(self.launches) - self.terminated))
    @rule(data=st.data())
    def launch_at_held_address(self, data: st.DataObject) -> None:
        """A new launch (no ClientToken) at the private address a running instance of the model holds."""
        token = data.draw(st.sampled_from([t for t in self.launches if t not in self.terminated]))
        address = self.addresses.get(token)
        if address is None:
            return  # its launch was refused (judged there) or named no address: nothing holds one
        params = {k: v for k, v in _launch_params(self.runner, "", 1).items() if k != "ClientToken"}
        held = Before(Call.RUN, {**self.launches[token][0], "PrivateIpAddress": address, "MinCount": 1,
                                 "MaxCount": 1})  # one instance holding the address, as the model's did
        case = Case({**params, "PrivateIpAddress": address}, before=(held,))
        self._conclude(case, Role.ADDRESS_IN_USE, self.runner.send(case))

    def _before(self, token: str) -> tuple[Before, ...]:
        """The calls a fresh target needs before a retry of `token`: its first launch (and termination)."""
        first = Before(Call.RUN, dict(self.launches[token][0]))
        return (first, Before(Call.TERMINATE, {"of": 0})) if token in self.terminated else (first,)

    @invariant()
    def describe_agrees(self) -> None:
        """Every launched instance is visible; terminated ones are shutting down or terminated, and stay visible
        (R-PROTO-9: for about an hour after TerminateInstances)."""
        ids = [i for _, _, launched in self.launches.values() for i in launched]
        if not ids:
            return
        described = {d["InstanceId"]: d for d in self.runner.describe(ids)}
        checks = []
        for token, (_, _, launched) in self.launches.items():
            for instance_id in launched:
                state = described.get(instance_id, {}).get("State", {}).get("Name")
                if token in self.terminated and state is None:
                    checks.append(FailedCheck("Reservations[].Instances[] (terminated)",
                                              f"{instance_id} no longer described after TerminateInstances"))
                elif token in self.terminated and state not in TERMINAL_STATES:
                    checks.append(FailedCheck("State.Name", f"{instance_id} is {state} after TerminateInstances"))
                if token not in self.terminated and state is None:
                    checks.append(FailedCheck("Reservations[].Instances[]", f"{instance_id} launched but not "
                                                                             "described"))
        last_launch = Case(next(reversed(self.launches.values()))[0])
        self._conclude(last_launch, Role.LIFECYCLE, Outcome(OutcomeKind.SUCCESS), tuple(checks),
                       covers=LIFECYCLE_CHECKS)


def lifecycle() -> Lifecycle:
    """The machine's factory: under the derandomized profile Hypothesis seeds a state machine from its factory's
    source, so this stable function (not the class) keeps a run's draws the same when the class's code changes."""
    return Lifecycle()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Under a profile with more state-machine steps than one item should carry (thorough), the stateful test is
    several chains, so `--shard` can balance it; under ci and dev it stays one item with its node id."""
    chains = state_machine_chains()
    if "chain" in metafunc.fixturenames and chains > 1:
        metafunc.parametrize("chain", range(1, chains + 1), indirect=True, ids=lambda k: f"chain{k}")


@pytest.fixture
def chain(request: pytest.FixtureRequest) -> int:
    """This item's chain (1..n), or 0 when the stateful test is one item."""
    return int(getattr(request, "param", 0))


def _factory(chain: int) -> Callable[[], Lifecycle]:
    """The whole run's factory, or a chain's: under a derandomized profile each chain draws from its own seed."""
    if chain == 0 or not loaded().derandomize:
        return lifecycle
    return seed(zlib.crc32(f"lifecycle-chain-{chain}".encode()))(lifecycle)


def test_idempotency_and_lifecycle(conformance: Runner, chain: int) -> None:
    if conformance.target.name == "aws":
        pytest.skip("the aws target is DryRun-only: nothing is launched, so there is no state to test")
    Lifecycle.runner = conformance
    if not conformance.target.forgets_between_examples:
        Lifecycle.token_prefix = f"conformance-{uuid.uuid4().hex[:8]}"  # earlier runs' tokens persist there too
    runs = settings(loaded(), max_examples=state_machine_runs()) if chain else None
    # a factory is what Hypothesis calls
    run_state_machine_as_test(cast("type[Lifecycle]", _factory(chain)), settings=runs)
