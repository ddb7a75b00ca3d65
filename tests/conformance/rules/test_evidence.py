"""Which real EC2 answers stand behind which rule (conformance/rules/_evidence.py): every entry names its date and
source and agrees with its recording, and the registry attaches it to its rule."""

from __future__ import annotations

from conformance.evidence import Standing, observation
from conformance.rules import RULES
from conformance.rules._evidence import EVIDENCE


def test_every_evidence_names_its_date_and_source_and_matches_its_recording() -> None:
    for rule in RULES.values():
        for evidence in rule.evidence:
            assert evidence.date and evidence.source, rule.id
            if evidence.observation:
                recorded = observation(evidence.observation)
                assert recorded.code in (None, evidence.code), (rule.id, evidence.observation)
                assert (recorded.date, recorded.source) == (evidence.date, evidence.source)


def test_every_entry_is_attached_to_its_rule() -> None:
    """The registry adds each rule's entries to the evidence its family module gave it (none is lost)."""
    for rule_id, entries in EVIDENCE.items():
        assert rule_id in RULES, rule_id
        assert RULES[rule_id].evidence[len(RULES[rule_id].evidence) - len(entries):] == entries, rule_id


def test_an_elsewhere_code_says_why_it_is_not_accepted() -> None:
    """A code EC2 used for the mistake elsewhere is only minor: the entry says where (another operation, a retired
    period), and the code is not among the rule's accepted ones."""
    elsewhere = [(rule_id, e) for rule_id, entries in EVIDENCE.items() for e in entries
                 if e.standing is Standing.ELSEWHERE]
    assert elsewhere, "no elsewhere evidence left: the MINOR weight would be untested"
    for rule_id, evidence in elsewhere:
        assert evidence.note.strip(), (rule_id, evidence.code)
        assert evidence.code in RULES[rule_id].elsewhere_codes, (rule_id, evidence.code)
        assert evidence.code not in RULES[rule_id].accepted_codes, (rule_id, evidence.code)
