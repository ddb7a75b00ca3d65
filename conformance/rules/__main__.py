"""`python -m conformance.rules`: the rule table with each code's evidence; the last line counts the encoded
rules. `--markdown` writes the catalogue docs/rules.md is generated from."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from conformance.rules import CATALOGUE_SIZE, RULES
from conformance.rules._catalogue import markdown, table


def encoded_line() -> str:
    """The counts a run's results also give (catalogued = every Rule, encoded = the decidable ones), and where the
    catalogue came from."""
    encoded = sum(1 for r in RULES.values() if r.decidable)
    return (f"rules encoded: {encoded} of {len(RULES)} catalogued ({CATALOGUE_SIZE} from the documentation and "
            f"real-EC2 evidence, {len(RULES) - CATALOGUE_SIZE} read-back and response rules)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.rules", description=__doc__)
    parser.add_argument("--family", help="only the rules of this member family")
    parser.add_argument("--markdown", action="store_true", help="the catalogue as Markdown (docs/rules.md)")
    args = parser.parse_args(argv)
    rules = [r for r in RULES.values() if args.family in (None, r.family)]
    if args.family is not None and not rules:
        families = sorted({r.family for r in RULES.values()})
        print(f"unknown family {args.family!r}; families: {', '.join(families)}", file=sys.stderr)
        return 2
    if args.markdown:
        print("\n".join(markdown(rules, encoded_line())))
        return 0
    for line in table(rules):
        print(line)
    kinds = Counter(r.kind.value for r in RULES.values())
    print("by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(encoded_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
