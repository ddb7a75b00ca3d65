"""`ec2-conformance calibrate`: the oracle judged against recorded real EC2 RunInstances answers.

Each recorded request is moved onto a World (`conformance.recorded.move`) and judged by `oracle.expect`: agree,
disagree (with the change that would fix the catalogue), or undetermined. An answer that depends on a fact the World
cannot represent (capacity, quotas, permissions, account state, or a state the `world` prose names) is not judged:
"cannot express", naming the fact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from conformance.evidence import normalized
from conformance.findings import UNDETERMINED, Expect
from conformance.holdout import held_out_ids
from conformance.oracle import GENERIC_PARAMETER_CODES, Expectation, expect
from conformance.recorded import Recorded, move, read
from conformance.rules import RULES, Kind


class Calibration(StrEnum):
    """The verdict on one recorded answer (its value is the word the report prints)."""

    AGREE = "agree"  # the oracle expects what EC2 answered
    DISAGREE = "disagree"  # it expects something else: the detail names the change that would fix the catalogue
    UNDETERMINED = UNDETERMINED  # the oracle decides nothing for the request
    CANNOT = "cannot express"  # the answer rests on a fact the World does not hold: not judged


# Codes no rule decides and no World fact explains (checked before the codes of undecidable rules).
STATE_CODES = {
    "AuthFailure": "the caller's credentials or launch permission",
    "PendingVerification": "the account's verification state", "Blocked": "the account's standing with AWS",
    "ReservationCapacityExceeded": "the capacity reservation's free capacity",
    "InsufficientCapacityOnHost": "the Dedicated Host's free capacity",
    "InvalidNetworkInterface.InUse": "the network interface's attachment state",
    "InvalidPlacementGroup.InUse": "the zone the placement group is already used in",
    "InvalidIPAddress.InUse": "an address held by another instance",
    "UnauthorizedOperation": "the caller's IAM permissions (or an organisation's SCP)",
    "RequestLimitExceeded": "the account's request rate",
}
# `world` prose naming a fact the World does not model (case-insensitive) -> the fact.
UNMODELLED = (
    (r"paravirtual", "the image's virtualization type (paravirtual)"),
    (r"EC2-Classic", "the EC2-Classic platform"),
    (r"instance-store", "the image's root device type (instance store)"),
    (r"marketplace|product code", "the image's Marketplace product code and the account's subscription"),
    (r"eventual consistency|just created|seconds? before|immediately before|propagation",
     "a resource created moments before (eventual consistency)"),
    (r"intermittent|one time in", "an intermittent answer"),
    (r"not offered|closed to new customers", "which zones offer the instance type (not among the World's facts)"),
    (r"does not support|not adjustable|supports only|only supports", "what the instance type supports (not among "
     "the World's facts)"),
    (r"already (holding|occupied|in use)|reported in use", "a resource already in use"),
    (r"(non-default|another|different|other|several)[ ()a-z-]{0,16}VPC", "which VPC each subnet and security group "
     "is in"),
    (r"own mapping", "the image's own block device mappings"),
    (r"seriali[sz]", "the request's wire encoding (the recording holds its boto3 form)"),
)
@dataclass(frozen=True)
class Judgement:
    """The verdict on one recorded answer."""

    recorded: Recorded
    verdict: Calibration
    detail: str
    mapping: tuple[str, ...] = ()
    expected: str = ""

    def line(self) -> str:
        """`<id>: <verdict>[: <detail>]`."""
        return f"{self.recorded.id}: {self.verdict}" + (f": {self.detail}" if self.detail else "")

    def as_json(self) -> dict[str, Any]:
        """The judgement for machines."""
        return {"id": self.recorded.id, "date": self.recorded.date, "verdict": self.verdict.value,
                "detail": self.detail,
                "observed": "launch" if self.recorded.success else self.recorded.code, "expected": self.expected,
                "mapping": list(self.mapping)}


def environmental(code: str | None) -> str:
    """The fact behind a code no request decides ("" for any other code)."""
    if code is None:
        return ""
    if code in STATE_CODES:
        return STATE_CODES[code]
    decided = {c for r in RULES.values() if r.kind is not Kind.UNDECIDABLE for c in r.accepted_codes}
    for rule in RULES.values():
        if rule.kind is Kind.UNDECIDABLE and code in rule.accepted_codes - decided - GENERIC_PARAMETER_CODES:
            return f"{rule.summary.split(' -> ')[0]} ({rule.id}, undecidable)"
    return ""


def unmodelled(rec: Recorded) -> str:
    """The first fact the `world` prose names that the World does not model ("" if none)."""
    for pattern, fact in UNMODELLED:
        if re.search(pattern, rec.prose, re.IGNORECASE):
            return fact
    if not rec.success and "LaunchTemplate" in rec.request and "template" in rec.prose.lower():
        return "the launch template's content"
    vpc = re.sub(r"default VPC", "", rec.prose, flags=re.IGNORECASE)
    if rec.request.get("SecurityGroups") and "VPC" in vpc:
        return "which VPC the named security groups and the subnet are in (the World's subnets are the default VPC's)"
    return ""


def _members(rec: Recorded) -> str:
    """The members a candidate rule would be about: the recorded rule's, else the request's own."""
    rule = RULES.get(rec.rule)
    top = {m.split(".")[0].rstrip("[]") for m in rule.members} if rule is not None else set()
    sent = [k for k in rec.request if k not in ("MinCount", "MaxCount")]
    named = [k for k in sent if k in top] or [k for k in sent if k not in ("ImageId", "InstanceType")] or sent
    return ", ".join(named) + (f" (recorded under {rec.rule})" if rec.rule else "")


def compare(rec: Recorded, exp: Expectation) -> tuple[Calibration, str]:
    """Verdict and detail of the oracle's expectation against the recorded answer."""
    rules = ", ".join(exp.rule_ids)
    if exp.kind is Expect.UNDETERMINED:
        return Calibration.UNDETERMINED, exp.reason
    if rec.success:
        return (Calibration.AGREE, "launch") if exp.kind is Expect.SUCCESS else (
            Calibration.DISAGREE, f"expected refusal by {rules} but {rec.answered_by} launched")
    if exp.kind is Expect.SUCCESS:
        return (Calibration.DISAGREE,
                f"success expectation refuted: candidate rule for {_members(rec)}, code {rec.code or '?'}")
    if rec.code is None or rec.code in {normalized(c) for c in exp.codes}:
        return Calibration.AGREE, f"{rec.code or 'a refusal (code not recorded)'} by {rules}"
    owner = rec.rule if rec.rule in exp.rule_ids else " or ".join(exp.rule_ids)
    return Calibration.DISAGREE, f"add code {rec.code} to {owner} (evidence: {rec.id}, {rec.date})"


def judge(rec: Recorded) -> Judgement:
    """One recorded answer judged by the oracle (or the fact that keeps it from being judged)."""
    fact = environmental(rec.code) or unmodelled(rec)
    if fact:
        return Judgement(rec, Calibration.CANNOT, fact)
    moved = move(rec)
    if moved.case is None:
        return Judgement(rec, Calibration.CANNOT, moved.missing, moved.mapping)
    exp = expect(moved.case, moved.world)
    verdict, detail = compare(rec, exp)
    return Judgement(rec, verdict, detail, moved.mapping, exp.describe())


def summary(judgements: Iterable[Judgement]) -> str:
    """Counts per verdict and the agreement among the judged (agree + disagree)."""
    found = [j.verdict for j in judgements]
    counts = {v: found.count(v) for v in Calibration}
    agree, disagree = counts[Calibration.AGREE], counts[Calibration.DISAGREE]
    judged = agree + disagree
    share = f"{100 * agree / judged:.1f} % of {judged} judged" if judged else "nothing judged"
    each = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    return f"calibrate: {len(found)} observations: {each}; agreement {share}"


def report(judgements: list[Judgement], verbose: bool = False) -> list[str]:
    """The text lines: one per observation (its mapping under it with `verbose`), then the summary."""
    lines: list[str] = []
    for judgement in judgements:
        lines.append(judgement.line())
        if verbose:
            lines += [f"    {note}" for note in judgement.mapping]
            lines += [f"    oracle: {judgement.expected}"] if judgement.expected else []
    return [*lines, summary(judgements)]


def json_lines(judgements: Iterable[Judgement]) -> str:
    """One JSON object per judgement, a line each."""
    return "".join(json.dumps(j.as_json(), sort_keys=True) + "\n" for j in judgements)


def run(paths: Iterable[str], verbose: bool = False, json_path: str | None = None,
        out: Callable[[str], None] = print, held_out: bool = False) -> list[Judgement]:
    """Read, judge and print (with `held_out`, only the held-out fifth: conformance.holdout); raises BadInput for
    a recording that cannot be read."""
    kept = held_out_ids() if held_out else None
    judgements = [judge(r) for r in read(paths) if kept is None or r.id in kept]
    if json_path == "-":
        out(json_lines(judgements).rstrip("\n"))
    elif json_path:
        Path(json_path).write_text(json_lines(judgements), encoding="utf-8")
    if json_path != "-":
        for line in report(judgements, verbose):
            out(line)
        if held_out:
            out(f"calibrate: the held-out fifth ({len(judgements)} answers no rule was written from)")
    return judgements
