"""What the Markdown and HTML renderers share: status presentation, family statistics, coverage rows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from conformance.findings import BaselineStatus, EvidenceMatch, Expect, RuleStatus
from reports.results import Counterexample, Results, RuleResult, RunMeta, SignatureResult
from reports.score import Score

# Matrix columns, in this order; the baseline statuses only appear when a run has them.
BASE_COLUMNS = (RuleStatus.CONFORMS, RuleStatus.DIVERGES, RuleStatus.CRASH, RuleStatus.UNDETERMINED,
                RuleStatus.NOT_EXERCISED)
BASELINE_COLUMNS = (RuleStatus.KNOWN_DIVERGENCE, RuleStatus.FIXED)

SYMBOL = {
    RuleStatus.CONFORMS: "✅",
    RuleStatus.DIVERGES: "❌",
    RuleStatus.CRASH: "💥",
    RuleStatus.UNDETERMINED: "❔",
    RuleStatus.NOT_EXERCISED: "·",
    RuleStatus.KNOWN_DIVERGENCE: "⚠️",
    RuleStatus.FIXED: "🔧",
}
COLOUR = {
    RuleStatus.CONFORMS: "#2e7d32",
    RuleStatus.DIVERGES: "#c62828",
    RuleStatus.CRASH: "#6a1b9a",
    RuleStatus.UNDETERMINED: "#b28704",
    RuleStatus.NOT_EXERCISED: "#8a8a8a",
    RuleStatus.KNOWN_DIVERGENCE: "#e65100",
    RuleStatus.FIXED: "#00838f",
}
MEANING = {
    RuleStatus.CONFORMS: "every example behaved as documented",
    RuleStatus.DIVERGES: "at least one example got an outcome the documentation rules out",
    RuleStatus.CRASH: "the target broke (exception, 5xx, or a non-XML body)",
    RuleStatus.UNDETERMINED: "exercised, but no example could be decided",
    RuleStatus.NOT_EXERCISED: "no example of this run involved the rule",
    RuleStatus.KNOWN_DIVERGENCE: "diverges, as recorded in the target's baseline",
    RuleStatus.FIXED: "recorded in the baseline as diverging, but conforms now",
}


OBSERVED_TITLE = "Codes accepted on an observation of real EC2"
OBSERVED_INTRO = ("The target answered a code the documentation does not name for the rule, but real EC2 was "
                  "observed to answer it for the same mistake: the evidence each conforming answer matched.")


@dataclass(frozen=True)
class ObservedMatch:
    """One rule's conforming code accepted on an observation, and how many examples matched it."""

    rule_id: str
    evidence: EvidenceMatch
    examples: int

    @property
    def when(self) -> str:
        """`2020`, or `2019-03-01 (ri-credit-spec-on-m5-2019)` where the observation is recorded."""
        recorded = f" ({self.evidence.observation})" if self.evidence.observation else ""
        return self.evidence.date + recorded


def observed_matches(results: Results) -> list[ObservedMatch]:
    """Every rule's matched evidence (reports show it beside the problems), by rule then code."""
    return [ObservedMatch(rule.id, evidence, count) for rule in results.rules
            for evidence, count in rule.matched_evidence]


def css_class(status: RuleStatus) -> str:
    return "st-" + status.value.replace(" ", "-")


def columns(results: Iterable[Results]) -> tuple[RuleStatus, ...]:
    present = {r.status for result in results for r in result.rules}
    return BASE_COLUMNS + tuple(s for s in BASELINE_COLUMNS if s in present)


@dataclass(frozen=True)
class FamilyRow:
    family: str
    rules: tuple[RuleResult, ...]
    score: Score


def family_rows(results: Results) -> list[FamilyRow]:
    return [FamilyRow(family, rules, results.score(rules)) for family, rules in results.families().items()]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def text_bar(ratio: float | None, width: int = 20) -> str:
    if ratio is None:
        return "░" * width
    filled = round(ratio * width)
    return "█" * filled + "░" * (width - filled)


def headline(results: Results) -> str:
    """One sentence: the target and its numbers (Score.text, the same sentence the console prints)."""
    return f"{results.meta.label}: {results.score().text()}"


def verdict_text(results: Results) -> str:
    """Does the run pass against its baseline, and why."""
    score = results.score()
    if score.fails:
        changed = f", {score.changed_signatures} changed" if score.changed_signatures else ""
        return (f"The run fails against its baseline: {score.new_signatures} new divergence signature(s), "
                f"{score.fixed_signatures} fixed one(s) still listed{changed}")
    return f"The run passes against its baseline: {score.known_signatures} known divergence signature(s), none new"


UPGRADE_NOTE = "possibly due to the upgrade"
SIGNATURE_KEYS = frozenset(status.value for status in BaselineStatus)  # Score.to_json()["signatures"] keys


def number(score: Score, key: str) -> int:
    """One of NUMBERS' values of a score, by its JSON key."""
    found = score.to_json()
    return int(found["signatures"][key] if key in SIGNATURE_KEYS else found[key])


NOT_ALONE_ADVICE = ("its request, sent alone to the freshly reset target, did not show it: it may come from what "
                    "earlier examples left; check it before you trust it")


def not_shown_alone(results: Results) -> tuple[SignatureResult, ...]:
    """The post-condition divergences seen in this run whose request, sent alone to the freshly reset target, did
    not show them again (conformance.alone): they may come from what earlier examples left, not from the rule."""
    return tuple(s for s in results.signatures if s.shown_alone is False and s.status is not BaselineStatus.FIXED)


def changed(results: Results) -> tuple[SignatureResult, ...]:
    """Exactly the ratchet's changed signatures (they fail the run until the baseline is updated)."""
    return results.signatures_by_status(BaselineStatus.CHANGED)


def problem_status_text(results: Results, status: BaselineStatus) -> str:
    """`NEW`, `CHANGED` or `known`, marked as possibly due to the upgrade on a run on other versions."""
    if status is BaselineStatus.KNOWN:
        return status.value
    return status.value.upper() + (f" ({UPGRADE_NOTE})" if results.meta.version_drift else "")


def drift_text(results: Results) -> str:
    """`Versions differ: baseline recorded with ..., this run: ...; new, fixed and changed signatures are possibly
    due to the upgrade`, or "" when the run used the baseline's versions."""
    drift = results.meta.version_drift
    return f"Versions differ: {drift}; new, fixed and changed signatures are {UPGRADE_NOTE}" if drift else ""


def upgrade_mark(results: Results, signature: SignatureResult) -> str:
    """` (possibly due to the upgrade)` after a signature that fails the run on other versions, else ""."""
    return f" ({UPGRADE_NOTE})" if results.meta.version_drift and signature.status.fails else ""


def changed_text(signature: SignatureResult) -> str:
    """`R-LT-2 | target crash | LaunchTemplate.Version | ValueError -> now R-LT-2 | ... | HTTP 500`."""
    return f"{signature.signature} -> now {signature.now}"


def console_lines(results: Results) -> list[str]:
    """What the console prints at the end of a run: the version drift (first, when the versions differ), the
    partial banner, the numbers (the same sentence as the reports' headline), then the new and changed
    signatures, then the first problems to fix."""
    from reports.triage import problems

    lines = [drift_text(results)] if drift_text(results) else []
    # the reason is pytest's own last line (the run's exit message): said once
    lines += [partial_text(results, reason=False)] if partial_text(results) else []
    lines.append(headline(results))
    lines += [f"NEW {s.signature}{upgrade_mark(results, s)}" for s in results.signatures_by_status(BaselineStatus.NEW)]
    lines += [f"CHANGED {changed_text(s)}{upgrade_mark(results, s)}: update the baseline (--update-baseline)"
              for s in results.signatures_by_status(BaselineStatus.CHANGED)]
    lines += [f"NOT SHOWN ALONE {s.signature}: {NOT_ALONE_ADVICE}" for s in not_shown_alone(results)]
    found = problems(results)
    lines += [f"fix first {index}: [{problem.status}] {problem.answer} ({', '.join(problem.rules)}; "
              f"{problem.examples} examples)" for index, problem in enumerate(found[:CONSOLE_PROBLEMS], 1)]
    return lines


CONSOLE_PROBLEMS = 5


def shard_text(meta: RunMeta) -> str:
    """Which share of the tests the document holds: a shard, the shards merged, or the whole run."""
    if meta.shard:
        return f"shard {meta.shard} (fixed and changed signatures are decided by `ec2-conformance merge`)"
    if meta.merged:
        return f"merged from shards {', '.join(meta.merged)}"
    return "the whole run"


def partial_text(results: Results, *, reason: bool = True) -> str:
    """The banner of a run that did not finish ("" for one that did)."""
    meta = results.meta
    if meta.complete:
        return ""
    score = results.score()
    why = f" ({meta.stopped})" if reason else ""
    return (f"PARTIAL RUN: the run stopped before it finished{why}. It got as far as "
            f"{meta.examples} examples and {score.exercised} of {score.decidable} decidable rules; "
            "every number and percentage here is partial")


@dataclass(frozen=True)
class CoverageRow:
    member: str
    examples: int
    leaves_used: int
    leaves_total: int
    nested: tuple[tuple[str, int], ...]  # nested leaf path -> examples


def coverage_rows(results: Results) -> list[CoverageRow]:
    rows = []
    for member, count in results.coverage.members.items():
        nested = results.coverage.leaves_under(member)
        used = sum(1 for n in nested.values() if n)
        rows.append(CoverageRow(member, count, used, len(nested), tuple(nested.items())))
    return rows


def request_json(example: Counterexample) -> str:
    return json.dumps(dict(example.params), indent=2, ensure_ascii=False)


def wire_edit_lines(example: Counterexample) -> list[str]:
    return [f"delete {key}" if value is None else f"set {key} = {json.dumps(value)}"
            for key, value in example.wire_edits]


def mutation_text(example: Counterexample) -> str:
    if example.mutation is None:
        return "none (a valid request)"
    m = example.mutation
    return f"{m['name']} (breaks {m['rule_id']} at {m['path']})"


def finding_text(example: Counterexample) -> str:
    problems = "; ".join(example.problems)
    if example.finding and problems:
        return f"{example.finding}: {problems}"
    return example.finding or problems or "-"


def expected_text(example: Counterexample) -> str:
    e = example.expected
    statuses = " or ".join(str(s) for s in sorted(e.statuses))
    if e.kind is Expect.SUCCESS:
        return "success" + (f" (HTTP {statuses})" if statuses else "")
    if e.kind is Expect.ERROR:
        codes = " or ".join(sorted(e.codes)) if e.codes else "any client error code"
        return f"error {codes}" + (f", HTTP {statuses}" if statuses else "")
    return str(e.kind.value) + (f": {e.reason}" if e.reason else "")


def observed_text(example: Counterexample) -> str:
    o = example.observed
    parts = [o.kind.value]
    if o.code:
        parts.append(o.code)
    if o.status:
        parts.append(f"HTTP {o.status}")
    return ", ".join(parts)


def verdict_counts(rule: RuleResult) -> str:
    return ", ".join(f"{n} {verdict.value}" for verdict, n in rule.verdicts.items()) or "none"
