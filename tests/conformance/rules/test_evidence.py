"""Which real EC2 answers stand behind which rule (conformance/rules/_evidence.py): every entry names its date and
source and agrees with its recording."""

from __future__ import annotations

from conformance.evidence import observation
from conformance.rules import RULES


def test_every_evidence_names_its_date_and_source_and_matches_its_recording() -> None:
    for rule in RULES.values():
        for evidence in rule.evidence:
            assert evidence.date and evidence.source, rule.id
            if evidence.observation:
                recorded = observation(evidence.observation)
                assert recorded.code in (None, evidence.code), (rule.id, evidence.observation)
                assert (recorded.date, recorded.source) == (evidence.date, evidence.source)

