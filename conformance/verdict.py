"""Judge one example: compare what a target did with what the oracle expected, charge each answer to the right
rule, and return the final verdict (the probes folded in; nothing downstream rewrites it).

The vocabulary (ExampleVerdict, Divergence, Finding, Signature) is `conformance.findings`; the follow-up requests that
locate what a target objected to are `conformance.probes` (reached through the `Probes` protocol, so judging
needs no target).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from conformance.findings import (
    Divergence,
    EvidenceMatch,
    ExampleVerdict,
    Expect,
    FailedCheck,
    Finding,
    Severity,
    Signature,
    Undetermined,
    member_pattern,
)
from conformance.oracle import DRY_RUN_OK_CODE, Expectation, code_severity
from conformance.outcome import Outcome, OutcomeKind
from conformance.rules import RULES, Kind, Role, Rule, answer_checks, by_role
from conformance.rules.core import Launch
from strategies.case import Call, Case
from strategies.model import paths_in
from strategies.world import World

# Codes that depend on capacity and quota, never a conformance failure ([ERR] server table, section E).
ENVIRONMENTAL_CODES = frozenset(
    {
        "InsufficientInstanceCapacity",
        "InstanceLimitExceeded",
        "VcpuLimitExceeded",
        "RequestLimitExceeded",
        "Unsupported",
        "InsufficientFreeAddressesInSubnet",
        "MaxSpotInstanceCountExceeded",
        "ServiceUnavailable",
        "InternalError",
        "SpotMaxPriceTooLow",
    }
)


@dataclass(frozen=True)
class PartAtFault:
    """Where a refused valid request went wrong: a top-level member, the list item, and the leaf inside it."""

    member: str
    index: int | None = None
    leaf: str | None = None  # dotted path inside the member (or item): "Ebs.Iops"

    def paths(self, case: Case) -> set[str]:
        """The model paths (lists as `[]`) of the part at fault."""
        value = case.params.get(self.member)
        if self.index is not None and isinstance(value, list):
            value = [value[self.index]]
        paths = set(paths_in({self.member: value}))
        if self.leaf is None:
            return paths
        return {p for p in paths if p.replace("[]", "", 1).startswith(f"{self.member}.{self.leaf}")}

    def __str__(self) -> str:
        where = self.member if self.index is None else f"{self.member}[{self.index}]"
        return where if self.leaf is None else f"{where}.{self.leaf}"


class Probes(Protocol):
    """The follow-up questions judging may ask a target (conformance.probes.Prober answers them)."""

    def member_at_fault(self, case: Case, refusal: Outcome) -> PartAtFault | None: ...

    def control_answer(self, case: Case, answer: Outcome) -> tuple[Case, Outcome] | None: ...

    def masking_member(self, case: Case, expectation: Expectation, answer: Outcome) -> str | None: ...

    def plain_answer(self, case: Case) -> Outcome | None: ...


class NoProbes:
    """Judging without follow-up requests (a recorded answer, a unit test): nothing is located."""

    def member_at_fault(self, case: Case, refusal: Outcome) -> PartAtFault | None:
        return None

    def control_answer(self, case: Case, answer: Outcome) -> tuple[Case, Outcome] | None:
        return None

    def masking_member(self, case: Case, expectation: Expectation, answer: Outcome) -> str | None:
        return None

    def plain_answer(self, case: Case) -> Outcome | None:
        return None


@dataclass(frozen=True)
class Verdict:
    expectation: Expectation
    outcome: Outcome
    findings: tuple[Finding, ...]

    @property
    def divergences(self) -> list[Finding]:
        return [f for f in self.findings if f.diverges]

    @property
    def signatures(self) -> list[Signature]:
        return [s for f in self.findings if (s := f.signature) is not None]


def judge(
    case: Case, world: World, expectation: Expectation, outcome: Outcome, launch: Launch | None = None,
    probes: Probes | None = None,
) -> Verdict:
    """The final verdict for one example: one or more findings per rule, with their signatures."""
    judging = _Judging(case, world, expectation, outcome, probes or NoProbes())
    return Verdict(expectation, outcome, tuple(judging.findings(launch)))


def judge_state(case: Case, world: World, expectation: Expectation, outcome: Outcome,
                checks: Iterable[FailedCheck] = (), covers: tuple[str, ...] = ()) -> Verdict:
    """A step of the state machine (conformance/suite/test_stateful.py), where a state, not the request, decides
    what EC2 does (`oracle.expect_of` the step's rule). An expected error is judged as every example is
    (`judge`). An expected launch is judged by the checks the model made of the answer (its post-condition,
    `covers` naming them all); a refusal or crash of it is charged to the step's rule: the machine sends only
    valid requests it built itself."""
    if expectation.kind is not Expect.SUCCESS:
        return judge(case, world, expectation, outcome)
    (rule,) = expectation.rules
    if outcome.kind is OutcomeKind.SUCCESS:
        failed = [replace(f, covers=covers) for f in _per_check(rule, list(checks), _check_kind(rule))]
        conforms = Finding(rule.id, ExampleVerdict.CONFORMS, covers=covers)
        return Verdict(expectation, outcome, tuple(failed) or (conforms,))
    crashed = outcome.kind is OutcomeKind.CRASH
    kind = Divergence.CRASH if crashed else Divergence.REFUSED_VALID
    status = ExampleVerdict.CRASH if crashed else ExampleVerdict.DIVERGES
    observed = outcome.crash_class if crashed else outcome.normalized_code or ""
    refused = Finding(rule.id, status, kind, (outcome.describe(),), observed=observed, covers=covers)
    return Verdict(expectation, outcome, (refused, *side_effects([(rule.id, "")], outcome)))


def side_effects(charged: Iterable[tuple[str, str]], outcome: Outcome) -> list[Finding]:
    """One finding per charged (rule, member) when a refusal or crash left something behind; the signature
    names the kind that appeared (an instance before its interfaces and volumes): `R-IAM-1 | side effect |
    IamInstanceProfile.Name | instance`."""
    main = outcome.appeared.main
    if main is None:
        return []
    problem = f"{outcome.describe()}; and yet it left {outcome.appeared.describe()}"
    return [Finding(rule_id, ExampleVerdict.DIVERGES, Divergence.SIDE_EFFECT, (problem,), check=check,
                    observed=main.value, covers=(check,) if check else ())
            for rule_id, check in dict.fromkeys(charged)]


_REFUSALS = (Divergence.REFUSED_VALID, Divergence.CRASH)  # a refusal charged to the rule that owns its cause

_CHECK_KINDS = {Role.IDEMPOTENT_RETRY: Divergence.IDEMPOTENCY, Role.LIFECYCLE: Divergence.LIFECYCLE}


def _check_kind(rule: Rule) -> Divergence:
    """How a failed check of the model diverges: the idempotency or the lifecycle a state machine step watches."""
    return _CHECK_KINDS.get(rule.role, Divergence.POSTCONDITION) if rule.role is not None else Divergence.POSTCONDITION


def covering(rule: Rule, paths: Iterable[str]) -> tuple[str, ...]:
    """The rule's members that these request paths carry (a member covers its own leaves)."""
    present = tuple(paths)
    return tuple(m for m in rule.members if any(_under(p, m) for p in present))


def _under(path: str, member: str) -> bool:
    return path == member or path.startswith((f"{member}.", f"{member}["))


def check_of(case: Case, rule: Rule) -> str:
    """The member an error-path finding is about: the mutation's path when the case was built to break this
    rule, else none (the rule id and kind say it)."""
    mutation = case.mutation
    return member_pattern(mutation.path) if mutation is not None and mutation.rule_id == rule.id else ""


def owning_rules(case: Case, fault: PartAtFault | None, message: str = "") -> list[Rule]:
    """The one rule a refusal contradicts: the validation rule most specific to the part at fault.

    A refusal whose message names a member the part at fault lacks ("must contain the parameter size or
    snapshotId" for a root override that keeps the AMI's snapshot) contradicts the rule about that member, which
    exempts the request (R-BDM-1), though the request carries none of its members. Otherwise the candidates are the
    validation rules whose members cover the part at fault (every member of the request when the fault is
    unknown); the most overlapping wins, then the one whose member names the refusal's message mentions
    (evidence), then the most specific. The launch rule when no validation rule concerns it.
    """
    used = fault.paths(case) if fault is not None else set(paths_in(dict(case.params)))
    words = {w.lower() for w in _WORD.findall(message)}
    validating = [r for r in RULES.values() if r.kind is Kind.VALIDATION and r.violated is not None]
    exempting = _naming_what_is_missing(validating, case, fault, used, words)
    if exempting:
        return [exempting]

    def score(rule: Rule) -> tuple[int, int, int, str]:
        overlap = sum(1 for p in used if any(_under(p, m) for m in rule.members))
        evidence = sum(1 for m in rule.members if _leaf_name(m) in words)
        return (-overlap, -evidence, len(rule.members), rule.id)

    candidates = [r for r in validating if any(_under(p, m) for p in used for m in r.members)]
    return [min(candidates, key=score)] if candidates else [by_role(Role.LAUNCH_SUCCEEDS)]


def _naming_what_is_missing(rules: Iterable[Rule], case: Case, fault: PartAtFault | None, used: set[str],
                            words: set[str]) -> Rule | None:
    """The rule with the most members the message names and the part at fault lacks, then the most members the
    message names at all ("KmsKeyId requires Encrypted": R-BDM-29, not another rule of Encrypted), then the
    fewest members: the members must lie in the part at fault (in a top-level member the request carries, when it
    is unknown)."""
    scope = {fault.member} if fault is not None else set(case.params)

    def score(rule: Rule) -> tuple[int, int, int, str]:
        named = [m for m in rule.members if _top(m) in scope and _leaf_name(m) in words]
        missing = sum(1 for m in named if not any(_under(p, m) for p in used))
        return (-missing, -len(named), len(rule.members), rule.id)

    scored = [(score(r), r) for r in rules]
    best = [(key, r) for key, r in scored if key[0] < 0]
    return min(best, key=lambda pair: pair[0])[1] if best else None


def _top(member: str) -> str:
    return member.split(".", 1)[0].split("[", 1)[0]


def _leaf_name(member: str) -> str:
    return member.rsplit(".", 1)[-1].replace("[]", "").lower()


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


class _Judging:
    """One example being judged (the findings come out in one pass; probes are asked only when needed)."""

    def __init__(self, case: Case, world: World, exp: Expectation, outcome: Outcome, probes: Probes) -> None:
        self.case, self.world, self.exp, self.outcome, self.probes = case, world, exp, outcome, probes
        self.code = outcome.normalized_code or ""

    def _decided_by_earlier_examples(self) -> str:
        """Why leftovers, not the rule, decided a failure: a full subnet; or an address an earlier example's
        instance held, where the request is valid (any refusal may be the address) or the answer says "in
        use" (a crash of an invalid request stays a crash: no state makes an HTTP 500 right)."""
        outcome = self.outcome
        if outcome.kind is OutcomeKind.SUCCESS:
            return ""
        own = {b.params.get("PrivateIpAddress") for b in self.case.before if b.call is Call.RUN}
        held = [address for address in outcome.left_behind.held_addresses if address not in own]
        if held and (self.exp.kind is not Expect.ERROR or outcome.kind is not OutcomeKind.CRASH):
            return (f"target exhausted: address {', '.join(held)} was held by an instance an earlier example "
                    "launched (terminated since; this target keeps the addresses of terminated instances)")
        return outcome.left_behind.exhausted

    def findings(self, launch: Launch | None) -> list[Finding]:
        answered = self._answered(launch)
        return answered + self._side_effects(answered)

    def _answered(self, launch: Launch | None) -> list[Finding]:
        outcome, exp = self.outcome, self.exp
        state = self._decided_by_earlier_examples()
        if state:  # see EndpointTarget.send
            rules = list(exp.rules) or owning_rules(self.case, None)
            return self._all(rules, ExampleVerdict.UNDETERMINED, Undetermined.EXHAUSTED, state)
        if outcome.kind is OutcomeKind.CRASH or outcome.throttled:  # a target error, not a verdict
            return self._crash()
        if outcome.kind is OutcomeKind.REJECTED:
            rules = list(exp.rules) or owning_rules(self.case, None)
            return self._all(rules, ExampleVerdict.UNDETERMINED, Undetermined.NOT_SENT, outcome.describe())
        if self.case.dry_run and outcome.kind is OutcomeKind.SUCCESS:
            return self._all([by_role(Role.DRY_RUN_ANSWER)], ExampleVerdict.DIVERGES, Divergence.LAUNCHED_UNDER_DRY_RUN,
                             outcome.describe())
        envelope = self._envelope() if outcome.kind is OutcomeKind.ERROR else []
        if exp.kind is Expect.UNDETERMINED:
            return self._all(list(exp.rules), ExampleVerdict.UNDETERMINED, Undetermined.UNDECIDED,
                             exp.reason) + envelope
        if exp.kind is Expect.ERROR:
            return self._error() + envelope
        return self._success(launch) + envelope

    def _side_effects(self, answered: list[Finding]) -> list[Finding]:
        """An error launches nothing: what a refusal or crash created anyway (`Outcome.appeared`) is charged where
        its answer belongs, with the member each names (see `_side_effect_owners`)."""
        if not self.outcome.appeared or self.outcome.kind is OutcomeKind.SUCCESS:
            return []
        charged = self._side_effect_owners(answered)
        return side_effects(charged or [(r.id, "") for r in owning_rules(self.case, None)], self.outcome)

    def _side_effect_owners(self, answered: list[Finding]) -> list[tuple[str, str]]:
        """For an invalid request, the rules it breaks, unless a valid request close to it gets the same answer
        (the probes' control, as for a wrong code: then the answer, and what it left, is about another part, and
        goes where that refusal is charged). For a valid request, the rules its refusal is charged to; where the
        answer decided nothing (undetermined), the rules it was about."""
        if self.exp.kind is Expect.ERROR:
            control = self._origin_alike()
            if control is not None:
                return [(f.rule_id, f.check) for f in self._refused(*control)]
            return [(rule.id, check_of(self.case, rule)) for rule in self.exp.rules]
        envelope = {rule.id for rule in answer_checks()}
        about = [f for f in answered if f.rule_id not in envelope]
        return [(f.rule_id, f.check) for f in [f for f in about if f.kind in _REFUSALS] or about]

    # -- helpers -----------------------------------------------------------------------------------
    def _all(self, rules: Iterable[Rule], status: ExampleVerdict, kind: Divergence | Undetermined | None,
             *problems: str,
             observed: str = "", severity: Severity | None = None) -> list[Finding]:
        found = []
        for rule in rules:
            check = check_of(self.case, rule)
            found.append(Finding(rule.id, status, kind, tuple(problems), check=check, observed=observed,
                                 covers=(check,) if check else (), severity=severity))
        return found

    def _refused(self, case: Case, refusal: Outcome, kind: Divergence = Divergence.REFUSED_VALID) -> list[Finding]:
        """A valid request the target refused (or crashed on), charged through the part at fault."""
        fault = self.probes.member_at_fault(case, refusal)
        where = f"refused because of {fault}: " if fault else ""
        status = ExampleVerdict.CRASH if kind.is_crash else ExampleVerdict.DIVERGES
        check = _fault_check(case, fault)
        observed = refusal.crash_class if kind.is_crash else refusal.normalized_code or ""
        return [
            Finding(rule.id, status, kind, (where + refusal.describe(),), check=check, observed=observed)
            for rule in owning_rules(case, fault, refusal.message or "")
        ]

    def _envelope(self) -> list[Finding]:
        found: list[Finding] = []
        for rule in answer_checks():
            assert rule.answer_check is not None
            problems = rule.answer_check(self.outcome)
            found += _per_check(rule, problems, Divergence.MALFORMED_ENVELOPE) or [Finding(rule.id,
                                                                                           ExampleVerdict.CONFORMS)]
        return found

    # -- the three expectations --------------------------------------------------------------------
    def _crash(self) -> list[Finding]:
        outcome, exp = self.outcome, self.exp
        throttled = outcome.throttled
        kind = Divergence.THROTTLED if throttled else Divergence.CRASH
        if throttled:  # whatever the request: one signature for the target's throttling
            return self._all([by_role(Role.SERVER_ERRORS)], ExampleVerdict.CRASH, kind, outcome.describe(),
                             observed=outcome.crash_class)
        if exp.kind is not Expect.ERROR:
            return self._refused(self.case, outcome, kind)
        origin = self._origin_alike()
        if origin is not None:
            return self._origin_findings(origin)
        return self._all(exp.rules, ExampleVerdict.CRASH, kind, outcome.describe(), observed=outcome.crash_class)

    def _error(self) -> list[Finding]:
        outcome, exp, case, code = self.outcome, self.exp, self.case, self.code
        rules = list(exp.rules)
        if outcome.kind is OutcomeKind.SUCCESS:
            return self._all(rules, ExampleVerdict.DIVERGES, Divergence.ACCEPTED_INVALID, outcome.describe())
        valid_dry_run = rules == [by_role(Role.DRY_RUN_ANSWER)]
        if valid_dry_run and code != DRY_RUN_OK_CODE:
            return self._refused(case, outcome)
        if case.dry_run and not valid_dry_run:
            if code == DRY_RUN_OK_CODE:
                return self._dry_run_skipped(rules)  # the broken rules themselves are not judged: never checked
            owner = by_role(Role.DRY_RUN_VALIDATES)
            return [Finding(owner.id, ExampleVerdict.CONFORMS, covers=tuple(r.id for r in rules)),
                    *self._error_code(rules)]
        return self._error_code(rules)

    def _dry_run_skipped(self, rules: list[Rule]) -> list[Finding]:
        """DryRunOperation for an invalid request, weighed against the same request without DryRun (R-DRY-3):
        refused (or crashed on) for the broken rule without it, DryRun skipped a validation the target makes: one
        finding per broken rule, so a target that starts skipping another rule's check shows a new signature
        (`R-DRY-3 | ... | R-BDM-6`). Accepted without it, the target never validates the rule (the plain test
        reports that); refused without it as the valid origin is, the refusal was not about the rule: both
        undetermined. A target that cannot be asked without DryRun (real EC2) counts as refusing."""
        owner = by_role(Role.DRY_RUN_VALIDATES)
        ids = tuple(rule.id for rule in rules)
        plain = self.probes.plain_answer(self.case)
        if plain is not None and plain.kind is OutcomeKind.SUCCESS:
            return [Finding(owner.id, ExampleVerdict.UNDETERMINED, Undetermined.NOT_VALIDATED,
                            (f"accepted without DryRun too: {plain.describe()}",), covers=ids)]
        if plain is not None:  # even a generic code of the rule's may be about the base (moto's io1 refusal)
            control = self.probes.control_answer(self.case.without_dry_run(), plain)
            if control is not None:
                return [Finding(owner.id, ExampleVerdict.UNDETERMINED, Undetermined.MASKED,
                                (f"without DryRun refused as the valid request is: {plain.describe()}",), covers=ids)]
        without = f"; without DryRun: {plain.describe()}" if plain is not None else ""
        return [Finding(owner.id, ExampleVerdict.DIVERGES, Divergence.DRY_RUN_SKIPPED_VALIDATION,
                        (f"DryRunOperation for a request that breaks {rule_id}{without}",), check=rule_id, covers=ids)
                for rule_id in ids]

    def _error_code(self, rules: list[Rule]) -> list[Finding]:
        """The refusal's code and HTTP status, judged for the rules the request breaks."""
        outcome, exp, code = self.outcome, self.exp, self.code
        if code not in exp.codes:
            return self._wrong_code(rules)
        if outcome.status not in exp.statuses:
            problem = f"HTTP status {outcome.status}, expected {sorted(exp.statuses)}"
            return self._all(rules, ExampleVerdict.DIVERGES, Divergence.WRONG_STATUS, problem,
                             observed=str(outcome.status))
        judged = {rule.id: rule for rule in rules}  # the expectation's own rules: their evidence decided the code
        return [replace(f, matched=matched_evidence(judged[f.rule_id], code))
                for f in self._all(rules, ExampleVerdict.CONFORMS, None)]

    def _wrong_code(self, rules: list[Rule]) -> list[Finding]:
        origin = self._origin_alike()
        if origin is not None:
            return self._origin_findings(origin)
        masking = self.probes.masking_member(self.case, self.exp, self.outcome)
        if masking is not None:
            note = f"answer masked by the target's refusal of {masking}: {self.outcome.describe()}"
            return self._all(rules, ExampleVerdict.UNDETERMINED, Undetermined.MASKED, note)
        problem = f"expected one of {sorted(self.exp.codes)}, got {self.outcome.code}"
        return self._all(rules, ExampleVerdict.DIVERGES, Divergence.WRONG_CODE, problem, observed=self.code,
                         severity=code_severity(rules, self.code))

    def _origin_alike(self) -> tuple[Case, Outcome] | None:
        """A valid control request with the same refusal (or crash): the answer was not about the rule."""
        return self.probes.control_answer(self.case, self.outcome)

    def _origin_findings(self, control: tuple[Case, Outcome]) -> list[Finding]:
        """The mutated rules stay open; the refusal of the valid request the case was made from is charged
        where a valid request shows it (a control the probe made up itself only decides, it is not charged:
        the generator never sends its shape)."""
        case, answer = control
        note = f"a valid request close to it gets the same answer: {answer.describe()}"
        undecided = self._all(self.exp.rules, ExampleVerdict.UNDETERMINED, Undetermined.ORIGIN_REFUSED, note)
        if case.params != self.case.origin or answer.left_behind.held_addresses:
            return undecided  # a made-up control, or a valid origin an earlier example's address decided
        kind = Divergence.CRASH if answer.kind is OutcomeKind.CRASH else Divergence.REFUSED_VALID
        return undecided + self._refused(case, answer, kind)

    def _success(self, launch: Launch | None) -> list[Finding]:
        outcome, case = self.outcome, self.case
        if outcome.kind is OutcomeKind.ERROR:
            if self.code in ENVIRONMENTAL_CODES:
                return self._all(owning_rules(case, None), ExampleVerdict.UNDETERMINED, Undetermined.ENVIRONMENTAL,
                                 outcome.describe())
            return self._refused(case, outcome)
        launch = launch or Launch(outcome.reservation or {})
        paths = tuple(paths_in(dict(case.params)))
        findings: list[Finding] = []
        for rule in self.exp.rules:
            if rule.postcondition is None:
                continue
            problems = rule.postcondition(case, self.world, launch)
            findings += _per_check(rule, problems, Divergence.POSTCONDITION) or [
                Finding(rule.id, ExampleVerdict.CONFORMS, covers=covering(rule, paths))
            ]
        return findings


def matched_evidence(rule: Rule, code: str) -> tuple[EvidenceMatch, ...]:
    """The observations a conforming code was accepted on, where the rule's documentation does not name it."""
    return tuple(EvidenceMatch(e.code, e.date, e.source, e.observation) for e in rule.observed_only(code))


def _fault_check(case: Case, fault: PartAtFault | None) -> str:
    """The member path of the part at fault, lists as `[]` (`BlockDeviceMappings[].Ebs.Iops`)."""
    if fault is None:
        return ""
    listed = isinstance(case.params.get(fault.member), list)
    base = f"{fault.member}[]" if listed else fault.member
    return f"{base}.{fault.leaf}" if fault.leaf else base


def _per_check(rule: Rule, problems: list[FailedCheck], kind: Divergence) -> list[Finding]:
    """One finding per failed check, its problems in the order they were found."""
    by_check: dict[str, list[str]] = {}
    for problem in problems:
        by_check.setdefault(problem.check, []).append(problem.text)
    return [
        Finding(rule.id, ExampleVerdict.DIVERGES, kind, tuple(texts), check=check, covers=(check,),
                severity=rule.severity)
        for check, texts in by_check.items()
    ]


__all__ = [
    "ENVIRONMENTAL_CODES",
    "NoProbes",
    "PartAtFault",
    "Probes",
    "Verdict",
    "check_of",
    "covering",
    "judge",
    "judge_state",
    "matched_evidence",
    "owning_rules",
    "side_effects",
]
