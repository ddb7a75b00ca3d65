"""A held-out fifth of the evidence: the real answers no rule may be written from, so `calibrate --held-out` measures
how the oracle generalises to answers it was not fitted to.

The fifth is drawn once, seeded, from the RunInstances answers of `conformance/evidence` that no rule cites as
evidence (an answer a rule was written from is not held out), and listed in `conformance/evidence/held_out.json`
with the seed and the pool it was drawn from. The list is fixed: answers added later are not held out unless a
later draw says so in the same file. A rule that cites a held-out answer fails the tests: write it from another
answer, or move that answer out of the list and say why in the commit.

    python -m conformance.holdout --check     # exit 1 when the list and the evidence disagree
    python -m conformance.holdout --draw      # a new draw over today's pool (rewrites the file: say why)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

HELD_OUT_FILE = "held_out.json"
SEED = 20261207  # the day of the first draw
SHARE = 5  # one answer in five


def held_out_ids() -> frozenset[str]:
    """The ids of the held-out answers."""
    resource = resources.files("conformance.evidence") / HELD_OUT_FILE
    return frozenset(json.loads(resource.read_text(encoding="utf-8"))["ids"])


def cited_ids() -> frozenset[str]:
    """The evidence ids some rule cites (the answers rules were written from)."""
    from conformance.rules import RULES

    return frozenset(e.observation for rule in RULES.values() for e in rule.evidence if e.observation)


def pool(evidence_ids: Iterable[str], cited: Iterable[str]) -> list[str]:
    """The answers a draw may hold out: those no rule cites, sorted."""
    return sorted(set(evidence_ids) - set(cited))


def draw(candidates: Sequence[str], seed: int = SEED) -> list[str]:
    """A seeded fifth of the candidates (rounded), sorted."""
    return sorted(random.Random(seed).sample(sorted(candidates), round(len(candidates) / SHARE)))


def problems(listed: Iterable[str], evidence_ids: Iterable[str], cited: Iterable[str]) -> list[str]:
    """What is wrong with the list: an id the evidence lacks, an id a rule cites."""
    known, rules = set(evidence_ids), set(cited)
    return ([f"{i}: held out, but not in conformance/evidence" for i in sorted(set(listed) - known)]
            + [f"{i}: held out, but a rule cites it as evidence" for i in sorted(set(listed) & rules)])


def _evidence_ids() -> list[str]:
    from conformance.recorded import read

    return [rec.id for rec in read([])]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.holdout", description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="exit 1 when the list and the evidence disagree")
    action.add_argument("--draw", action="store_true", help="draw again over today's pool and rewrite the list")
    args = parser.parse_args(argv)
    evidence, cited = _evidence_ids(), cited_ids()
    if args.draw:
        candidates = pool(evidence, cited)
        chosen = draw(candidates)
        document = {"seed": SEED, "share": f"1/{SHARE}", "drawn": f"{datetime.now(UTC):%Y-%m-%d}",
                    "pool": len(candidates), "ids": chosen}
        target = Path(__file__).resolve().parent / "evidence" / HELD_OUT_FILE
        target.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"held out {len(chosen)} of {len(candidates)} answers no rule cites -> {target}")
        return 0
    found = problems(held_out_ids(), evidence, cited)
    for line in found:
        print(f"conformance.holdout: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
