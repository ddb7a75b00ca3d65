"""What a rule is (conformance/rules/core.py): the invariants a Rule holds from its construction, the codes its
evidence makes acceptable or only minor, its documentation page, and a launch as DescribeInstances shows it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest

from conformance.evidence import Evidence, Standing
from conformance.findings import UNDETERMINED
from conformance.rules import RULES
from conformance.rules.core import (
    SOURCE_PAGES,
    Citation,
    Confidence,
    ErrorOutcome,
    Kind,
    Rule,
    RuleClass,
    documentation_page,
    launch_as_described,
)
from strategies.case import Case
from strategies.world import World

CITED = (Citation("[BC]", "a quote"),)


def _never(case: Case, world: World) -> bool:
    return False


def _rule(**fields: Any) -> Rule:
    """A valid validation rule with these fields replaced."""
    defaults: dict[str, Any] = {
        "id": "R-TEST-1", "family": "test", "members": ("InstanceType",), "summary": "a test rule",
        "kind": Kind.VALIDATION, "rule_class": RuleClass.STATIC, "confidence": Confidence.DOCUMENTED,
        "citations": CITED, "outcome": ErrorOutcome(frozenset({"InvalidParameterValue"})), "violated": _never,
    }
    return Rule(**(defaults | fields))


def test_a_rule_without_an_outcome_cannot_carry_evidence() -> None:
    rule = RULES["R-HIB-4"]
    assert rule.outcome is None
    with pytest.raises(ValueError, match="evidence"):
        type(rule)(**{**rule.__dict__, "evidence": (Evidence("X", "2020", "s", standing=Standing.ACCEPTED),)})


@pytest.mark.parametrize(("fields", "message"), [
    ({"outcome": None}, "needs an error outcome"),
    ({"kind": Kind.POSTCONDITION, "violated": None, "outcome": None}, "needs a postcondition check"),
    ({"kind": Kind.UNDECIDABLE, "violated": None}, "must say why"),
    ({"citations": ()}, "needs a citation"),
    ({"tags": frozenset({"unsettled"})}, "UNSETTLED_MEMBERS disagree"),
    ({"open_when": _never, "tags": frozenset({UNDETERMINED})}, "open everywhere"),
], ids=["predicate-without-outcome", "postcondition-without-check", "undecidable-without-reason", "no-citation",
        "unsettled-tag-not-listed", "open-twice"])
def test_a_malformed_rule_is_refused_when_built(fields: dict[str, Any], message: str) -> None:
    assert _rule().id == "R-TEST-1"  # the defaults alone make a valid rule
    with pytest.raises(ValueError, match=message):
        _rule(**fields)


def test_the_documentation_page_comes_from_the_first_citation_with_a_public_page() -> None:
    cited = (Citation("OBS-TAG-AWS", "observed"), Citation("[UG-TAG] Tag restrictions", "q"), Citation("[BC]", "q"))
    assert documentation_page(cited) == SOURCE_PAGES["[UG-TAG]"]
    assert documentation_page((Citation("OBS-TAG-AWS", "observed"),)) == ""
    assert _rule(citations=cited).doc_url == SOURCE_PAGES["[UG-TAG]"]
    assert _rule(citations=cited, doc_url="https://example.invalid/page").doc_url == "https://example.invalid/page"
    rebuilt = dataclasses.replace(_rule(), citations=(Citation("[ERR]", "q"),), doc_url="")
    assert rebuilt.doc_url == SOURCE_PAGES["[ERR]"]


def test_accepted_evidence_joins_the_codes_and_elsewhere_evidence_only_weighs_minor() -> None:
    rule = _rule(evidence=(
        Evidence("MissingParameter", "2020", "moto"),
        Evidence("InvalidUserData.Malformed", "2024", "lt", standing=Standing.ELSEWHERE),
        Evidence("InvalidParameterValue", "2016", "old", standing=Standing.ELSEWHERE),  # also documented
    ))
    assert rule.accepted_codes == {"InvalidParameterValue", "MissingParameter"}
    assert rule.elsewhere_codes == {"InvalidUserData.Malformed"}
    assert [e.source for e in rule.evidence_for("InvalidParameterValue")] == ["old"]
    assert rule.observed_only("InvalidParameterValue") == ()  # documented: no observation needed
    assert [e.source for e in rule.observed_only("MissingParameter")] == ["moto"]
    assert rule.observed_only("InvalidUserData.Malformed") == ()


def test_only_undecidable_rules_are_not_decidable() -> None:
    assert _rule().decidable
    assert not _rule(kind=Kind.UNDECIDABLE, violated=None, reason="the docs do not say").decidable


def test_a_launch_as_described_keeps_the_launched_instances_and_sets_the_others_apart() -> None:
    reservation = {"Instances": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]}
    described: list[Mapping[str, Any]] = [{"InstanceId": i} for i in ("i-2", "i-9", "i-1", "i-8")]
    launch = launch_as_described(reservation, described)
    assert [d["InstanceId"] for d in launch.described] == ["i-2", "i-1"]
    assert launch.unasked == ("i-8", "i-9")
    assert launch.reservation is reservation
    assert launch_as_described({"Instances": None}, described[2:3]).unasked == ("i-1",)

