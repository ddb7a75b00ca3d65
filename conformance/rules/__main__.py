"""`python -m conformance.rules`: the rule table; the last line counts the encoded rules."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from conformance.rules import CATALOGUE_SIZE, RULES, Kind, Rule


def _outcome(rule: Rule) -> str:
    if rule.kind is Kind.UNDECIDABLE:
        return f"undecidable: {rule.reason}"
    if rule.kind is Kind.POSTCONDITION:
        return "post-condition of a successful launch"
    if rule.outcome is None:
        return rule.summary
    return f"{'|'.join(sorted(rule.outcome.codes))} ({rule.outcome.status})"


def _row(rule: Rule) -> str:
    members = ", ".join(rule.members[:3]) + (" …" if len(rule.members) > 3 else "")
    sources = " ".join(dict.fromkeys(c.source for c in rule.citations))
    return " | ".join(
        (rule.id, rule.kind.value, members, _outcome(rule), rule.confidence.value, rule.dry_run.value, sources)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.rules", description=__doc__)
    parser.add_argument("--family", help="only the rules of this member family")
    args = parser.parse_args(argv)
    rules = [r for r in RULES.values() if args.family in (None, r.family)]
    print("id | kind | members | outcome | confidence | DryRun | sources")
    for rule in rules:
        print(_row(rule))
    kinds = Counter(r.kind.value for r in RULES.values())
    print("by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    encoded = sum(1 for r in RULES.values() if r.decidable)
    print(f"rules encoded: {encoded} of {CATALOGUE_SIZE} catalogued")
    return 0


if __name__ == "__main__":
    sys.exit(main())
