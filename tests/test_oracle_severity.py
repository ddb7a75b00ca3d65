"""A wrong code EC2 itself used for the same mistake elsewhere (another operation or period) weighs MINOR;
the rules hold that knowledge as Evidence and the verdict carries it into the WRONG_CODE finding."""

from __future__ import annotations

import pytest

from conformance.evidence import Evidence, Standing, observation
from conformance.findings import Divergence, Severity
from conformance.oracle import acceptable_codes, code_severity, expect
from conformance.outcome import Outcome, OutcomeKind
from conformance.rules import RULES
from conformance.verdict import judge
from strategies.case import Case
from strategies.world import example_world
from tests.support.oracle_rows import req

WORLD = example_world()
OVERSIZED = Case(req(UserData="x" * 16_385))


def _answer(code: str) -> Outcome:
    return Outcome(OutcomeKind.ERROR, status=400, code=code, message="m", request_id="r",
                   raw_body=f"<Response><Errors><Error><Code>{code}</Code><Message>m</Message></Error></Errors>"
                            "<RequestID>r</RequestID></Response>")


def _wrong_code_findings(code: str) -> list[Severity | None]:
    verdict = judge(OVERSIZED, WORLD, expect(OVERSIZED, WORLD), _answer(code))
    return [f.weight for f in verdict.findings if f.kind is Divergence.WRONG_CODE]


def test_a_code_ec2_used_elsewhere_is_minor_and_an_unrelated_one_keeps_its_kind() -> None:
    ud2 = (RULES["R-UD-2"],)
    assert code_severity(ud2, "InvalidUserData.Malformed") is Severity.MINOR
    assert code_severity(ud2, "InvalidParameterCombination") is None
    assert code_severity(ud2, None) is None
    assert _wrong_code_findings("InvalidUserData.Malformed") == [Severity.MINOR]
    assert _wrong_code_findings("InvalidBlockDeviceMapping") == [Severity.MAJOR]


def test_observed_codes_join_the_acceptable_ones_and_elsewhere_codes_do_not() -> None:
    assert "MissingParameter" in acceptable_codes(RULES["R-BDM-1"])  # moto PR 2949, tested against EC2
    assert "InvalidParameterValue" in acceptable_codes(RULES["R-IAM-1"])
    assert "VPCResourceNotSpecified" not in acceptable_codes(RULES["R-NET-1"])
    assert "VPCResourceNotSpecified" in RULES["R-NET-1"].elsewhere_codes
    assert "NoSuchEntity" not in acceptable_codes(RULES["R-IAM-1"])


def test_every_evidence_names_its_date_and_source_and_matches_its_recording() -> None:
    for rule in RULES.values():
        for evidence in rule.evidence:
            assert evidence.date and evidence.source, rule.id
            if evidence.observation:
                recorded = observation(evidence.observation)
                assert recorded.code in (None, evidence.code), (rule.id, evidence.observation)
                assert (recorded.date, recorded.source) == (evidence.date, evidence.source)


def test_a_rule_without_an_outcome_cannot_carry_evidence() -> None:
    rule = RULES["R-HIB-4"]
    assert rule.outcome is None
    with pytest.raises(ValueError, match="evidence"):
        type(rule)(**{**rule.__dict__, "evidence": (Evidence("X", "2020", "s", standing=Standing.ACCEPTED),)})
