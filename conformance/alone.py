"""No false alarm from what earlier examples left (#25): a post-condition divergence is replayed once more, its
request sent alone to the freshly reset target, and its finding says whether the replay showed it again.

Only post-conditions are replayed: they judge what a target shows after a launch, which leftovers of earlier
examples (instances a target keeps listing, addresses it keeps holding) can change; an answer's code cannot
come from them unnoticed (`Outcome.left_behind` says when it can). A stateful example (`Case.before`) is never
replayed alone: its earlier calls are its point. A signature is replayed until one replay shows it, at most
`TRIES` times a run: replays cost one launch each, and a run shows a post-condition signature on many examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from conformance.findings import Divergence, Finding, Signature
from strategies.case import Case

TRIES = 3  # replays of one signature that did not show it, before the run stops asking


def replayable(finding: Finding) -> bool:
    return finding.diverges and finding.kind is Divergence.POSTCONDITION


@dataclass
class AloneReplay:
    """Whether each post-condition signature shows when its request is sent alone: `replay(case)` is the
    signatures the case shows on a freshly reset target (conformance.runner.Runner)."""

    replay: Callable[[Case], set[Signature]]
    shown: set[Signature] = field(default_factory=set)
    missed: dict[Signature, int] = field(default_factory=dict)  # replays that did not show it

    def confirm(self, case: Case, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        """The findings, each post-condition divergence with `alone` set (None: a stateful example)."""
        found = tuple(findings)
        asked = {f.signature for f in found if replayable(f) and f.signature is not None}
        if not asked or case.before:
            return found
        pending = {s for s in asked if s not in self.shown and self.missed.get(s, 0) < TRIES}
        if pending:
            again = self.replay(case)
            self.shown |= pending & again
            for signature in pending - again:
                self.missed[signature] = self.missed.get(signature, 0) + 1
        return tuple(replace(f, alone=f.signature in self.shown) if replayable(f) else f for f in found)
