"""The run's numbers, defined once (`NUMBERS`) and computed as a `Score` (reports.results.Results.score): what the
console, results.json, the Markdown and HTML reports and the README all say."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from reports.fields import Derived, doc

# The run's numbers, defined once: (JSON key of `summary`, label, meaning). Console, JSON, Markdown, HTML and
# README all say these, computed by `Results.score()`.
NUMBERS: tuple[tuple[str, str, str], ...] = (
    ("catalogued", "rules catalogued", "every rule of the catalogue (conformance.rules), decidable or not"),
    ("decidable", "decidable", "catalogued rules a request can decide (the others: capacity, quota, ...)"),
    ("exercised", "exercised", "decidable rules this run reached a verdict on: conforming + diverging"),
    ("conforming", "conforming", "exercised rules whose every decided example behaved as documented"),
    ("diverging", "diverging", "exercised rules with at least one divergence (baselined or not)"),
    ("crashes", "crashing", "diverging rules where the target crashed (a baselined crash is still a crash)"),
    ("undetermined", "undetermined", "decidable rules examples reached but no example decided"),
    ("new", "new", "divergence signatures the baseline does not list: the run fails"),
    ("known", "known", "divergence signatures the baseline lists"),
    ("fixed", "fixed", "baseline signatures that had their chances and did not show: the run fails"),
    ("changed", "changed", "baseline signatures now seen with another code or crash class: the run fails"),
    ("examples", "examples", "examples run (requests judged)"),
)
PARTIAL = "partial"


def _number(key: str, json: str = "") -> dict[str, Any]:
    """A Score field's metadata: its meaning as NUMBERS defines it."""
    meaning = next(meaning for name, _, meaning in NUMBERS if name == key)
    return doc(meaning, json=json)


@dataclass(frozen=True)
class Score:
    """The numbers of a run (or of a family of rules), as NUMBERS defines them."""

    catalogued: int = field(metadata=_number("catalogued"))
    decidable: int = field(metadata=_number("decidable"))
    exercised: int = field(metadata=_number("exercised"))
    conforming: int = field(metadata=_number("conforming"))
    diverging: int = field(metadata=_number("diverging"))
    crashes: int = field(metadata=_number("crashes"))
    undetermined: int = field(metadata=_number("undetermined"))
    examples: int = field(default=0, metadata=_number("examples"))
    new_signatures: int = field(default=0, metadata=_number("new", json="signatures.new"))
    known_signatures: int = field(default=0, metadata=_number("known", json="signatures.known"))
    fixed_signatures: int = field(default=0, metadata=_number("fixed", json="signatures.fixed"))
    changed_signatures: int = field(default=0, metadata=_number("changed", json="signatures.changed"))
    complete: bool = field(default=True, metadata=doc(
        "the run finished (false: every number is partial, percentages are marked `(partial)`)"))

    JSON_DERIVED: ClassVar[tuple[Derived, ...]] = (
        Derived("score", float | None, "conforming / exercised, to 4 places (null when nothing was exercised)",
                after="undetermined", ratio=True),
    )

    @property
    def ratio(self) -> float | None:
        return self.conforming / self.exercised if self.exercised else None

    @property
    def percent_text(self) -> str:
        """`18.4%`, or `18.4% (partial)` for a run that did not finish."""
        text = "n/a" if self.ratio is None else f"{100 * self.ratio:.1f}%"
        return text if self.complete else f"{text} ({PARTIAL})"

    @property
    def fails(self) -> bool:
        """The baseline ratchet fails this run: a new signature, or a fixed or changed one still listed."""
        return bool(self.new_signatures or self.fixed_signatures or self.changed_signatures)

    def rules_text(self) -> str:
        """`174 rules catalogued, 132 decidable, 125 exercised: 23 conforming, 102 diverging (16 crashing)`."""
        crashing = f" ({self.crashes} crashing)" if self.crashes else ""
        return (f"{self.catalogued} rules catalogued, {self.decidable} decidable, {self.exercised} exercised: "
                f"{self.conforming} conforming, {self.diverging} diverging{crashing}")

    def signatures_text(self) -> str:
        """`divergence signatures: 0 new, 135 known, 0 fixed` (`, 1 changed` when one changed)."""
        changed = f", {self.changed_signatures} changed" if self.changed_signatures else ""
        return (f"divergence signatures: {self.new_signatures} new, {self.known_signatures} known, "
                f"{self.fixed_signatures} fixed{changed}")

    def text(self) -> str:
        """The one sentence every output prints (console, Markdown, HTML)."""
        partial = "" if self.complete else " (PARTIAL: the run did not finish)"
        return (f"score {self.percent_text}; {self.rules_text()}; {self.signatures_text()}; "
                f"{self.examples} examples{partial}")

    def to_json(self) -> dict[str, Any]:
        return {"complete": self.complete, "catalogued": self.catalogued, "decidable": self.decidable,
                "exercised": self.exercised, "conforming": self.conforming, "diverging": self.diverging,
                "crashes": self.crashes, "undetermined": self.undetermined,
                "score": None if self.ratio is None else round(self.ratio, 4),
                "signatures": {"new": self.new_signatures, "known": self.known_signatures,
                               "fixed": self.fixed_signatures, "changed": self.changed_signatures},
                "examples": self.examples}
