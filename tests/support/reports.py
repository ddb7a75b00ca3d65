"""Synthetic rules and example records for the reports tests (not a test module itself)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from conformance.example import ExampleResult, Expected, Observed
from conformance.findings import BaselineStatus, Divergence, ExampleVerdict, Expect, Finding, Signature
from conformance.outcome import OutcomeKind
from conformance.rules.core import Citation, Confidence, ErrorOutcome, Kind, Rule, RuleClass
from reports.builder import ResultsBuilder
from reports.results import Results, RunMeta

# Fake credentials planted in messages and params: none may reach any file the reports write.
FAKE_ACCESS_KEY_ID = "AKIAZZTESTPLANTED123"
FAKE_SESSION_KEY_ID = "ASIAZZTESTPLANTED456"
FAKE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzPLANTED1"
FAKE_TOKEN = "IQoJb3JpZ2luX2VjEPLANTEDtokenPLANTEDtokenPLANTEDtoken0123456789abcdefABCDEF/+=="
FAKE_AUTHORIZATION = (f"AWS4-HMAC-SHA256 Credential={FAKE_ACCESS_KEY_ID}/20260101/us-east-1/ec2/aws4_request,"
                      " SignedHeaders=host;x-amz-date, Signature=0123456789abcdefPLANTEDSIGNATURE")
PLANTED = (FAKE_ACCESS_KEY_ID, FAKE_SESSION_KEY_ID, FAKE_SECRET, FAKE_TOKEN, "PLANTEDSIGNATURE",
           "PLANTEDtoken", "zzPLANTED1")

USER_DATA = "#!/bin/bash\necho planted-user-data-secret > /tmp/x\n"


def _rule(rule_id: str, family: str, members: tuple[str, ...], summary: str, kind: Kind = Kind.VALIDATION,
          codes: frozenset[str] = frozenset({"InvalidParameterValue"})) -> Rule:
    outcome = ErrorOutcome(codes) if kind is Kind.VALIDATION else None
    return Rule(
        id=rule_id, family=family, members=members, summary=summary, kind=kind, rule_class=RuleClass.STATIC,
        confidence=Confidence.DOCUMENTED,
        citations=(Citation("[BC]", f"quoted documentation for {rule_id}"),),
        outcome=outcome,
        violated=(lambda case, world: False) if kind is Kind.VALIDATION else None,
        postcondition=(lambda case, world, launch: []) if kind is Kind.POSTCONDITION else None,
        reason="cannot be decided from a request" if kind is Kind.UNDECIDABLE else "",
        doc_url=f"https://docs.example.invalid/{rule_id}",
    )


RULES: dict[str, Rule] = {r.id: r for r in (
    _rule("R-COUNT-2", "counts", ("MinCount", "MaxCount"), "MinCount or MaxCount below 1 is an error"),
    _rule("R-COUNT-3", "counts", ("MinCount", "MaxCount"), "MinCount > MaxCount is an error"),
    _rule("R-COUNT-4", "counts", ("MinCount", "MaxCount"), "MinCount <= launched <= MaxCount",
          kind=Kind.POSTCONDITION),
    _rule("R-COUNT-10", "counts", ("MaxCount",), "a count that is not an integer is an error",
          codes=frozenset({"InvalidParameterValue", "InvalidParameter"})),
    _rule("R-TAG-6", "tags", ("TagSpecifications[].Tags[].Key",), "a tag key starting with aws: is an error"),
    _rule("R-TAG-7", "tags", ("TagSpecifications[].Tags[].Value",), "a tag value over 256 characters"),
    _rule("R-UD-2", "user data", ("UserData",), "UserData over 16 KB is an error"),
    _rule("R-PROTO-3", "protocol", ("*",), "an unknown parameter is an error",
          codes=frozenset({"UnknownParameter"})),
    _rule("R-ENV-1", "protocol", ("*",), "capacity is environmental", kind=Kind.UNDECIDABLE),
    _rule("R-NEVER-1", "placement", ("Placement.Tenancy",), "a rule this run never exercises"),
)}

META = RunMeta(
    target_name="moto", target_version="5.2.5", endpoint_url=None, region="us-east-1", profile="ci",
    seed="1234", started="2026-01-01T00:00:00Z", finished="2026-01-01T00:01:00Z", duration_s=60.0,
    versions={"botocore": "1.44.8", "boto3": "1.44.8", "moto": "5.2.5", "hypothesis": "6.170.17",
              "suite": "0.1.0", "python": "3.11.7"},
)

BASE = {"ImageId": "ami-12345678", "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1}
ERROR = Expected(Expect.ERROR, codes=("InvalidParameterValue",), statuses=(400,))
SUCCESS = Expected(Expect.SUCCESS, statuses=(200,))
LAUNCHED = Observed(OutcomeKind.SUCCESS, status=200)


def _invalid(code: str | None, message: str | None, status: int | None = 400) -> Observed:
    return Observed(OutcomeKind.ERROR if code else OutcomeKind.SUCCESS, code=code, message=message, status=status)


def _params(**extra: Any) -> dict[str, Any]:
    return {**BASE, **extra}


def records() -> list[ExampleResult]:
    """A run's worth of examples: conforming, diverging (incl. wire-level and planted secrets), a crash."""
    tag_spec = [{"ResourceType": "instance", "Tags": [{"Key": "aws:owner", "Value": FAKE_SECRET}]}]
    return [
        ExampleResult.uniform(["R-COUNT-2"], ExampleVerdict.CONFORMS, params=_params(MinCount=0), expected=ERROR,
                              observed=_invalid("InvalidParameterValue", "count below 1"), node_id="t::a"),
        ExampleResult.uniform(["R-COUNT-4"], ExampleVerdict.CONFORMS, params=_params(MaxCount=3), expected=SUCCESS,
                              observed=LAUNCHED, node_id="t::valid"),
        # R-COUNT-3 diverges twice: the smaller request must be kept as the counterexample.
        ExampleResult(findings=(Finding("R-COUNT-3", ExampleVerdict.DIVERGES, Divergence.ACCEPTED_INVALID,
                                            ("success, 2 instance(s) launched",)),),
                      params=_params(MinCount=5, MaxCount=2, KeyName="a-long-key-name-to-grow-the-size"),
                      expected=ERROR, observed=LAUNCHED, node_id="t::big"),
        ExampleResult(findings=(Finding("R-COUNT-3", ExampleVerdict.DIVERGES, Divergence.ACCEPTED_INVALID),),
                      params=_params(MinCount=3, MaxCount=2), expected=ERROR, observed=LAUNCHED,
                      mutation={"rule_id": "R-COUNT-3", "path": "MinCount", "name": "min_above_max"},
                      node_id="t::small", duration_s=0.25),
        ExampleResult(findings=(Finding("R-COUNT-10", ExampleVerdict.DIVERGES, Divergence.WRONG_CODE,
                                            (f"expected InvalidParameterValue, got {FAKE_ACCESS_KEY_ID}",)),),
                      params=_params(), wire_edits=(("MaxCount", "one"), ("MinCount", None)),
                      expected=Expected(Expect.ERROR, ("InvalidParameterValue", "InvalidParameter"), (400,)),
                      observed=_invalid("InternalFailure", f"Authorization: {FAKE_AUTHORIZATION}"),
                      mutation={"rule_id": "R-COUNT-10", "path": "MaxCount", "name": "not_an_integer"},
                      node_id="t::wire"),
        ExampleResult(findings=(Finding("R-TAG-6", ExampleVerdict.DIVERGES, Divergence.ACCEPTED_INVALID),
                                Finding("R-COUNT-4", ExampleVerdict.CONFORMS)),
                      params=_params(TagSpecifications=tag_spec, UserData=USER_DATA), expected=ERROR,
                      observed=Observed(OutcomeKind.SUCCESS, message=f"token {FAKE_TOKEN} key {FAKE_SESSION_KEY_ID}",
                                        status=200),
                      mutation={"rule_id": "R-TAG-6", "path": "TagSpecifications[].Tags[].Key",
                                "name": "aws_prefix"}, node_id="t::tags"),
        ExampleResult.uniform(["R-UD-2"], ExampleVerdict.CRASH, params=_params(UserData=USER_DATA * 3),
                              expected=Expected(Expect.ERROR, ("InvalidParameterValue",), (400,)),
                              observed=Observed(OutcomeKind.CRASH, message="KeyError: 'x' in moto/ec2/models.py",
                                                status=500),
                              node_id="t::crash"),
        ExampleResult.uniform(["R-UD-2"], ExampleVerdict.CONFORMS, params=_params(UserData="x"), expected=ERROR,
                              observed=_invalid("InvalidParameterValue", "too big"), node_id="t::ud-ok"),
        ExampleResult.uniform(["R-ENV-1"], ExampleVerdict.UNDETERMINED, params=_params(), expected=Expected(
                              Expect.UNDETERMINED, reason="capacity"), observed=LAUNCHED, node_id="t::env"),
        ExampleResult.uniform(["R-PROTO-3"], ExampleVerdict.CONFORMS, params=_params(), wire_edits=(("Bogus", "1"),),
                              expected=Expected(Expect.ERROR, ("UnknownParameter",), (400,)),
                              observed=_invalid("UnknownParameter", "The parameter Bogus is not recognized"),
                              node_id="t::proto"),
    ]


def build(examples: list[ExampleResult] | None = None, *, meta: RunMeta = META, show_user_data: bool = False,
          rules: Mapping[str, Rule] | None = None,
          statuses: Mapping[Signature, BaselineStatus] | None = None) -> Results:
    builder = ResultsBuilder(meta, show_user_data=show_user_data, rules=RULES if rules is None else rules)
    for example in records() if examples is None else examples:
        builder.record(example)
    return builder.build(statuses=statuses)


def known(*rule_ids: str, fixed: tuple[Signature, ...] = ()) -> dict[Signature, BaselineStatus]:
    """Baseline statuses: every signature the example run shows for these rules is known; `fixed` are fixed."""
    seen = {f.signature for r in records() for f in r.findings if f.signature is not None}
    return {s: BaselineStatus.KNOWN for s in seen if s.rule_id in rule_ids} | dict.fromkeys(fixed, BaselineStatus.FIXED)


def other_target() -> Results:
    """A second target that conforms where moto diverges on R-COUNT-3 and never runs R-UD-2."""
    kept = [r for r in records() if "R-UD-2" not in {v.rule_id for v in r.findings}]
    kept = [r for r in kept if r.node_id not in {"t::small", "t::big"}]
    kept.append(ExampleResult.uniform(["R-COUNT-3"], ExampleVerdict.CONFORMS, params=BASE, expected=ERROR,
                                      observed=_invalid("InvalidParameterValue", "min above max")))
    return build(kept, meta=dataclasses.replace(META, target_name="ministack", target_version="1.1"))
