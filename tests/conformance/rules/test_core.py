"""What a rule is (conformance/rules/core.py): the invariants a Rule holds from its construction."""

from __future__ import annotations

import pytest

from conformance.evidence import Evidence, Standing
from conformance.rules import RULES


def test_a_rule_without_an_outcome_cannot_carry_evidence() -> None:
    rule = RULES["R-HIB-4"]
    assert rule.outcome is None
    with pytest.raises(ValueError, match="evidence"):
        type(rule)(**{**rule.__dict__, "evidence": (Evidence("X", "2020", "s", standing=Standing.ACCEPTED),)})
