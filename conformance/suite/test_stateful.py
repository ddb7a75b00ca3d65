"""Stateful properties: ClientToken idempotency (R-IDEM-2/3/6), an address in use (R-NET-20) and the
run/describe/terminate lifecycle."""

from __future__ import annotations

import uuid
from typing import Any, cast

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from conformance.findings import Divergence, ExampleVerdict, Expect, FailedCheck, Finding
from conformance.oracle import Expectation
from conformance.outcome import Outcome, OutcomeKind
from conformance.rules import RULES
from conformance.rules._network_checks import usable_in
from conformance.runner import Runner
from conformance.verdict import Verdict
from strategies.case import Before, Call, Case

TERMINAL_STATES = {"shutting-down", "terminated"}
REFUSAL = ""  # the check of an unexpected refusal: its signature names the code the target answered
CODE_CHECKS = {REFUSAL}
RETRY_CHECKS = ("InstanceIds", "ReservationId")  # what an idempotent retry must give back
LIFECYCLE_CHECKS = ("State.Name", "Reservations[].Instances[]")  # what DescribeInstances must agree on


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

    def _conclude(self, case: Case, rule_id: str, outcome: Outcome, problems: list[FailedCheck], kind: Divergence,
                  covers: tuple[str, ...] = ()) -> None:
        """One finding per failed check (its signature names the check and, for a refusal, the code)."""
        rule = RULES[rule_id]
        expected = Expectation(Expect.SUCCESS if rule.outcome is None else Expect.ERROR, (rule,),
                               rule.outcome.codes if rule.outcome else frozenset(),
                               frozenset({rule.outcome.status}) if rule.outcome else frozenset(),
                               reason=rule.summary)
        crashed = outcome.kind is OutcomeKind.CRASH
        observed = outcome.crash_class if crashed else (
            outcome.normalized_code or "" if outcome.kind is not OutcomeKind.SUCCESS else "")
        status = ExampleVerdict.CRASH if crashed and kind is Divergence.CRASH else ExampleVerdict.DIVERGES
        texts: dict[str, list[str]] = {}
        for problem in problems:
            texts.setdefault(problem.check, []).append(problem.text)
        findings = tuple(Finding(rule_id, status, kind, tuple(said), check=check, covers=covers,
                                 observed=observed if check in CODE_CHECKS else "")
                         for check, said in texts.items()) or (Finding(rule_id, ExampleVerdict.CONFORMS,
                                                                       covers=covers),)
        self.runner.conclude(case, Verdict(expected, outcome, findings))

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
            self._conclude(case, "R-COUNT-4", outcome, [FailedCheck(REFUSAL, f"valid launch refused: {outcome.code}")],
                           Divergence.REFUSED_VALID)
            self.launches[token] = (dict(case.params), "", [])
            return
        self.launches[token] = (dict(case.params), str(outcome.reservation.get("ReservationId")),
                                outcome.instance_ids)
        first = (outcome.reservation.get("Instances") or [{}])[0]
        address, subnet = first.get("PrivateIpAddress"), self.runner.world.subnet(str(first.get("SubnetId")))
        # R-NET-20 is asked only at an address a real subnet could assign (R-NET-9): a target that gave out a
        # reserved one (LocalStack: 10.0.1.3) would have EC2 refuse the launch for the reserved range instead.
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
            self._expect_error(case, "R-IDEM-6", outcome)
            return
        problems = []
        if outcome.kind is not OutcomeKind.SUCCESS:
            problems.append(FailedCheck(REFUSAL, f"retry failed: {outcome.code} {outcome.message}"))
        else:
            got = sorted(outcome.instance_ids)
            if got != sorted(ids):
                problems.append(FailedCheck("InstanceIds", f"retry returned instances {got}, first launch returned "
                                                       f"{sorted(ids)}"))
            rsv = outcome.reservation.get("ReservationId") if outcome.reservation else None
            if rsv != reservation_id:
                problems.append(FailedCheck("ReservationId", f"retry returned reservation {rsv}, first launch "
                                                         f"{reservation_id}"))
        self._conclude(case, "R-IDEM-2", outcome, problems, Divergence.IDEMPOTENCY, covers=RETRY_CHECKS)

    @precondition(lambda self: bool(self.launches))
    @rule(data=st.data())
    def retry_changed(self, data: st.DataObject) -> None:
        token = data.draw(st.sampled_from(list(self.launches)))
        params = dict(self.launches[token][0])
        params["MaxCount"] = params["MinCount"] = int(params["MaxCount"]) + 1
        case = Case(params, before=self._before(token))
        if token in self.terminated or not self.launches[token][2]:
            return  # R-IDEM-6 or R-IDEM-3: the docs do not order them; or nothing was launched
        self._expect_error(case, "R-IDEM-3", self.runner.send(case))

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
        self._expect_error(case, "R-NET-20", self.runner.send(case))

    def _before(self, token: str) -> tuple[Before, ...]:
        """The calls a fresh target needs before a retry of `token`: its first launch (and termination)."""
        first = Before(Call.RUN, dict(self.launches[token][0]))
        return (first, Before(Call.TERMINATE, {"of": 0})) if token in self.terminated else (first,)

    def _expect_error(self, case: Case, rule_id: str, outcome: Outcome) -> None:
        documented = RULES[rule_id].outcome
        codes = documented.codes if documented is not None else frozenset()
        problems = []
        if outcome.kind is OutcomeKind.CRASH:
            problems.append(FailedCheck(REFUSAL, f"target crashed: {outcome.describe()}; expected {sorted(codes)}"))
            kind = Divergence.CRASH
        elif outcome.kind is OutcomeKind.SUCCESS:
            problems.append(FailedCheck("", f"succeeded ({outcome.instance_ids}); expected {sorted(codes)}"))
            kind = Divergence.ACCEPTED_INVALID
        elif (outcome.normalized_code or "") not in codes:
            problems.append(FailedCheck(REFUSAL, f"expected one of {sorted(codes)}, got {outcome.code}"))
            kind = Divergence.WRONG_CODE
        else:
            kind = Divergence.WRONG_CODE  # unused: no problems, the finding conforms
        self._conclude(case, rule_id, outcome, problems, kind)

    @invariant()
    def describe_agrees(self) -> None:
        """Every launched instance is visible, and terminated ones are shutting down or gone (R-PROTO-9)."""
        ids = [i for _, _, launched in self.launches.values() for i in launched]
        if not ids:
            return
        described = {d["InstanceId"]: d for d in self.runner.describe(ids)}
        problems = []
        for token, (_, _, launched) in self.launches.items():
            for instance_id in launched:
                state = described.get(instance_id, {}).get("State", {}).get("Name")
                if token in self.terminated and state not in TERMINAL_STATES | {None}:
                    problems.append(FailedCheck("State.Name", f"{instance_id} is {state} after TerminateInstances"))
                if token not in self.terminated and state is None:
                    problems.append(FailedCheck("Reservations[].Instances[]",
                                                f"{instance_id} launched but not described"))
        last_launch = Case(next(reversed(self.launches.values()))[0])
        self._conclude(last_launch, "R-PROTO-9", Outcome(OutcomeKind.SUCCESS), problems,
                       Divergence.LIFECYCLE, covers=LIFECYCLE_CHECKS)


def lifecycle() -> Lifecycle:
    """The machine's factory: under the derandomized profile Hypothesis seeds a state machine from its factory's
    source, so this stable function (not the class) keeps a run's draws the same when the class's code changes."""
    return Lifecycle()


def test_idempotency_and_lifecycle(conformance: Runner) -> None:
    if conformance.target.name == "aws":
        pytest.skip("the aws target is DryRun-only: nothing is launched, so there is no state to test")
    Lifecycle.runner = conformance
    if not conformance.target.forgets_between_examples:
        Lifecycle.token_prefix = f"conformance-{uuid.uuid4().hex[:8]}"  # earlier runs' tokens persist there too
    run_state_machine_as_test(cast("type[Lifecycle]", lifecycle))  # a factory is what Hypothesis calls
